/**
 * The Postgres MetaStore adapter; needs a server (`DATABASE_URL`, e.g.
 * `scripts/services/postgres.sh start`) and runs in a throwaway database.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClusterNamespace, createClusterNamespace } from "../testutil/cluster.ts";
import type { MetaStore } from "./client.ts";
import { openPgMetaStore } from "./pg.ts";
import { organizations } from "./schema/index.ts";

describe.skipIf(!process.env.DATABASE_URL)("openPgMetaStore", () => {
  let ns: ClusterNamespace;
  let url: string;
  const opened: MetaStore[] = [];
  beforeAll(async () => {
    ns = await createClusterNamespace({ DATABASE_URL: process.env.DATABASE_URL }, "pg");
    if (ns.stores.metaStore.kind !== "pg") throw new Error("no server");
    url = ns.stores.metaStore.url;
  });
  afterAll(async () => {
    await Promise.all(opened.map((m) => m.close()));
    await ns?.drop();
  });

  it("migrates once even when several processes open the database at the same time", async () => {
    const stores = await Promise.all([openPgMetaStore(url), openPgMetaStore(url), openPgMetaStore(url)]);
    opened.push(...stores);
    const [first] = stores;
    const res = await first?.db.execute<{ n: number }>(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(res?.rows[0]?.n).toBeGreaterThan(0);
    const tables = await first?.db.execute<{ t: string }>(
      sql`select table_name as t from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables?.rows.map((r) => r.t)).toEqual(expect.arrayContaining(["issues", "issue_hashes", "projects"]));
    await first?.ping();
  });

  it("rolls a failed transaction back", async () => {
    const meta = await openPgMetaStore(url);
    opened.push(meta);
    await expect(
      meta.db.transaction(async (tx) => {
        await tx.insert(organizations).values({ slug: "rolled-back", name: "x" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const rows = await meta.db.select().from(organizations).where(sql`${organizations.slug} = 'rolled-back'`);
    expect(rows).toEqual([]);
  });
});
