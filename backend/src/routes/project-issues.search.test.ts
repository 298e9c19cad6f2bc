/**
 * Each element of the issue search syntax answered on seeded data (chDB + PGlite, or ClickHouse
 * 18.16 + Postgres in cluster mode).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issues } from "../db/schema/index.ts";
import { processBatch } from "../pipeline/process-batch.ts";
import type { IssueJson } from "../serializers/issue.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { errorRecord } from "../testutil/records.ts";

let h: Harness;
const now = Math.floor(Date.now() / 1000);
const H = 3600;

interface Spec {
  name: string;
  times: number[];
  level: string;
  environment: string;
  release: string;
  browser: string;
  users: string[];
  message?: string;
}

// Alpha: old, 3 users; Beta: new and frequent; Gamma: resolved, with a message; Delta: ignored.
const SPECS: Spec[] = [
  {
    name: "Alpha",
    times: [now - 72 * H, now - 5 * H, now - 4 * H],
    level: "error",
    environment: "production",
    release: "app@1.0",
    browser: "Chrome",
    users: ["u1", "u2", "u3"],
  },
  {
    name: "Beta",
    times: Array.from({ length: 12 }, (_, i) => now - H + i * 60),
    level: "warning",
    environment: "staging",
    release: "app@2.0",
    browser: "Firefox",
    users: ["u1"],
  },
  {
    name: "Gamma",
    times: [now - 48 * H],
    level: "error",
    environment: "production",
    release: "app@2.0-beta",
    browser: "Mobile Safari",
    users: ["u7"],
    message: "payment declined 100%",
  },
  {
    name: "Delta",
    times: [now - 120 * H, now - 3 * H],
    level: "fatal",
    environment: "production",
    release: "app@1.0",
    browser: "Chrome",
    users: ["u5", "u6"],
  },
];

beforeAll(async () => {
  h = await createHarness();
  const records = SPECS.flatMap((s) =>
    s.times.map((timestamp, i) =>
      errorRecord({
        type: s.name,
        value: "failed",
        functions: [s.name.toLowerCase()],
        timestamp,
        user: { id: s.users[i % s.users.length] },
        extra: {
          level: s.level,
          environment: s.environment,
          release: s.release,
          tags: [["browser", s.browser]],
          ...(s.message ? { logentry: { formatted: s.message } } : {}),
        },
      }),
    ),
  );
  await processBatch({ db: h.services.db, events: h.services.events }, records);
  await h.services.db.update(issues).set({ status: "resolved" }).where(eq(issues.title, "Gamma: failed"));
  await h.services.db.update(issues).set({ status: "ignored" }).where(eq(issues.title, "Delta: failed"));
});
afterAll(async () => {
  await h?.close();
});

async function list(params: Record<string, string>) {
  const url = `/api/0/projects/default/default/issues/?${new URLSearchParams(params)}`;
  const res = await h.app.request(url, { headers: h.auth });
  const body = (await res.json()) as (IssueJson & { filtered: { count: string; userCount: number } | null })[] & {
    detail?: string;
  };
  return { res, body };
}
const names = async (query: string, sort = "date") => {
  const { res, body } = await list({ query, sort });
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.map((i) => i.title.replace(": failed", ""));
};

describe("issue search on seeded data", () => {
  it("is: statuses", async () => {
    expect(await names("is:unresolved")).toEqual(["Beta", "Alpha"]);
    expect(await names("is:resolved")).toEqual(["Gamma"]);
    expect(await names("is:ignored")).toEqual(["Delta"]);
    expect(await names("is:resolved is:ignored")).toEqual(["Delta", "Gamma"]);
    expect(await names("")).toEqual(["Beta", "Delta", "Alpha", "Gamma"]);
  });

  it("level, release, environment (event fields), with wildcards and negation", async () => {
    expect(await names("level:error")).toEqual(["Alpha", "Gamma"]);
    expect(await names("level:[fatal, warning]")).toEqual(["Beta", "Delta"]);
    expect(await names("release:app@2.0*")).toEqual(["Beta", "Gamma"]);
    expect(await names("release:app@2.0")).toEqual(["Beta"]);
    expect(await names("environment:staging")).toEqual(["Beta"]);
    expect(await names("!environment:production")).toEqual(["Beta"]);
  });

  it("any tag, quoted values, wildcards, negation", async () => {
    expect(await names("browser:Chrome")).toEqual(["Delta", "Alpha"]);
    expect(await names('browser:"Mobile Safari"')).toEqual(["Gamma"]);
    expect(await names("browser:*Safari")).toEqual(["Gamma"]);
    expect(await names("tags[browser]:Fire*")).toEqual(["Beta"]);
    expect(await names("!browser:Chrome")).toEqual(["Beta", "Gamma"]);
    expect(await names("user:id:u2")).toEqual(["Alpha"]);
    expect(await names("browser:Chrome is:unresolved")).toEqual(["Alpha"]);
    expect(await names("browser:nothing")).toEqual([]);
  });

  it("free text on title and message, case-insensitive, with LIKE characters taken literally", async () => {
    expect(await names("alpha")).toEqual(["Alpha"]);
    expect(await names('"declined 100%"')).toEqual(["Gamma"]);
    expect(await names("declined 1_0%")).toEqual([]);
    expect(await names("') OR 1=1 --")).toEqual([]);
  });

  it("firstSeen, lastSeen and times_seen", async () => {
    expect(await names("firstSeen:-24h")).toEqual(["Beta"]);
    expect(await names("firstSeen:+24h")).toEqual(["Delta", "Alpha", "Gamma"]);
    expect(await names("lastSeen:-5h")).toEqual(["Beta", "Delta", "Alpha"]);
    const day = new Date((now - 48 * H) * 1000).toISOString().slice(0, 10);
    expect(await names(`firstSeen:${day}`)).toEqual(["Gamma"]);
    expect(await names(`firstSeen:>${new Date((now - 60 * H) * 1000).toISOString().slice(0, 19)}`)).toEqual([
      "Beta",
      "Gamma",
    ]);
    expect(await names("times_seen:>10")).toEqual(["Beta"]);
    expect(await names("times_seen:<=2")).toEqual(["Delta", "Gamma"]);
  });

  it("sorts by date, new, freq and user", async () => {
    expect(await names("", "date")).toEqual(["Beta", "Delta", "Alpha", "Gamma"]);
    expect(await names("", "new")).toEqual(["Beta", "Gamma", "Alpha", "Delta"]);
    expect(await names("", "freq")).toEqual(["Beta", "Alpha", "Delta", "Gamma"]);
    // 3, 2, then Beta and Gamma with 1 user each: the newer issue id first.
    expect(await names("", "user")).toEqual(["Alpha", "Delta", "Gamma", "Beta"]);
  });

  it("reports counts of the matching events under `filtered`", async () => {
    const { body } = await list({ query: "release:app@1.0 browser:Chrome", sort: "freq" });
    expect(body.map((i) => [i.title, i.count, i.userCount, i.filtered?.count])).toEqual([
      ["Alpha: failed", "3", 3, "3"],
      ["Delta: failed", "2", 2, "2"],
    ]);
    const { body: plain } = await list({ query: "" });
    expect(plain[0]?.filtered).toBeNull();
  });

  it.each(["date", "new", "freq", "user"])("pages through every issue with Link cursors (sort=%s)", async (sort) => {
    const all = await names("", sort);
    const seen: string[] = [];
    let url = `/api/0/projects/default/default/issues/?query=&sort=${sort}&limit=1`;
    for (let i = 0; i < 10; i++) {
      const res = await h.app.request(url, { headers: h.auth });
      const page = (await res.json()) as IssueJson[];
      seen.push(...page.map((p) => p.title.replace(": failed", "")));
      const next = /<([^>]+)>; rel="next"; results="(true|false)"/.exec(res.headers.get("Link") ?? "");
      if (next?.[2] !== "true") break;
      url = new URL(next[1] ?? "").pathname + new URL(next[1] ?? "").search;
    }
    expect(seen).toEqual(all);
  });

  it("answers 400 with the reason for a malformed search", async () => {
    const { res, body } = await list({ query: 'message:"open' });
    expect(res.status).toBe(400);
    expect(body.detail).toContain("Unterminated quoted value");
    expect((await list({ query: "", sort: "priority" })).res.status).toBe(400);
  });
});
