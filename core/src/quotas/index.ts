/**
 * @module
 * Quota maths, pure: categories, quotas and scopes, staggered fixed windows, the all-or-nothing
 * check, lease sizing and spike-protection ceilings. The counters themselves live in the edge's
 * Durable Objects.
 */
export * from "./category.ts";
export * from "./check.ts";
export * from "./lease.ts";
export * from "./quota.ts";
export * from "./spike.ts";
export * from "./window.ts";
