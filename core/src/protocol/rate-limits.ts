/**
 * @module
 * The `X-Sentry-Rate-Limits` header: `<secs>:<cat;cat>:<scope>:<reason>` entries joined by ", ".
 * An empty category list means every category. SDKs stop sending the named categories for `secs`.
 * @see https://develop.sentry.dev/sdk/rate-limiting/
 */

export interface RateLimit {
  /** Seconds until the client may send again. */
  retryAfter: number;
  /** Data categories limited; empty = all. */
  categories: string[];
  /** `organization`, `project`, `key`, ... (empty when unknown). */
  scope: string;
  /** Machine-readable reason code, e.g. `spike_protection` (optional). */
  reasonCode?: string;
}

/**
 * Formats rate limits for the header.
 * @example formatRateLimits([{ retryAfter: 60, categories: ["error"], scope: "key", reasonCode: "k" }]) // "60:error:key:k"
 */
export function formatRateLimits(limits: readonly RateLimit[]): string {
  return limits
    .map((l) => {
      const base = `${Math.max(0, Math.ceil(l.retryAfter))}:${l.categories.join(";")}:${l.scope}`;
      return l.reasonCode ? `${base}:${l.reasonCode}` : base;
    })
    .join(", ");
}

/** Parses the header; malformed entries are skipped, as SDKs do. */
export function parseRateLimits(header: string): RateLimit[] {
  const out: RateLimit[] = [];
  for (const entry of header.split(",")) {
    const parts = entry.trim().split(":");
    if (parts.length < 2) continue;
    const retryAfter = Number(parts[0]);
    if (!Number.isFinite(retryAfter) || retryAfter < 0) continue;
    const limit: RateLimit = {
      retryAfter,
      categories: (parts[1] ?? "").split(";").filter((c) => c !== ""),
      scope: parts[2] ?? "",
    };
    if (parts[3]) limit.reasonCode = parts[3];
    out.push(limit);
  }
  return out;
}
