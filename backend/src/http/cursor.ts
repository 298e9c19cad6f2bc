/**
 * @module
 * Sentry-style cursor pagination: cursors look like `<value>:<offset>:<is_prev>` and pages are
 * linked through the `Link` header:
 * `<url>; rel="previous"; results="false"; cursor="…", <url>; rel="next"; results="true"; cursor="…"`.
 * Clients treat cursors as opaque; each endpoint decides what value and offset mean.
 * @see https://docs.sentry.io/api/pagination/
 */
import { ApiError } from "../errors/http.ts";

/** A decoded cursor. */
export interface Cursor {
  value: number;
  offset: number;
  isPrev: boolean;
}

/** Encodes a cursor. */
export function encodeCursor(c: Cursor): string {
  return `${c.value}:${c.offset}:${c.isPrev ? 1 : 0}`;
}

/** Decodes a cursor; 400 for anything that is not `<int>:<int>:<0|1>`. */
export function parseCursor(raw: string): Cursor {
  const m = /^(-?\d{1,16}):(\d{1,16}):([01])$/.exec(raw);
  if (!m) throw new ApiError({ code: "BAD_REQUEST", detail: "Invalid cursor parameter." });
  return { value: Number(m[1]), offset: Number(m[2]), isPrev: m[3] === "1" };
}

/** One side of a Link header. */
export interface PageLink {
  cursor: string;
  /** Whether following the link yields rows. */
  results: boolean;
}

/** Builds the `Link` header for `requestUrl`, replacing its `cursor` parameter on each side. */
export function linkHeader(requestUrl: string, previous: PageLink, next: PageLink): string {
  const part = (rel: string, link: PageLink) => {
    const url = new URL(requestUrl);
    url.searchParams.set("cursor", link.cursor);
    return `<${url.toString()}>; rel="${rel}"; results="${link.results}"; cursor="${link.cursor}"`;
  };
  return `${part("previous", previous)}, ${part("next", next)}`;
}

/** Page size from `limit` (or Sentry's `per_page`): default 25, at most 100. */
export function pageSize(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 25;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ApiError({ code: "BAD_REQUEST", detail: "Invalid limit parameter." });
  return Math.min(n, 100);
}
