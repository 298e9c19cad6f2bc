/**
 * @module
 * Builds the HTTP app from injected services, so tests drive it with `app.request()` and main.ts
 * serves it. Routes: `/healthz`; `/internal/*` (HMAC-signed, edge only: project configs, ingest,
 * outcomes); `/api/0/*` (Bearer API tokens or dashboard sessions, Sentry-compatible: login/logout,
 * organizations, issues (bulk status too), events, keys, quotas, spike protection, project details and
 * inbound filters, stats_v2, release-health sessions, event attachments, user feedback).
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { ApiError, type ErrorBody } from "./errors/http.ts";
import type { HonoEnv } from "./hono/env.ts";
import { bearerAuth } from "./middleware/bearer-auth.ts";
import { internalSignature } from "./middleware/internal-signature.ts";
import { QueryLimitError, QueryTimeoutError } from "./query/execute.ts";
import { registerAuth } from "./routes/auth.ts";
import { registerHealthz } from "./routes/healthz.ts";
import { registerInternalIngest } from "./routes/internal-ingest.ts";
import { registerInternalOutcomes } from "./routes/internal-outcomes.ts";
import { registerInternalProjectConfigs } from "./routes/internal-project-configs.ts";
import { registerIssueDetails } from "./routes/issue-details.ts";
import { registerIssueEvents } from "./routes/issue-events.ts";
import { registerIssueTags } from "./routes/issue-tags.ts";
import { registerOrganizationAlertRules } from "./routes/organization-alert-rules.ts";
import { registerOrganizationQuery } from "./routes/organization-query.ts";
import { registerOrganizationQuotas } from "./routes/organization-quotas.ts";
import { registerOrganizationSessions } from "./routes/organization-sessions.ts";
import { registerOrganizationStatsV2 } from "./routes/organization-stats-v2.ts";
import { registerOrganizations } from "./routes/organizations.ts";
import { registerProjectDetails } from "./routes/project-details.ts";
import { registerProjectEventAttachments } from "./routes/project-event-attachments.ts";
import { registerProjectEventDetails } from "./routes/project-event-details.ts";
import { registerProjectFilterDetails } from "./routes/project-filter-details.ts";
import { registerProjectFilters } from "./routes/project-filters.ts";
import { registerProjectIssues } from "./routes/project-issues.ts";
import { registerProjectIssuesBulk } from "./routes/project-issues-bulk.ts";
import { registerProjectKeyDetails } from "./routes/project-key-details.ts";
import { registerProjectKeys } from "./routes/project-keys.ts";
import { registerProjectQuotas } from "./routes/project-quotas.ts";
import { registerProjectRuleActions } from "./routes/project-rule-actions.ts";
import { registerProjectRules } from "./routes/project-rules.ts";
import { registerProjectSpikeProtection } from "./routes/project-spike-protection.ts";
import { registerProjectUserFeedback } from "./routes/project-user-feedback.ts";
import { queryTimedOut, tooManyQueries } from "./routes/query-errors.ts";
import type { Services } from "./services.ts";

/** Largest `/internal/*` request body as sent (compressed), bytes. */
export const MAX_INTERNAL_BODY_BYTES = 64 * 1024 * 1024;

/** Options of `createApp`. */
export interface AppOptions {
  /** Clock for signature windows, unix seconds (tests). */
  now?: () => number;
}

/**
 * Creates the app.
 * @example
 * const app = createApp(services);
 * const res = await app.request("/healthz");
 */
export function createApp(services: Services, options: AppOptions = {}): Hono<HonoEnv> {
  // strict: false: Sentry's paths end in "/" and clients are inconsistent about it, so routes are
  // registered without the slash and match both forms.
  const app = new Hono<HonoEnv>({ strict: false });
  app.use("*", requestId());
  app.use("*", async (c, next) => {
    c.set("services", services);
    const started = performance.now();
    await next();
    services.logger.debug(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      "request",
    );
  });
  app.use(
    "/internal/*",
    bodyLimit({
      maxSize: MAX_INTERNAL_BODY_BYTES,
      onError: () => {
        throw new ApiError({ code: "PAYLOAD_TOO_LARGE", detail: `Body exceeds ${MAX_INTERNAL_BODY_BYTES} bytes` });
      },
    }),
    internalSignature(options.now),
  );
  app.use("/api/0/*", bearerAuth);

  registerHealthz(app);
  registerInternalProjectConfigs(app);
  registerInternalIngest(app);
  registerInternalOutcomes(app);
  registerAuth(app);
  registerOrganizations(app);
  registerProjectIssues(app);
  registerProjectIssuesBulk(app);
  registerIssueDetails(app);
  registerIssueEvents(app);
  registerIssueTags(app);
  registerProjectEventDetails(app);
  registerProjectEventAttachments(app);
  registerProjectUserFeedback(app);
  registerProjectKeys(app);
  registerProjectKeyDetails(app);
  registerProjectQuotas(app);
  registerProjectSpikeProtection(app);
  registerProjectDetails(app);
  registerProjectFilters(app);
  registerProjectFilterDetails(app);
  registerOrganizationQuotas(app);
  registerOrganizationStatsV2(app);
  registerOrganizationSessions(app);
  registerOrganizationQuery(app);
  registerProjectRuleActions(app);
  registerProjectRules(app);
  registerOrganizationAlertRules(app);

  app.notFound((c) =>
    c.json({ detail: "The requested resource does not exist", requestId: c.get("requestId") } satisfies ErrorBody, 404),
  );
  app.onError((e, c) => {
    const rid = c.get("requestId");
    if (e instanceof ApiError) return c.json(e.body(rid), e.status);
    // The query executor's refusals, from any route that reads ClickHouse through it.
    if (e instanceof QueryLimitError) return tooManyQueries(c, e.retryAfter);
    if (e instanceof QueryTimeoutError) return c.json(queryTimedOut().body(rid), 504);
    // Hono's own (malformed JSON body, ...): keep its status, use our shape.
    if (e instanceof HTTPException) return c.json({ detail: e.message || "Bad request", requestId: rid }, e.status);
    services.logger.error({ err: e, path: c.req.path, requestId: rid }, "unhandled error");
    return c.json({ detail: "Internal server error", requestId: rid } satisfies ErrorBody, 500);
  });
  return app;
}
