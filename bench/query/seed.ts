/**
 * Seeds a realistic `events` dataset by bulk `INSERT … SELECT FROM numbers()` inside ClickHouse
 * (no row goes through Node), and the matching `issues` rows in Postgres.
 *
 * Shape: `groups` issues with a skewed size distribution (issue k gets ∝ k^-2/3 of the events: a
 * few big issues, a long tail), timestamps spread over the last 14 days, 7 tags per event
 * (browser, os, environment, release, level, user, url), 50,000 distinct users, 20 releases.
 */
import { sql } from "drizzle-orm";
import type { EventStoreClient } from "../../backend/src/clickhouse/interface.ts";
import type { Db } from "../../backend/src/db/client.ts";
import { issues } from "../../backend/src/db/schema/index.ts";

/** What `seedEvents` built. */
export interface SeededDataset {
  events: number;
  groups: number;
  /** The issue with the most events. */
  biggestGroup: { id: number; events: number };
  seedMs: number;
}

const CHUNK = 250_000;

function insertChunk(projectId: number, offset: number, count: number, groups: number, nowSec: number): string {
  // r(k): a deterministic uniform number in [0, 1) per row and salt.
  const r = (salt: number) => `(cityHash64(number, ${salt}) % 1000000) / 1000000`;
  const pick = (values: string[], salt: number) =>
    `arrayElement([${values.map((v) => `'${v}'`).join(", ")}], 1 + cityHash64(number, ${salt}) % ${values.length})`;
  return `INSERT INTO events (project_id, timestamp, event_id, group_id, primary_hash, received, retention_days,
      deleted, platform, level, environment, release, user, user_id, title, culprit, message, sdk_name,
      sdk_version, \`tags.key\`, \`tags.value\`, data)
    SELECT ${projectId}, ts, lower(hex(MD5(toString(number)))), gid, lower(hex(MD5(toString(gid)))), ts, 90,
      0, 'node', lvl, env, rel, usr, substring(usr, 4), concat('Error', toString(gid), ': something failed'),
      concat('app/handler', toString(gid % 97), '.js'), concat('request ', toString(number % 1000), ' failed'),
      'sentry.javascript.node', '8.0.0',
      ['browser', 'os', 'environment', 'release', 'level', 'user', 'url'],
      [brw, os, env, rel, lvl, usr, concat('https://app.example.com/page/', toString(number % 500))],
      '{}'
    FROM (
      SELECT number,
        toDateTime(${nowSec} - cityHash64(number, 1) % ${14 * 86_400}) AS ts,
        1 + toUInt64(floor(pow(${r(3)}, 3) * ${groups})) AS gid,
        ${pick(["error", "error", "error", "warning", "fatal", "info"], 4)} AS lvl,
        ${pick(["production", "production", "production", "staging", "development"], 5)} AS env,
        concat('app@1.', toString(cityHash64(number, 6) % 20)) AS rel,
        concat('id:u', toString(cityHash64(number, 7) % 50000)) AS usr,
        ${pick(["Chrome", "Chrome", "Chrome", "Firefox", "Safari", "Mobile Safari", "Edge"], 8)} AS brw,
        ${pick(["Linux", "Windows", "Windows", "Mac OS X", "iOS", "Android"], 9)} AS os
      FROM numbers(${offset}, ${count})
    )`;
}

/**
 * Inserts `events` rows for project `projectId` and one issue row per group.
 * @param nowSec the newest possible timestamp (unix seconds)
 */
export async function seedEvents(
  store: EventStoreClient,
  db: Db,
  opts: { projectId: number; events: number; groups: number; nowSec: number },
): Promise<SeededDataset> {
  const started = performance.now();
  for (let offset = 0; offset < opts.events; offset += CHUNK) {
    await store.exec(
      insertChunk(opts.projectId, offset, Math.min(CHUNK, opts.events - offset), opts.groups, opts.nowSec),
    );
  }
  const rows = (await store.query(
    `SELECT group_id, count() AS n, toUInt32(min(timestamp)) AS first, toUInt32(max(timestamp)) AS last
     FROM events WHERE project_id = ${opts.projectId} GROUP BY group_id ORDER BY group_id`,
  )) as { group_id: number; n: number; first: number; last: number }[];
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(issues).values(
      rows.slice(i, i + 500).map((r) => {
        const id = Number(r.group_id);
        return {
          id,
          projectId: opts.projectId,
          primaryHash: id.toString(16).padStart(32, "0"),
          // 80% unresolved, 10% resolved, 10% ignored
          status:
            id % 10 === 3 ? ("resolved" as const) : id % 10 === 7 ? ("ignored" as const) : ("unresolved" as const),
          substatus: null,
          firstSeen: new Date(Number(r.first) * 1000),
          lastSeen: new Date(Number(r.last) * 1000),
          timesSeen: Number(r.n),
          level: "error",
          title: `Error${id}: something failed`,
          culprit: `app/handler${id % 97}.js`,
          type: "error",
        };
      }),
    );
  }
  await db.execute(sql`SELECT setval(pg_get_serial_sequence('issues', 'id'), (SELECT max(id) FROM issues))`);
  const biggest = rows.reduce((a, b) => (Number(b.n) > Number(a.n) ? b : a));
  return {
    events: opts.events,
    groups: rows.length,
    biggestGroup: { id: Number(biggest.group_id), events: Number(biggest.n) },
    seedMs: Math.round(performance.now() - started),
  };
}
