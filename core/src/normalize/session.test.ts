import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SessionCountsSchema } from "../schema/index.ts";
import { countSessionUpdate, sessionAggregateCounts, sessionUpdateCounts } from "./session.ts";

const received = 1_714_557_630;
const minute = 1_714_557_600;
const iso = (t: number) => new Date(t * 1000).toISOString();

function update(over: Record<string, unknown> = {}) {
  return {
    sid: "7e8f3f1c2a4b4c5d9e0f1a2b3c4d5e6f",
    did: "user-1",
    init: true,
    started: iso(received - 10),
    timestamp: iso(received),
    status: "ok",
    errors: 0,
    attrs: { release: "app@1.0.0", environment: "staging" },
    ...over,
  };
}

describe("sessionUpdateCounts", () => {
  it("counts an initial update once, in the minute the session started", () => {
    expect(sessionUpdateCounts(update(), received)).toEqual({
      ok: true,
      value: [
        {
          release: "app@1.0.0",
          environment: "staging",
          started: minute,
          sessions: 1,
          errored: 0,
          crashed: 0,
          abnormal: 0,
        },
      ],
    });
  });

  it("follows one SDK session through init, first error, crash and exit", () => {
    const steps = [
      update(),
      update({ init: false, errors: 1 }),
      update({ init: false, errors: 1, status: "crashed" }),
    ].map((u) => sessionUpdateCounts(u, received));
    const total = { sessions: 0, errored: 0, crashed: 0, abnormal: 0 };
    for (const step of steps) {
      expect(step.ok).toBe(true);
      for (const row of step.ok ? step.value : []) {
        for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += row[k];
      }
    }
    expect(total).toEqual({ sessions: 1, errored: 1, crashed: 1, abnormal: 0 });
  });

  it("yields no row for an update that changes no count (a clean exit)", () => {
    expect(sessionUpdateCounts(update({ init: false, status: "exited" }), received)).toEqual({ ok: true, value: [] });
  });

  it("defaults the environment to production", () => {
    const result = sessionUpdateCounts(update({ attrs: { release: 7 } }), received);
    expect(result.ok && result.value[0]).toMatchObject({ release: "7", environment: "production" });
  });

  it.each([
    ["without a release", update({ attrs: {} }), "invalid_payload"],
    ["with an unknown status", update({ status: "sleepy" }), "invalid_payload"],
    ["started in the future", update({ started: iso(received + 3600) }), "invalid_timestamp"],
    ["started a week ago", update({ started: iso(received - 7 * 86400) }), "invalid_timestamp"],
  ])("drops a session %s", (_what, payload, code) => {
    const result = sessionUpdateCounts(payload, received);
    expect(!result.ok && result.error.code).toBe(code);
  });

  it("counts each status as Sentry does", () => {
    const c = (over: Record<string, unknown>) => countSessionUpdate(update(over) as never);
    expect(c({ status: "abnormal", init: false })).toEqual({ sessions: 0, errored: 0, crashed: 0, abnormal: 1 });
    expect(c({ status: "errored", init: false })).toMatchObject({ errored: 1 });
    expect(c({ status: "exited", init: true, errors: 2 })).toEqual({
      sessions: 1,
      errored: 1,
      crashed: 0,
      abnormal: 0,
    });
    expect(c({ status: "exited", init: false, errors: 2 })).toMatchObject({ errored: 0 });
  });
});

describe("sessionAggregateCounts", () => {
  it("adds up buckets per minute: every bucket status is a session", () => {
    const result = sessionAggregateCounts(
      {
        aggregates: [
          { started: iso(minute + 5), exited: 3, errored: 1 },
          { started: iso(minute + 40), exited: 1, crashed: 1 },
          { started: iso(minute - 60), abnormal: 2 },
        ],
        attrs: { release: "api@2", environment: "prod" },
      },
      received,
    );
    expect(result).toEqual({
      ok: true,
      value: [
        { release: "api@2", environment: "prod", started: minute, sessions: 6, errored: 1, crashed: 1, abnormal: 0 },
        {
          release: "api@2",
          environment: "prod",
          started: minute - 60,
          sessions: 2,
          errored: 0,
          crashed: 0,
          abnormal: 2,
        },
      ],
    });
  });

  it("refuses an aggregate without a release or with a bad start", () => {
    expect(sessionAggregateCounts({ aggregates: [], attrs: {} }, received).ok).toBe(false);
    expect(
      sessionAggregateCounts({ aggregates: [{ started: "never", exited: 1 }], attrs: { release: "a" } }, received).ok,
    ).toBe(false);
  });

  it("always yields rows the ingest schema accepts, whose sessions cover every status", () => {
    const bucket = fc.record({
      offset: fc.integer({ min: -3600, max: 0 }),
      exited: fc.nat(50),
      errored: fc.nat(50),
      abnormal: fc.nat(50),
      crashed: fc.nat(50),
    });
    fc.assert(
      fc.property(fc.array(bucket, { maxLength: 20 }), (buckets) => {
        const result = sessionAggregateCounts(
          {
            aggregates: buckets.map(({ offset, ...b }) => ({ started: received + offset, ...b })),
            attrs: { release: "r" },
          },
          received,
        );
        if (!result.ok) return false;
        const sum = (k: "sessions" | "errored" | "crashed" | "abnormal") => result.value.reduce((n, r) => n + r[k], 0);
        const all = buckets.reduce((n, b) => n + b.exited + b.errored + b.abnormal + b.crashed, 0);
        return (
          result.value.every((r) => SessionCountsSchema.safeParse(r).success) &&
          sum("sessions") === all &&
          sum("errored") + sum("crashed") + sum("abnormal") <= sum("sessions")
        );
      }),
    );
  });
});
