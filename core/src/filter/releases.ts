/**
 * @module
 * The releases filter (Relay's `releases.rs`): drops events of releases the project no longer wants,
 * by case-insensitive glob over the whole `release`.
 */
import { err, ok, type Result } from "../result.ts";
import type { Event } from "../schema/index.ts";
import type { FilterContext, FilterStatKey, ReleasesConfig } from "./config.ts";
import { matchesAnyGlob } from "./glob.ts";

/**
 * Filters events whose release matches a configured glob. Events without a release are kept.
 * @example
 * shouldFilter(event, { releases: ["1.0.*"] }, {}) // err("release-version") for release "1.0.3"
 */
export function shouldFilter(event: Event, config: ReleasesConfig, _ctx: FilterContext): Result<void, FilterStatKey> {
  const release = event.release;
  if (release === undefined || release === "") return ok(undefined);
  return matchesAnyGlob(config.releases, release) ? err("release-version") : ok(undefined);
}
