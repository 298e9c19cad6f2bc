/**
 * @module
 * Every EventStore migration, in order. Append new ones; never edit an applied one.
 */
import { eventsMigration } from "./0001-events.ts";
import { outcomesMigration } from "./0002-outcomes.ts";
import { transactionsMigration } from "./0003-transactions.ts";
import { sessionsMigration } from "./0004-sessions.ts";
import { attachmentsMigration } from "./0005-attachments.ts";
import { issueAggregatesMigration } from "./0006-issue-aggregates.ts";
import { userReportsMigration } from "./0007-user-reports.ts";
import { issueUserCountsMigration } from "./0008-issue-user-counts.ts";
import { issueTagValuesAllMigration } from "./0009-issue-tag-values-all.ts";
import type { ChMigration } from "./types.ts";

export type { ChMigration } from "./types.ts";

/** All EventStore migrations, in version order. */
export const CH_MIGRATIONS: readonly ChMigration[] = [
  eventsMigration,
  outcomesMigration,
  transactionsMigration,
  sessionsMigration,
  attachmentsMigration,
  issueAggregatesMigration,
  userReportsMigration,
  issueUserCountsMigration,
  issueTagValuesAllMigration,
];
