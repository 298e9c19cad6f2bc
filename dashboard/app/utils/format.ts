/**
 * @module
 * Formatting shared by pages: relative times, counts, Link-header cursors, issue-query edits.
 */

/** "3m ago", "2h ago", "5d ago" for an ISO time (relative to `now`). */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "–";
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return "–";
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h ago`;
  const d = Math.round(h / 24);
  if (d < 365) return `${d}d ago`;
  return `${Math.round(d / 365)}y ago`;
}

/** 1234 → "1.2k", 2500000 → "2.5M". */
export function compactNumber(n: number | string | null | undefined): string {
  const v = typeof n === "string" ? Number(n) : (n ?? 0);
  if (!Number.isFinite(v)) return "0";
  if (Math.abs(v) < 1000) return String(v);
  if (Math.abs(v) < 1_000_000) return `${(v / 1000).toFixed(v < 10_000 ? 1 : 0)}k`;
  return `${(v / 1_000_000).toFixed(1)}M`;
}

/** One side of Sentry's `Link` header. */
export interface LinkCursor {
  cursor: string;
  results: boolean;
}

/**
 * Parses Sentry's pagination header:
 * `<url>; rel="previous"; results="false"; cursor="…", <url>; rel="next"; results="true"; cursor="…"`.
 */
export function parseLinkHeader(header: string | null): { previous: LinkCursor | null; next: LinkCursor | null } {
  const out: { previous: LinkCursor | null; next: LinkCursor | null } = { previous: null, next: null };
  if (!header) return out;
  for (const part of header.split(/,\s*(?=<)/)) {
    const rel = /rel="(previous|next)"/.exec(part)?.[1];
    const cursor = /cursor="([^"]*)"/.exec(part)?.[1];
    const results = /results="(true|false)"/.exec(part)?.[1] === "true";
    if ((rel === "previous" || rel === "next") && cursor !== undefined) out[rel] = { cursor, results };
  }
  return out;
}

/** The `is:` terms of an issue query replaced by `status` (`""` = every status). */
export function withStatus(query: string, status: string): string {
  const rest = query
    .split(/\s+/)
    .filter((t) => t && !/^is:/i.test(t))
    .join(" ");
  return [status ? `is:${status}` : "", rest].filter(Boolean).join(" ");
}

/** The status tab a query selects: the single `is:` term, `""` for none, null for several. */
export function statusOf(query: string): string | null {
  const terms = query.split(/\s+/).filter((t) => /^is:/i.test(t));
  if (terms.length === 0) return "";
  if (terms.length > 1) return null;
  return terms[0]?.slice(3).toLowerCase() ?? null;
}
