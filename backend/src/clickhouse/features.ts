/**
 * @module
 * What the connected ClickHouse can do, from `version()`. DDL must run on Debian's ClickHouse 18.16
 * (no codecs, no LowCardinality by default, no skip indexes, no TTL) and on chDB 26; modern options
 * are added only where the version allows (DESIGN 4).
 */
import type { Querier } from "./interface.ts";

/** Capabilities that change the DDL we emit. */
export interface ServerFeatures {
  version: string;
  major: number;
  minor: number;
  /** Column codecs, e.g. `CODEC(ZSTD(1))` (19.x+; we require 20+ to stay on well-trodden ground). */
  codecs: boolean;
  /** `LowCardinality(String)` without experimental settings (production-ready from 19.x; 20+ here). */
  lowCardinality: boolean;
  /** Data-skipping indexes such as `bloom_filter` without experimental settings (20.3+). */
  skipIndexes: boolean;
}

/** Derives features from a version string such as `26.7.2.1` or `18.16.1`. */
export function featuresFor(version: string): ServerFeatures {
  const [major = 0, minor = 0] = version.split(".").map((part) => Number.parseInt(part, 10) || 0);
  const atLeast = (M: number, m: number) => major > M || (major === M && minor >= m);
  return {
    version,
    major,
    minor,
    codecs: atLeast(20, 1),
    lowCardinality: atLeast(20, 1),
    skipIndexes: atLeast(20, 3),
  };
}

/** Asks the server for its version and derives its features. */
export async function detectFeatures(querier: Querier): Promise<ServerFeatures> {
  const [row] = await querier.query("SELECT version() AS v");
  const v = row && typeof row === "object" && "v" in row ? String(row.v) : "";
  return featuresFor(v);
}
