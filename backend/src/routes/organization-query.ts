/**
 * @module
 * `POST /api/0/organizations/{org}/query/` — the Snuba legacy JSON query (DESIGN 3.3), compiled by
 * `src/query/` and confined to the caller's organization: `project` (default: all of the
 * organization's projects) and any `project_id` literal in `conditions` must be the
 * organization's, else 403. 429 with `Retry-After` when the organization already has too many
 * queries running, 504 past the time limit.
 * @see https://getsentry.github.io/snuba/query/overview.html
 */
import type { Hono } from "hono";
import { listOrganizationProjectIds } from "../db/queries/projects.ts";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";
import { runSnubaQuery } from "../query/execute.ts";
import { type Conditions, SnubaQuerySchema } from "../query/schema.ts";
import { queryTimedOut, tooManyQueries } from "./query-errors.ts";
import { resolveOrganization } from "./resolve.ts";

const forbidden = () =>
  new ApiError({ code: "FORBIDDEN", detail: "You do not have permission to perform this action." });

/** Project ids named by `project_id` conditions (any operator), to check them against the organization. */
function conditionProjectIds(conditions: Conditions): unknown[] {
  return conditions
    .flatMap((c) => (Array.isArray(c[0]) ? (c as Conditions[number][]) : [c]))
    .filter((c) => c[0] === "project_id")
    .flatMap((c) => (Array.isArray(c[2]) ? c[2] : [c[2]]));
}

/** Registers the route. */
export function registerOrganizationQuery(app: Hono<HonoEnv>): void {
  app.post("/api/0/organizations/:org/query", zv("json", SnubaQuerySchema), async (c) => {
    const org = resolveOrganization(c, c.req.param("org"));
    const body = c.req.valid("json");
    const { db, events } = c.var.services;
    const own = new Set(await listOrganizationProjectIds(db, org.id));
    const asked =
      body.project === undefined ? [...own] : typeof body.project === "number" ? [body.project] : body.project;
    if (asked.some((id) => !own.has(id))) throw forbidden();
    const named = conditionProjectIds(body.conditions);
    if (named.some((id) => id !== null && !own.has(Number(id)))) throw forbidden();
    if (asked.length === 0) throw new ApiError({ code: "BAD_REQUEST", detail: "The organization has no projects" });

    const result = await runSnubaQuery(events, { organizationId: org.id, projectIds: [...new Set(asked)] }, body);
    if (result.ok) return c.json(result.value);
    const failure = result.error;
    if (failure.kind === "invalid") throw new ApiError({ code: "BAD_REQUEST", detail: failure.message });
    if (failure.kind === "rate_limited") return tooManyQueries(c, failure.retryAfter);
    throw queryTimedOut();
  });
}
