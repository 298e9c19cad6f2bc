/**
 * @module
 * Every EventStore migration, in order. Append new ones; never edit an applied one.
 */
import { eventsMigration } from "./0001-events.ts";
import { outcomesMigration } from "./0002-outcomes.ts";
import { issueAggregatesMigration } from "./0006-issue-aggregates.ts";
import type { ChMigration } from "./types.ts";

export type { ChMigration } from "./types.ts";

/** All EventStore migrations, in version order. */
export const CH_MIGRATIONS: readonly ChMigration[] = [eventsMigration, outcomesMigration, issueAggregatesMigration];
