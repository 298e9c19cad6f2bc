/**
 * The self-hosted edge (DESIGN 5): the same Worker under `workerd serve` with a config generated from
 * wrangler.toml, forwarding by group-commit HTTP instead of a Queue and keeping QuotaDO on local disk.
 * A real `@sentry/node` SDK sends to it; the event must come out of the REST API as an issue, and a
 * key's rate limit must be enforced by the on-disk QuotaDO.
 */
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startTestStack, type TestStack } from "./harness.ts";

interface ApiIssue {
  id: string;
  title: string;
  level: string;
  count: string;
}
interface ApiKey {
  id: string;
  dsn: { public: string };
}

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ edgeRuntime: "workerd" });
  Sentry.init({
    dsn: stack.dsn,
    release: "workerd@1.0.0",
    tracesSampleRate: 0,
    integrations: (defaults) =>
      defaults.filter((i) => !["OnUncaughtException", "OnUnhandledRejection"].includes(i.name)),
  });
});

afterAll(async () => {
  await Sentry.close(2_000);
  await stack?.close();
});

function parseTicket(raw: string): never {
  throw new SyntaxError(`ticket ${raw} is not valid JSON`);
}

async function findIssue(title: string): Promise<ApiIssue | undefined> {
  const res = await stack.api<ApiIssue[]>("/api/0/projects/default/default/issues/?query=&statsPeriod=24h");
  if (res.status !== 200) throw new Error(`issue list: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.find((i) => i.title === title);
}

/** A minimal envelope with one event, as an SDK would send it. */
function envelope(message: string): string {
  return `{}\n{"type":"event"}\n${JSON.stringify({ message, level: "error", platform: "node" })}\n`;
}

describe("edge under workerd serve", () => {
  it("runs the edge as workerd, not wrangler", () => {
    const edge = stack.processes.find((p) => p.name === "edge");
    expect(edge?.child.spawnargs.join(" ")).toMatch(/workerd serve .*workerd\.capnp/);
  });

  it("turns an @sentry/node exception into an issue, answered only after the backend stored it", async () => {
    try {
      parseTicket("T-42");
    } catch (e) {
      Sentry.captureException(e);
    }
    expect(await Sentry.flush(10_000)).toBe(true);
    const issue = await eventually(() => findIssue("SyntaxError: ticket T-42 is not valid JSON"), 15_000);
    expect(issue).toMatchObject({ level: "error", count: "1" });
    // The 200 came after the backend's ack (group commit): the issue is there without waiting for a
    // queue consumer, and the edge logged no failed batch.
    expect(stack.logs.filter((l) => l.includes("ingest batch failed"))).toEqual([]);
  });

  it("answers concurrent requests from one group-committed batch", async () => {
    // Each waiting request needs its own pending timer (the group commit's per-caller deadline):
    // without one, workerd cancels the requests that wait on another request's POST as hung, and
    // many of these 20 answer 500 (checked by removing the timer).
    const sends = Array.from({ length: 20 }, (_, i) =>
      fetch(`${stack.edgeUrl}/api/1/envelope/?sentry_key=${new URL(stack.dsn).username}&sentry_version=7`, {
        method: "POST",
        body: envelope(`concurrent ${i}`),
      }),
    );
    const statuses = (await Promise.all(sends)).map((r) => r.status);
    expect(statuses).toEqual(statuses.map(() => 200));
    // Every answered event is already stored: the poll only covers the API's own latency.
    // Messages differing only in a number group into one issue (Sentry's message parametrization).
    const issue = await eventually(async () => {
      const res = await stack.api<ApiIssue[]>("/api/0/projects/default/default/issues/?query=&statsPeriod=24h");
      return res.body.find((i) => i.title.startsWith("concurrent ") && i.count === "20");
    }, 5_000);
    expect(issue.level).toBe("error");
  });

  it("enforces a key's rate limit with a QuotaDO stored on local disk", async () => {
    const created = await stack.api<ApiKey>("/api/0/projects/default/default/keys/", {
      method: "POST",
      body: JSON.stringify({ name: "limited", rateLimit: { window: 60, count: 2 } }),
    });
    expect(created.status).toBe(201);
    const url = `${stack.edgeUrl}/api/1/envelope/?sentry_key=${created.body.id}&sentry_version=7`;
    // Windows of organization 1 start at unix seconds ≡ 1 (mod 60) (DESIGN 5's stagger).
    const slot = () => Math.floor((Date.now() / 1000 - 1) / 60);
    const before = slot();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await fetch(url, { method: "POST", body: envelope(`limited ${i}`) })).status);
    }
    if (slot() === before) expect(statuses).toEqual([200, 200, 429, 429]);
    else expect(statuses).toContain(429);
    // The counters live in SQLite files under the data dir, not in memory.
    const configPath = stack.processes.find((p) => p.name === "edge")?.child.spawnargs.at(-1) ?? "";
    const doDir = join(dirname(configPath), "do", "breakwater-edge-QuotaDO");
    expect(existsSync(doDir) && readdirSync(doDir).some((f) => f.endsWith(".sqlite"))).toBe(true);
  });

  it("rejects an unknown DSN key with 403", async () => {
    const res = await fetch(`${stack.edgeUrl}/api/1/envelope/?sentry_key=${"0".repeat(32)}&sentry_version=7`, {
      method: "POST",
      body: envelope("x"),
    });
    expect(res.status).toBe(403);
  });
});
