/**
 * @module
 * The subset of Sentry's issue search syntax we support: `is:unresolved|resolved|ignored` (Sentry's
 * `is:archived` is our `ignored`) and free text, matched as one substring of the title. A missing
 * query means `is:unresolved` (Sentry's implied default); an empty one means no filter.
 * @see https://docs.sentry.io/concepts/search/
 */

import { err, ok, type Result } from "@breakwater/core/result";
import type { IssueStatus } from "../db/schema/index.ts";

/** A parsed issue search. */
export interface IssueSearch {
  /** Empty = any status. Several `is:` terms match any of them. */
  statuses: IssueStatus[];
  text: string;
}

const STATUS_ALIASES: Record<string, IssueStatus> = {
  unresolved: "unresolved",
  resolved: "resolved",
  ignored: "ignored",
  archived: "ignored",
};

/** Splits on whitespace, keeping `"quoted phrases"` (and `key:"quoted value"`) whole. */
function tokenize(query: string): string[] {
  return (query.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []).map((t) => t.replace(/"/g, ""));
}

/**
 * Parses `query`; unknown `key:value` filters are refused rather than silently ignored, so a
 * caller never reads an unfiltered list as a filtered one.
 */
export function parseIssueSearch(query: string | undefined): Result<IssueSearch, string> {
  if (query === undefined) return ok({ statuses: ["unresolved"], text: "" });
  const statuses = new Set<IssueStatus>();
  const words: string[] = [];
  for (const token of tokenize(query)) {
    const m = /^([a-zA-Z_.]+):(.+)$/.exec(token);
    if (!m) {
      words.push(token);
      continue;
    }
    const [, key, value] = m;
    if (key !== "is") return err(`Unsupported search key: ${key}`);
    const status = STATUS_ALIASES[value?.toLowerCase() ?? ""];
    if (!status) return err(`Unsupported value for is: ${value}`);
    statuses.add(status);
  }
  return ok({ statuses: [...statuses], text: words.join(" ").trim() });
}
