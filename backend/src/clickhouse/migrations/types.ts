/**
 * @module
 * Shape of one EventStore migration.
 */
import type { ServerFeatures } from "../features.ts";

/**
 * One versioned schema change. Statements must be idempotent (`IF NOT EXISTS`, `ADD COLUMN IF NOT
 * EXISTS`): ClickHouse DDL is not transactional, so a crash between a statement and its record in
 * `schema_migrations` reruns it.
 */
export interface ChMigration {
  /** Strictly increasing, never reused. */
  version: number;
  name: string;
  /** SQL for this server: modern options only where `features` allows. */
  statements(features: ServerFeatures): string[];
}
