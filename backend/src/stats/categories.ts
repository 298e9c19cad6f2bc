/**
 * @module
 * Sentry's "error" data category as the stats API and spike protection count it: `error`,
 * `default` and `security` items together (Sentry's `DataCategory.error_categories()`). Every other
 * category the edge counts (`transaction`, `attachment` in bytes, `session`, `user_report`,
 * `monitor`, `span`) is shown as stored, in its own group.
 */
import type { DataCategory } from "@breakwater/core/quotas";

/** Stored categories that count as `error`. */
export const ERROR_CATEGORIES: readonly DataCategory[] = ["error", "default", "security"];

/** The category the API shows for a stored one: the error categories fold into `error`. */
export function apiCategory(stored: string): string {
  return (ERROR_CATEGORIES as readonly string[]).includes(stored) ? "error" : stored;
}
