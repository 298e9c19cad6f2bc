/**
 * The consumer's message check (`parseRecord`) goes through the same fast path as `/internal/ingest`
 * (issue 8): it must answer zod's record, and refuse what zod refuses with zod's words.
 */
import { IngestRecordSchema } from "@breakwater/core/schema";
import { describe, expect, it } from "vitest";
import { wellFormedEvent } from "../pipeline/well-formed.ts";
import { errorRecord } from "../testutil/records.ts";
import { parseRecord } from "./consumer.ts";

const message = (value: unknown) => ({ value: Buffer.from(JSON.stringify(value)) });

describe("parseRecord", () => {
  it("answers zod's record (key order, stringified user id) and marks its event well-formed", () => {
    const base = errorRecord();
    const raw = { ...base, event: { ...base.event, user: { id: 7 } } };
    const reordered = Object.fromEntries(Object.entries(raw).reverse());
    const parsed = parseRecord(message(reordered));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(JSON.stringify(parsed.record)).toBe(JSON.stringify(IngestRecordSchema.parse(reordered)));
    if (parsed.record.kind !== "event") throw new Error("kind");
    expect(wellFormedEvent(parsed.record.event)).toBe(parsed.record.event);
  });

  it("refuses an invalid record with zod's path and message", () => {
    const base = errorRecord();
    const parsed = parseRecord(message({ ...base, event: { ...base.event, level: "critical" } }));
    expect(parsed).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid ingest record: event\.level: /) });
  });
});
