import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql as dsql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateMetaStore, openMetaStore } from "../db/client.ts";
import { ChdbClient } from "./chdb.ts";
import { featuresFor } from "./features.ts";
import { migrateEventStore } from "./migrate.ts";
import { eventsMigration } from "./migrations/0001-events.ts";
import { outcomesMigration } from "./migrations/0002-outcomes.ts";
import { transactionsMigration } from "./migrations/0003-transactions.ts";
import { sessionsMigration } from "./migrations/0004-sessions.ts";
import { attachmentsMigration } from "./migrations/0005-attachments.ts";
import { userReportsMigration } from "./migrations/0007-user-reports.ts";

describe("EventStore migrations", () => {
  let dir: string;
  let ch: ChdbClient;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "bw-migrate-"));
    ch = ChdbClient.open(dir);
  });
  afterAll(async () => {
    await ch.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("applies once, then is a no-op", async () => {
    const first = await migrateEventStore(ch);
    expect(first.applied).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const ddl = await ch.query("SHOW CREATE TABLE events");
    const outcomesDdl = await ch.query("SHOW CREATE TABLE outcomes");
    const second = await migrateEventStore(ch);
    expect(second.applied).toEqual([]);
    expect(await ch.query("SHOW CREATE TABLE events")).toEqual(ddl);
    expect(await ch.query("SHOW CREATE TABLE outcomes")).toEqual(outcomesDdl);
    expect(await ch.query("SELECT version, name FROM schema_migrations ORDER BY version")).toEqual([
      { version: 1, name: "events" },
      { version: 2, name: "outcomes" },
      { version: 3, name: "transactions" },
      { version: 4, name: "sessions" },
      { version: 5, name: "attachments" },
      { version: 6, name: "issue-aggregates" },
      { version: 7, name: "user_reports" },
      { version: 8, name: "issue-user-counts" },
      { version: 9, name: "issue-tag-values-all" },
    ]);
  });

  it("creates events with the designed engine, keys and modern options on chDB", async () => {
    const [row] = (await ch.query("SHOW CREATE TABLE events")) as { statement: string }[];
    const ddl = row?.statement ?? "";
    expect(ddl).toContain("ReplacingMergeTree(deleted)");
    expect(ddl).toContain("PARTITION BY (retention_days, toMonday(timestamp))");
    expect(ddl).toContain("ORDER BY (project_id, toStartOfDay(timestamp), group_id, cityHash64(event_id))");
    expect(ddl).toContain("`tags.key` Array(String)");
    expect(ddl).toMatch(/`data` String CODEC\(ZSTD\(1\)\)/);
    expect(ddl).toContain("bloom_filter");
  });

  it("creates outcomes as a SummingMergeTree keyed down to the minute", async () => {
    const [row] = (await ch.query("SHOW CREATE TABLE outcomes")) as { statement: string }[];
    const ddl = row?.statement ?? "";
    expect(ddl).toContain("SummingMergeTree(quantity)");
    expect(ddl).toContain("ORDER BY (org_id, project_id, key_id, outcome, reason, category, timestamp)");
    expect(ddl).toContain("PARTITION BY toMonday(timestamp)");
    expect(ddl).toContain("`timestamp` DateTime");
  });

  it("creates transactions, sessions and attachments with their engines and keys", async () => {
    const ddl = async (table: string) => {
      const [row] = (await ch.query(`SHOW CREATE TABLE ${table}`)) as { statement: string }[];
      return row?.statement ?? "";
    };
    const transactions = await ddl("transactions");
    expect(transactions).toContain("ReplacingMergeTree(deleted)");
    expect(transactions).toContain(
      "ORDER BY (project_id, toStartOfDay(finish_ts), transaction_name, cityHash64(event_id))",
    );
    expect(transactions).toContain("`measurements.value` Array(Float64)");
    const sessions = await ddl("sessions");
    expect(sessions).toContain("SummingMergeTree");
    expect(sessions).toContain("ORDER BY (project_id, release, environment, started)");
    const attachments = await ddl("attachments");
    expect(attachments).toContain("ORDER BY (project_id, event_id, attachment_id, chunk_index)");
    expect(attachments).toMatch(/`data` String CODEC\(ZSTD\(1\)\)/);
  });

  it("re-runs a migration's statements harmlessly (IF NOT EXISTS) after a crash before its record", async () => {
    for (const statement of outcomesMigration.statements(featuresFor("26.1"))) await ch.exec(statement);
    expect((await migrateEventStore(ch)).applied).toEqual([]);
  });

  it("emits no modern syntax for ClickHouse 18.16", () => {
    const [ddl = ""] = eventsMigration.statements(featuresFor("18.16.1"));
    expect(ddl).not.toMatch(/CODEC|LowCardinality|INDEX|TTL|Map\(|DateTime64/);
    expect(ddl).toContain("Nested(key String, value String)");
    const [outcomes = ""] = outcomesMigration.statements(featuresFor("18.16.1"));
    expect(outcomes).not.toMatch(/CODEC|LowCardinality|INDEX|TTL|Map\(|DateTime64|Nullable/);
    expect(outcomes).toContain("ENGINE = SummingMergeTree(quantity)");
    for (const m of [transactionsMigration, sessionsMigration, attachmentsMigration, userReportsMigration]) {
      const [statement = ""] = m.statements(featuresFor("18.16.1"));
      expect(statement).not.toMatch(/CODEC|LowCardinality|INDEX|TTL|Map\(|DateTime64|Nullable/);
    }
  });

  it("derives features from version strings", () => {
    expect(featuresFor("26.7.2.1")).toMatchObject({ major: 26, codecs: true, skipIndexes: true });
    expect(featuresFor("18.16.1")).toMatchObject({
      major: 18,
      codecs: false,
      lowCardinality: false,
      skipIndexes: false,
    });
    expect(featuresFor("garbage")).toMatchObject({ major: 0, codecs: false });
  });
});

describe("MetaStore migrations", () => {
  it("applies the committed SQL once; a second run is a no-op", async () => {
    const meta = await openMetaStore(undefined);
    const count = async () => {
      const res = await meta.db.execute<{ n: number }>(
        dsql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      return res.rows[0]?.n;
    };
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await migrateMetaStore(meta.db);
    expect(await count()).toBe(before);
    const tables = await meta.db.execute<{ table_name: string }>(
      dsql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      "alert_deliveries",
      "alert_outbox",
      "alert_rule_fires",
      "alert_rule_issue_states",
      "alert_rules",
      "api_tokens",
      "filters",
      "issue_hashes",
      "issues",
      "login_failures",
      "memberships",
      "metric_alert_evaluations",
      "metric_alert_rules",
      "organizations",
      "project_keys",
      "projects",
      "quotas",
      "scrub_rules",
      "sessions",
      "spike_protection",
      "users",
    ]);
    await meta.close();
  });
});
