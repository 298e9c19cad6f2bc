/**
 * @module
 * `PUT /api/0/projects/{org}/{project}/filters/{filter_id}/` — turns one inbound filter on or off,
 * with Sentry's semantics, and answers 204:
 * - `localhost`, `browser-extensions`, `web-crawlers`: `{"active": bool}`; a body without `active`
 *   turns the filter off, as in Sentry.
 * - `legacy-browsers`: `{"active": true}` drops every legacy browser (core's `default` class),
 *   `{"active": false}` none, `{"subfilters": ["ie_pre_9", ...]}` the listed classes (an empty
 *   list, or neither field, turns it off); `active` wins over `subfilters`.
 * Unknown filter ids answer 404. The edge sees the change within its 60 s config cache.
 * @see https://docs.sentry.io/api/projects/update-an-inbound-data-filter/
 */
import { LEGACY_BROWSERS, type LegacyBrowsersConfig } from "@breakwater/core/filter";
import type { Hono } from "hono";
import { z } from "zod";
import { type FiltersPatch, updateFiltersConfig } from "../db/queries/filters.ts";
import { ApiError, notFound } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";
import { isInboundFilterId } from "../serializers/project-filter.ts";
import { resolveProject } from "./resolve.ts";

const PATH = "/api/0/projects/:org/:project/filters/:filterId";

/** Browser classes a `subfilters` list may name: core's, without `default` (that is `active: true`). */
export const LEGACY_BROWSER_SUBFILTERS: readonly string[] = LEGACY_BROWSERS.filter((b) => b !== "default");

/** The body; which fields count depends on the filter. */
const FilterBodySchema = z.object({
  active: z.boolean({ error: "Must be a valid boolean." }).optional(),
  subfilters: z.array(z.string(), { error: 'Expected a list of items but got type "str".' }).max(50).optional(),
});
type FilterBody = z.infer<typeof FilterBodySchema>;

/** The legacy-browsers setting a body asks for, as Sentry's `set_filter_state` decides it. */
function legacyBrowsersState(body: FilterBody): LegacyBrowsersConfig {
  // Sentry validates the choices even when `active` decides.
  const subfilters = body.subfilters ?? [];
  const invalid = subfilters.filter((s) => !LEGACY_BROWSER_SUBFILTERS.includes(s));
  if (invalid.length > 0) {
    const messages = invalid.map((s) => `${JSON.stringify(s)} is not a valid choice.`);
    throw new ApiError({
      code: "BAD_REQUEST",
      detail: "Invalid json",
      causes: messages.map((m) => `subfilters: ${m}`),
      fields: { subfilters: messages },
    });
  }
  if (body.active !== undefined) {
    return body.active ? { isEnabled: true, options: ["default"] } : { isEnabled: false, options: [] };
  }
  const options = [...new Set(subfilters)].sort();
  return { isEnabled: options.length > 0, options };
}

/** Registers PUT. */
export function registerProjectFilterDetails(app: Hono<HonoEnv>): void {
  app.put(PATH, zv("json", FilterBodySchema, { fieldErrors: true }), async (c) => {
    const body = c.req.valid("json");
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const filterId = c.req.param("filterId");
    if (!isInboundFilterId(filterId)) throw notFound();
    const active = body.active ?? false;
    const patch: FiltersPatch = {};
    switch (filterId) {
      case "localhost":
        patch.localhost = active;
        break;
      case "browser-extensions":
        patch.browserExtensions = active;
        break;
      case "web-crawlers":
        patch.webCrawlers = active;
        break;
      case "legacy-browsers":
        patch.legacyBrowsers = legacyBrowsersState(body);
        break;
    }
    await updateFiltersConfig(c.var.services.db, project.id, patch);
    return c.body(null, 204);
  });
}
