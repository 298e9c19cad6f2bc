/**
 * @module
 * The MetaStore schema: one file per table (STYLE a). drizzle-kit reads this file to generate
 * `backend/migrations`; the same schema serves PGlite (embedded) and Postgres (server mode).
 */

export * from "./alert-deliveries.ts";
export * from "./alert-outbox.ts";
export * from "./alert-rule-fires.ts";
export * from "./alert-rule-issue-states.ts";
export * from "./alert-rules.ts";
export * from "./api-tokens.ts";
export * from "./filters.ts";
export * from "./issue-hashes.ts";
export * from "./issues.ts";
export * from "./login-failures.ts";
export * from "./memberships.ts";
export * from "./metric-alert-evaluations.ts";
export * from "./metric-alert-rules.ts";
export * from "./organizations.ts";
export * from "./project-keys.ts";
export * from "./projects.ts";
export * from "./quotas.ts";
export * from "./scrub-rules.ts";
export * from "./sessions.ts";
export * from "./spike-protection.ts";
export * from "./users.ts";
