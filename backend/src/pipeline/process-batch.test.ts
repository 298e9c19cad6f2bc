import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueHashes, issues } from "../db/schema/index.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import {
  attachmentRecords,
  errorRecord,
  messageRecord,
  newEventId,
  sessionRecord,
  transactionRecord,
} from "../testutil/records.ts";
import { type CommitInfo, createPipeline, processBatch } from "./process-batch.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const deps = () => ({ db: h.services.db, events: h.services.events });

async function issueByTitle(title: string) {
  return (await h.services.db.select().from(issues).where(eq(issues.title, title)))[0];
}

async function storedCount(where: string): Promise<number> {
  const [row] = (await h.services.events.query(`SELECT count() AS n FROM events WHERE deleted = 0 AND ${where}`)) as {
    n: number;
  }[];
  return Number(row?.n);
}

describe("processBatch", () => {
  it("groups the same error twice into one issue with times_seen 2", async () => {
    const a = errorRecord({ type: "SameError", value: "boom", functions: ["same"] });
    const b = errorRecord({ type: "SameError", value: "boom", functions: ["same"] });
    expect(await processBatch(deps(), [a, b])).toEqual({ accepted: 2, duplicates: 0, issues: 1 });
    const issue = await issueByTitle("SameError: boom");
    expect(issue?.timesSeen).toBe(2);
    expect(issue?.status).toBe("unresolved");
    expect(issue?.substatus).toBe("new");
    expect(issue?.type).toBe("error");
    const ids = `'${a.event.event_id}', '${b.event.event_id}'`;
    expect(await storedCount(`event_id IN (${ids}) AND group_id = ${issue?.id}`)).toBe(2);
    const links = await h.services.db
      .select()
      .from(issueHashes)
      .where(eq(issueHashes.issueId, issue?.id ?? 0));
    expect(links.map((l) => l.hash)).toEqual([issue?.primaryHash]);
  });

  it("adds to an existing issue across batches and widens first/last seen", async () => {
    const t = Math.floor(Date.now() / 1000);
    const mk = (timestamp: number) => errorRecord({ type: "Span", value: "x", functions: ["span"], timestamp });
    await processBatch(deps(), [mk(t - 100)]);
    await processBatch(deps(), [mk(t - 500), mk(t - 10)]);
    const issue = await issueByTitle("Span: x");
    expect(issue?.timesSeen).toBe(3);
    expect(issue?.firstSeen.getTime()).toBe((t - 500) * 1000);
    expect(issue?.lastSeen.getTime()).toBe((t - 10) * 1000);
  });

  it("puts two different errors into two issues", async () => {
    const result = await processBatch(deps(), [
      errorRecord({ type: "FirstError", value: "one", functions: ["first"] }),
      errorRecord({ type: "SecondError", value: "two", functions: ["second"] }),
      messageRecord("a plain message"),
    ]);
    expect(result).toEqual({ accepted: 3, duplicates: 0, issues: 3 });
    const first = await issueByTitle("FirstError: one");
    const second = await issueByTitle("SecondError: two");
    const message = await issueByTitle("a plain message");
    expect(first?.id).toBeDefined();
    expect(second?.id).toBeDefined();
    expect(first?.id).not.toBe(second?.id);
    expect(message?.type).toBe("default");
    expect(message?.level).toBe("info");
  });

  it("counts a replayed batch as duplicates and leaves times_seen unchanged", async () => {
    const batch = [
      errorRecord({ type: "Replay", value: "again", functions: ["replay"] }),
      errorRecord({ type: "Replay", value: "again", functions: ["replay"] }),
    ];
    expect(await processBatch(deps(), batch)).toEqual({ accepted: 2, duplicates: 0, issues: 1 });
    expect(await processBatch(deps(), batch)).toEqual({ accepted: 0, duplicates: 2, issues: 0 });
    expect((await issueByTitle("Replay: again"))?.timesSeen).toBe(2);
    expect(await storedCount(`event_id = '${batch[0]?.event.event_id}'`)).toBe(1);
  });

  it("drops duplicates within one batch", async () => {
    const one = errorRecord({ type: "InBatch", value: "dup", functions: ["dup"] });
    expect(await processBatch(deps(), [one, one, one])).toEqual({ accepted: 1, duplicates: 2, issues: 1 });
    expect((await issueByTitle("InBatch: dup"))?.timesSeen).toBe(1);
  });

  it("reopens a resolved issue as regressed when a newer event arrives", async () => {
    const t = Math.floor(Date.now() / 1000);
    await processBatch(deps(), [errorRecord({ type: "Regress", value: "r", functions: ["reg"], timestamp: t - 50 })]);
    const issue = await issueByTitle("Regress: r");
    await h.services.db
      .update(issues)
      .set({ status: "resolved", substatus: null, resolvedAt: new Date((t - 40) * 1000) })
      .where(eq(issues.id, issue?.id ?? 0));
    // An older, late event does not reopen it ...
    await processBatch(deps(), [errorRecord({ type: "Regress", value: "r", functions: ["reg"], timestamp: t - 45 })]);
    expect((await issueByTitle("Regress: r"))?.status).toBe("resolved");
    // ... a newer one does.
    await processBatch(deps(), [errorRecord({ type: "Regress", value: "r", functions: ["reg"], timestamp: t - 5 })]);
    const reopened = await issueByTitle("Regress: r");
    expect(reopened?.status).toBe("unresolved");
    expect(reopened?.substatus).toBe("regressed");
    expect(reopened?.timesSeen).toBe(3);
  });

  it("rolls the issue counters back when the event insert fails", async () => {
    const failing = {
      db: h.services.db,
      events: {
        query: h.services.events.query.bind(h.services.events),
        exec: h.services.events.exec.bind(h.services.events),
        insertJsonEachRow: async () => {
          throw new Error("chDB down");
        },
      },
    };
    const record = errorRecord({ type: "Rollback", value: "rb", functions: ["rb"] });
    await expect(processBatch(failing as never, [record])).rejects.toThrow("chDB down");
    expect(await issueByTitle("Rollback: rb")).toBeUndefined();
    // The retry then counts the event exactly once.
    expect(await processBatch(deps(), [record])).toEqual({ accepted: 1, duplicates: 0, issues: 1 });
    expect((await issueByTitle("Rollback: rb"))?.timesSeen).toBe(1);
  });

  it("stores promoted columns, tags and frames", async () => {
    const record = errorRecord({ type: "Columns", value: "c", functions: ["outer", "inner"] });
    await processBatch(deps(), [record]);
    const [row] = (await h.services.events.query(
      `SELECT user, user_id, environment, release, sdk_name, tags.key AS k, tags.value AS v,
              exception_stacks.type AS st, exception_stacks.mechanism_handled AS handled,
              exception_frames.function AS fn, exception_frames.in_app AS in_app
       FROM events WHERE event_id = '${record.event.event_id}'`,
    )) as Record<string, unknown>[];
    expect(row).toMatchObject({
      user: "id:42",
      user_id: "42",
      environment: "production",
      release: "app@1.0.0",
      sdk_name: "sentry.javascript.node",
      st: ["Columns"],
      handled: [0],
      fn: ["outer", "inner"],
      in_app: [1, 1],
    });
    expect(row?.k).toEqual(expect.arrayContaining(["browser", "level", "environment", "release", "user", "handled"]));
  });

  it("inserts a 1,000-event batch (figure reported in the log)", async () => {
    const batch = Array.from({ length: 1000 }, (_, i) =>
      errorRecord({ type: `Bulk${i % 50}`, value: "bulk", functions: [`bulk${i % 50}`], eventId: newEventId() }),
    );
    const started = performance.now();
    const result = await processBatch(deps(), batch);
    const ms = performance.now() - started;
    expect(result).toEqual({ accepted: 1000, duplicates: 0, issues: 50 });
    console.log(
      `pipeline: 1,000-event batch (50 issues) in ${ms.toFixed(0)} ms (${Math.round(1000 / (ms / 1000))} events/s)`,
    );
    const replay = performance.now();
    expect(await processBatch(deps(), batch)).toEqual({ accepted: 0, duplicates: 1000, issues: 0 });
    console.log(
      `pipeline: replayed 1,000-event batch (all duplicates) in ${(performance.now() - replay).toFixed(0)} ms`,
    );
  });

  it("stores events whose text holds NUL bytes (Postgres cannot) instead of failing the batch", async () => {
    const nul = errorRecord({ type: "NulError", value: "bad\u0000byte", functions: ["nul"] });
    const fine = errorRecord({ type: "FineError", value: "ok", functions: ["fine"] });
    expect(await processBatch(deps(), [nul, fine])).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await issueByTitle("NulError: bad\uFFFDbyte")).toBeDefined();
    expect(await issueByTitle("FineError: ok")).toBeDefined();
  });

  it("stores events whose text holds a lone UTF-16 surrogate (jsonb cannot) instead of failing the batch", async () => {
    const lone = errorRecord({ type: "SurrogateError", value: "half \ud800 pair", functions: ["lone"] });
    expect(await processBatch(deps(), [lone])).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await issueByTitle("SurrogateError: half \uFFFD pair")).toBeDefined();
  });
});

describe("processBatch with every record kind", () => {
  it("stores each kind in its table, dedupes repeats in the batch, and only events make issues", async () => {
    const event = errorRecord({ type: "MixedKinds", value: "m", functions: ["mixed"] });
    const transaction = transactionRecord({ name: "GET /mixed" });
    const chunks = attachmentRecords(new Uint8Array(70_000).fill(1), { eventId: event.event.event_id });
    const session = sessionRecord({ release: "mixed@1", sessions: 4, crashed: 1 });
    const batch = [event, transaction, transaction, ...chunks, chunks[0]!, session, session];
    // Duplicates: the transaction and the first chunk; the two session rows are two counts.
    expect(await processBatch(deps(), batch)).toEqual({ accepted: 6, duplicates: 2, issues: 1 });
    const count = async (sql: string) => Number(((await h.services.events.query(sql))[0] as { n: unknown }).n);
    expect(await count(`SELECT count() AS n FROM transactions WHERE transaction_name = 'GET /mixed'`)).toBe(1);
    expect(await count(`SELECT count() AS n FROM attachments WHERE event_id = '${event.event.event_id}'`)).toBe(2);
    expect(await count(`SELECT sum(sessions) AS n FROM sessions WHERE release = 'mixed@1'`)).toBe(8);
    expect((await issueByTitle("MixedKinds: m"))?.timesSeen).toBe(1);
  });
});

describe("createPipeline (group commit)", () => {
  it("merges requests that wait behind a commit into one commit and answers each with its own counts", async () => {
    const commits: CommitInfo[] = [];
    const pipeline = createPipeline(deps(), { onCommit: (c) => commits.push(c) });
    const shared = errorRecord({ type: "GroupShared", value: "g", functions: ["gs"] });
    const first = pipeline.process([errorRecord({ type: "GroupFirst", value: "g", functions: ["gf"] })]);
    // Queued while the first commit runs: merged into the second one.
    const second = pipeline.process([shared, errorRecord({ type: "GroupSecond", value: "g", functions: ["g2"] })]);
    const third = pipeline.process([{ ...shared }, errorRecord({ type: "GroupThird", value: "g", functions: ["g3"] })]);
    expect(await first).toEqual({ accepted: 1, duplicates: 0, issues: 1 });
    // The same event id in two merged requests is stored once: the later request counts it a duplicate.
    expect(await second).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await third).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(commits.map((c) => [c.requests, c.records, c.accepted])).toEqual([
      [1, 1, 1],
      [2, 4, 3],
    ]);
    expect(await storedCount(`event_id = '${shared.event.event_id}'`)).toBe(1);
    expect((await issueByTitle("GroupThird: g"))?.timesSeen).toBe(1);
  });

  it("retries each request alone when a merged commit fails, so one bad request fails only itself", async () => {
    const poison = errorRecord({ type: "GroupPoison", value: "p", functions: ["gp"] });
    const events = h.services.events;
    const flaky = {
      db: h.services.db,
      events: {
        query: events.query.bind(events),
        exec: events.exec.bind(events),
        insertJsonEachRow: async (table: string, rows: readonly Record<string, unknown>[]) => {
          if (rows.some((r) => r.event_id === poison.event.event_id)) throw new Error("rejected row");
          await events.insertJsonEachRow(table, rows);
        },
      },
    };
    const commits: CommitInfo[] = [];
    const pipeline = createPipeline(flaky as never, { onCommit: (c) => commits.push(c) });
    const head = pipeline.process([errorRecord({ type: "GroupHead", value: "p", functions: ["gh"] })]);
    const good = errorRecord({ type: "GroupGood", value: "p", functions: ["gg"] });
    const goodAnswer = pipeline.process([good]);
    const badAnswer = pipeline.process([poison]);
    await head;
    expect(await goodAnswer).toEqual({ accepted: 1, duplicates: 0, issues: 1 });
    await expect(badAnswer).rejects.toThrow("rejected row");
    expect(commits.map((c) => c.requests)).toEqual([1, 1]);
    expect((await issueByTitle("GroupGood: p"))?.timesSeen).toBe(1);
    expect(await issueByTitle("GroupPoison: p")).toBeUndefined();
  });

  it("caps a commit at maxCommitRecords but never splits a request", async () => {
    const commits: CommitInfo[] = [];
    const pipeline = createPipeline(deps(), { maxCommitRecords: 3, onCommit: (c) => commits.push(c) });
    const mk = (i: number) => errorRecord({ type: `GroupCap${i}`, value: "c", functions: ["gc"] });
    await Promise.all([
      pipeline.process([mk(0)]),
      pipeline.process([mk(1), mk(2)]),
      pipeline.process([mk(3)]),
      pipeline.process([mk(4), mk(5), mk(6), mk(7)]),
    ]);
    expect(commits.map((c) => c.records)).toEqual([1, 3, 4]);
  });
});
