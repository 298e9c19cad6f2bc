/**
 * @module
 * Versioned DDL runner for the EventStore. Applied versions are rows in `schema_migrations`; each
 * pending migration runs its statements, then records itself. Same SQL on ClickHouse 18.16 and chDB:
 * no query parameters, plain MergeTree syntax.
 */
import { z } from "zod";
import { sql } from "./escape.ts";
import { detectFeatures, type ServerFeatures } from "./features.ts";
import type { Inserter, Querier } from "./interface.ts";
import { CH_MIGRATIONS, type ChMigration } from "./migrations/index.ts";

const AppliedRowSchema = z.object({ version: z.coerce.number() });

/** What a run did. */
export interface MigrationReport {
  features: ServerFeatures;
  applied: number[];
}

/**
 * Applies pending migrations in version order; running it again is a no-op.
 * @param migrations defaults to `CH_MIGRATIONS`
 */
export async function migrateEventStore(
  client: Querier & Inserter,
  migrations: readonly ChMigration[] = CH_MIGRATIONS,
): Promise<MigrationReport> {
  const features = await detectFeatures(client);
  await client.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, applied_at DateTime) " +
      "ENGINE = MergeTree ORDER BY version",
  );
  const rows = await client.query("SELECT DISTINCT version FROM schema_migrations", AppliedRowSchema);
  const done = new Set(rows.map((r) => r.version));
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue;
    for (const statement of migration.statements(features)) await client.exec(statement);
    await client.exec(
      sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${migration.version}, ${migration.name}, now())`,
    );
    applied.push(migration.version);
  }
  return { features, applied };
}
