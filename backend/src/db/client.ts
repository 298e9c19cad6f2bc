/**
 * @module
 * The MetaStore connection. Embedded mode: PGlite (Postgres compiled to WASM) in `<dataDir>/pglite`,
 * migrated at open with the SQL files drizzle-kit generated into `backend/migrations`. The Postgres
 * server adapter (`DATABASE_URL`) is `./pg.ts`; both return the same `MetaStore`.
 */
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle, type PgliteDatabase } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import * as schema from "./schema/index.ts";

/** The embedded (PGlite) drizzle database. */
export type MetaDb = PgliteDatabase<typeof schema>;

/**
 * What query functions take as their first argument: any drizzle Postgres database or transaction
 * over our schema, so the same functions serve PGlite, node-postgres (issue 5) and `db.transaction`.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Absolute path of the committed SQL migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations", import.meta.url));

/** An open MetaStore: the drizzle handle plus lifecycle calls. */
export interface MetaStore<D extends Db = Db> {
  db: D;
  /** Cheap liveness probe for `/healthz`. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the PGlite database and applies pending migrations.
 * @param dataDir directory for PGlite's files; `undefined` keeps the database in memory
 */
export async function openMetaStore(dataDir: string | undefined): Promise<MetaStore<MetaDb>> {
  const client = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  const db = drizzle({ client, schema });
  await migrateMetaStore(db);
  return {
    db,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}

/** Applies pending migrations; a no-op when all are applied (drizzle records them by hash). */
export async function migrateMetaStore(db: MetaDb): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
}
