/**
 * @module
 * Names and ids of what first-start seeding creates (DESIGN 3.4).
 */

/** Slug of the seeded organization and project. */
export const DEFAULT_SLUG = "default";
/** Id of the seeded project: DSNs end in `/1`. */
export const DEFAULT_PROJECT_ID = 1;
/** Admin login when BREAKWATER_BOOTSTRAP_ADMIN_EMAIL is unset. */
export const DEFAULT_ADMIN_EMAIL = "admin@breakwater.local";
/** Label of the seeded key and token, so that reconciliation finds them. */
export const BOOTSTRAP_LABEL = "bootstrap";
