/**
 * @module
 * The server MetaStore: Postgres through drizzle's node-postgres driver and a `pg` pool. Same schema
 * and the same drizzle-kit migrations as PGlite (`./client.ts`), applied at open under an advisory
 * lock, so a backend and its consumers starting together migrate once.
 */
import { sql } from "drizzle-orm";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import type { Logger } from "../logger.ts";
import { type MetaStore, MIGRATIONS_DIR } from "./client.ts";
import * as schema from "./schema/index.ts";

/** The server (node-postgres) drizzle database. */
export type PgMetaDb = NodePgDatabase<typeof schema>;

/** Key of the session-level advisory lock held while migrating (any constant; ours spells "bw-mig"). */
const MIGRATION_LOCK_KEY = 0x62772d6d6967;

/** Options of `openPgMetaStore`. */
export interface PgMetaStoreOptions {
  /** Pool size. Default 10 (Postgres allows 100 connections by default; a consumer uses few). */
  maxConnections?: number;
  /** Receives errors of idle pooled connections, which would otherwise crash the process. */
  logger?: Logger;
}

/**
 * Connects to `url`, applies pending migrations and returns the MetaStore.
 * @param url `postgres://user:password@host:port/database`
 * @example
 * const meta = await openPgMetaStore(process.env.DATABASE_URL);
 */
export async function openPgMetaStore(url: string, options: PgMetaStoreOptions = {}): Promise<MetaStore<PgMetaDb>> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // A server restart kills idle connections; the pool drops them and reconnects on demand.
  pool.on("error", (err) => options.logger?.warn({ err }, "postgres: idle connection failed"));
  try {
    const db = drizzle({ client: pool, schema });
    await migrateLocked(pool, db);
    return {
      db,
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => pool.end(),
    };
  } catch (e) {
    await pool.end();
    throw e;
  }
}

/**
 * Runs drizzle's migrator while holding an advisory lock on a separate connection: the migrator
 * itself takes no lock, and two processes creating the same tables at once would fail.
 */
async function migrateLocked(pool: pg.Pool, db: PgMetaDb): Promise<void> {
  const lock = await pool.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await lock.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    lock.release();
  }
}
