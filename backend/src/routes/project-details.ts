/**
 * @module
 * `GET|PUT /api/0/projects/{org}/{project}/` — the project's details with its data scrubbing and
 * list-valued inbound filters, in Sentry's shape (`serializers/project.ts`). PUT takes any subset of
 * `name`, `slug`, `platform`, `dataScrubber`, `dataScrubberDefaults`, `scrubIPAddresses`,
 * `sensitiveFields`, `safeFields`, `relayPiiConfig` and `options` (`filters:blacklisted_ips`,
 * `filters:releases`, `filters:error_messages`: newline-separated strings), applies it in one
 * transaction and answers like GET. Other fields and options are ignored, as Sentry ignores
 * unknown ones. Invalid values answer 400 with `{"detail", "causes"}` plus Sentry's per-field lists.
 * @see https://docs.sentry.io/api/projects/update-a-project/
 */
import { parseNetwork } from "@breakwater/core/filter";
import { type PiiConfig, PiiConfigSchema } from "@breakwater/core/pii";
import type { Hono } from "hono";
import { z } from "zod";
import { type FiltersPatch, getFiltersConfig, updateFiltersConfig } from "../db/queries/filters.ts";
import {
  findOtherProjectWithSlug,
  getProjectWithOrganization,
  type ProjectPatch,
  ProjectSlugTakenError,
  updateProject,
} from "../db/queries/projects.ts";
import { getPiiConfig, type PiiConfigPatch, updatePiiConfig } from "../db/queries/scrub-rules.ts";
import { ApiError, notFound } from "../errors/http.ts";
import type { Context, HonoEnv } from "../hono/env.ts";
import { zv } from "../middleware/validate.ts";
import { FILTER_OPTION_KEYS, type ProjectDetailsJson, serializeProjectDetails } from "../serializers/project.ts";
import { resolveProject } from "./resolve.ts";

const PATH = "/api/0/projects/:org/:project";

/** Entries of one `filters:*` option, at most. */
export const MAX_FILTER_ENTRIES = 1_000;
/** Characters of one `filters:*` entry, at most. */
export const MAX_FILTER_ENTRY_CHARS = 500;
/** Characters of `relayPiiConfig`, at most. */
export const MAX_RELAY_PII_CONFIG_CHARS = 100_000;
/** Characters of all `sensitiveFields` together, at most (Sentry's limit). */
export const MAX_SENSITIVE_FIELD_CHARS = 4_000;

/**
 * Sentry's `clean_newline_inputs`: one entry per line, trimmed, empty lines dropped, lowercased
 * unless the option is case-sensitive (error messages).
 */
export function cleanNewlineInputs(value: string, lowercase: boolean): string[] {
  return value
    .split("\n")
    .map((line) => (lowercase ? line.toLowerCase() : line).trim())
    .filter((line) => line !== "");
}

/** A `filters:*` option: a newline-separated string → its entries, each checked by `invalid`. */
function newlineList(lowercase: boolean, invalid?: (entry: string) => string | undefined) {
  return z.string({ error: "Expected newline-separated values in a string." }).transform((value, ctx) => {
    const entries = cleanNewlineInputs(value, lowercase);
    if (entries.length > MAX_FILTER_ENTRIES) {
      ctx.addIssue({ code: "custom", message: `At most ${MAX_FILTER_ENTRIES} entries.` });
    }
    for (const entry of entries) {
      const problem =
        entry.length > MAX_FILTER_ENTRY_CHARS
          ? `Entries have at most ${MAX_FILTER_ENTRY_CHARS} characters.`
          : invalid?.(entry);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }
    return entries;
  });
}

const notAnIp = (entry: string) =>
  parseNetwork(entry) ? undefined : `${JSON.stringify(entry)} is not an IP address or CIDR network.`;

/** `relayPiiConfig`: a JSON string of `{rules, applications}`, validated as core compiles it. */
const RelayPiiConfigSchema = z
  .string({ error: "Expected a JSON string holding {rules, applications}." })
  .max(MAX_RELAY_PII_CONFIG_CHARS)
  .nullable()
  .transform((text, ctx): Pick<PiiConfig, "rules" | "applications"> => {
    const empty = { rules: {}, applications: {} };
    if (text === null || text.trim() === "") return empty;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: `Invalid JSON: ${e instanceof Error ? e.message : String(e)}` });
      return empty;
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      ctx.addIssue({ code: "custom", message: "Expected a JSON object with rules and applications." });
      return empty;
    }
    const { rules, applications } = json as { rules?: unknown; applications?: unknown };
    const parsed = PiiConfigSchema.safeParse({ rules: rules ?? {}, applications: applications ?? {} });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const message = issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
        ctx.addIssue({ code: "custom", message });
      }
      return empty;
    }
    return { rules: parsed.data.rules, applications: parsed.data.applications };
  });

const NonBlank = z.string().trim().min(1, "This field may not be blank.");
/** Keys or selectors, as core's `PiiConfig` bounds them. */
const FieldList = z.array(NonBlank.max(200)).max(500);

/** The PUT body (every field optional; unknown ones are dropped). */
export const ProjectUpdateSchema = z.object({
  name: NonBlank.max(200).optional(),
  slug: z
    .string()
    .max(100)
    .regex(
      /^(?![0-9]+$)[a-z0-9_-]+$/,
      "Enter a valid slug consisting of lowercase letters, numbers, underscores or hyphens. It cannot be entirely numeric.",
    )
    .optional(),
  // Sentry ignores a null or blank platform.
  platform: z
    .string()
    .max(64)
    .regex(/^[a-z0-9_.-]*$/, "Invalid platform")
    .nullable()
    .optional(),
  dataScrubber: z.boolean({ error: "Must be a valid boolean." }).optional(),
  dataScrubberDefaults: z.boolean({ error: "Must be a valid boolean." }).optional(),
  scrubIPAddresses: z.boolean({ error: "Must be a valid boolean." }).optional(),
  sensitiveFields: FieldList.refine(
    (fields) => fields.reduce((n, f) => n + f.length, 0) <= MAX_SENSITIVE_FIELD_CHARS,
    "List of sensitive fields is too long.",
  ).optional(),
  safeFields: FieldList.optional(),
  relayPiiConfig: RelayPiiConfigSchema.optional(),
  options: z
    .object({
      [FILTER_OPTION_KEYS.blacklistedIps]: newlineList(true, notAnIp).optional(),
      [FILTER_OPTION_KEYS.releases]: newlineList(true).optional(),
      [FILTER_OPTION_KEYS.errorMessages]: newlineList(false).optional(),
    })
    .optional(),
});
type ProjectUpdate = z.infer<typeof ProjectUpdateSchema>;

/** A 400 about one field, in both our shape and Sentry's. */
function fieldError(field: string, message: string): ApiError {
  return new ApiError({
    code: "BAD_REQUEST",
    detail: "Invalid json",
    causes: [`${field}: ${message}`],
    fields: { [field]: [message] },
  });
}

/** The project details as GET shows them. */
async function render(c: Context, projectId: number): Promise<ProjectDetailsJson> {
  const { db } = c.var.services;
  const [details, filters, pii] = await Promise.all([
    getProjectWithOrganization(db, projectId),
    getFiltersConfig(db, projectId),
    getPiiConfig(db, projectId),
  ]);
  if (!details) throw notFound();
  return serializeProjectDetails(details, filters, pii);
}

function filtersPatch(body: ProjectUpdate): FiltersPatch {
  const options = body.options ?? {};
  const patch: FiltersPatch = {};
  const ips = options[FILTER_OPTION_KEYS.blacklistedIps];
  const releases = options[FILTER_OPTION_KEYS.releases];
  const errorMessages = options[FILTER_OPTION_KEYS.errorMessages];
  if (ips !== undefined) patch.blacklistedIps = ips;
  if (releases !== undefined) patch.releases = releases;
  if (errorMessages !== undefined) patch.errorMessages = errorMessages;
  return patch;
}

function piiPatch(body: ProjectUpdate): PiiConfigPatch {
  const patch: PiiConfigPatch = {};
  if (body.dataScrubber !== undefined) patch.scrubData = body.dataScrubber;
  if (body.dataScrubberDefaults !== undefined) patch.scrubDefaults = body.dataScrubberDefaults;
  if (body.scrubIPAddresses !== undefined) patch.scrubIpAddresses = body.scrubIPAddresses;
  if (body.sensitiveFields !== undefined) patch.sensitiveFields = body.sensitiveFields;
  if (body.safeFields !== undefined) patch.safeFields = body.safeFields;
  if (body.relayPiiConfig !== undefined) {
    patch.rules = body.relayPiiConfig.rules;
    patch.applications = body.relayPiiConfig.applications;
  }
  return patch;
}

/** Registers GET and PUT. */
export function registerProjectDetails(app: Hono<HonoEnv>): void {
  app.get(PATH, async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    return c.json(await render(c, project.id));
  });

  app.put(PATH, zv("json", ProjectUpdateSchema, { fieldErrors: true }), async (c) => {
    const body = c.req.valid("json");
    const { db } = c.var.services;
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const patch: ProjectPatch = {};
    if (body.name !== undefined) patch.name = body.name;
    if (body.platform) patch.platform = body.platform;
    if (body.slug !== undefined && body.slug !== project.slug) {
      const other = await findOtherProjectWithSlug(db, project.organizationId, body.slug, project.id);
      if (other) throw fieldError("slug", `Another project (${other.name}) is already using that slug`);
      patch.slug = body.slug;
    }
    try {
      await db.transaction(async (tx) => {
        await updateProject(tx, project.id, patch);
        await updateFiltersConfig(tx, project.id, filtersPatch(body));
        await updatePiiConfig(tx, project.id, piiPatch(body));
      });
    } catch (e) {
      if (e instanceof ProjectSlugTakenError) throw fieldError("slug", "Another project is already using that slug");
      throw e;
    }
    return c.json(await render(c, project.id));
  });
}
