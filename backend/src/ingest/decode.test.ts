import { gzipSync } from "node:zlib";
import { IngestRecordSchema } from "@breakwater/core/schema";
import { describe, expect, it } from "vitest";
import { errorRecord, ndjson, sessionRecord, transactionRecord } from "../testutil/records.ts";
import { decodeIngestBody, parseNdjson } from "./decode.ts";

const enc = (s: string) => new TextEncoder().encode(s);

describe("decodeIngestBody", () => {
  const records = [errorRecord(), errorRecord()];

  it("decodes plain and gzip NDJSON to the same records", async () => {
    const plain = await decodeIngestBody(enc(ndjson(records)), undefined);
    const gz = await decodeIngestBody(gzipSync(ndjson(records)), "gzip");
    expect(plain).toEqual({ ok: true, value: records });
    expect(gz).toEqual(plain);
  });

  it("caps the inflated size while inflating", async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20));
    expect(await decodeIngestBody(bomb, "gzip", 1024 * 1024)).toEqual({
      ok: false,
      error: { code: "too_large", limit: 1024 * 1024 },
    });
  });

  it("refuses unknown encodings", async () => {
    expect(await decodeIngestBody(enc(""), "deflate")).toMatchObject({
      ok: false,
      error: { code: "unsupported_encoding" },
    });
  });

  it("reports invalid lines by number and caps the list", () => {
    const lines = Array.from({ length: 30 }, () => "{}").join("\n");
    const result = parseNdjson(lines);
    if (result.ok) throw new Error("expected failure");
    if (result.error.code !== "invalid_lines") throw new Error("wrong code");
    expect(result.error.causes).toHaveLength(21);
    expect(result.error.causes[0]).toMatch(/^line 1: /);
    expect(result.error.causes[20]).toBe("... and 10 more invalid lines");
  });

  it("skips blank lines", () => {
    expect(parseNdjson(`\n\n${JSON.stringify(records[0])}\n\n`)).toEqual({ ok: true, value: [records[0]] });
  });

  // The records are checked by core's exact fast path first (issue 8); what it returns must be what
  // zod returns, and what zod refuses must still be refused with zod's words.
  it("returns exactly zod's records, key order included, for every record kind", () => {
    const numericUser = errorRecord();
    const mixed: unknown[] = [
      errorRecord(),
      transactionRecord(),
      sessionRecord(),
      { ...numericUser, event: { ...numericUser.event, user: { id: 42 } } },
    ];
    // Keys out of schema order, an integer user id and a legacy record without `kind`: zod reorders,
    // stringifies and fills in; so must the fast path.
    const { kind: _kind, ...legacy } = errorRecord();
    const reordered = Object.fromEntries(Object.entries(errorRecord()).reverse());
    const lines = [...mixed, legacy, reordered].map((r) => JSON.stringify(r));
    const result = parseNdjson(lines.join("\n"));
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.map((r) => JSON.stringify(r))).toEqual(
      lines.map((l) => JSON.stringify(IngestRecordSchema.parse(JSON.parse(l)))),
    );
  });

  it("still refuses a malformed record with zod's message", () => {
    const good = errorRecord();
    const bad = [
      { ...good, project_id: 0 },
      { ...good, event: { ...good.event, level: "critical" } },
      { ...good, event: { ...good.event, event_id: "not-an-id" } },
      { ...good, event: { ...good.event, tags: [["a", 1]] } },
      { ...good, kind: "profile" },
    ];
    const result = parseNdjson([good, ...bad].map((r) => JSON.stringify(r)).join("\n"));
    if (result.ok || result.error.code !== "invalid_lines") throw new Error("expected invalid lines");
    expect(result.error.causes).toHaveLength(5);
    expect(result.error.causes[0]).toMatch(/^line 2: project_id: /);
    expect(result.error.causes[1]).toMatch(/^line 3: event\.level: /);
    expect(result.error.causes[2]).toMatch(/^line 4: event\.event_id: /);
    expect(result.error.causes[3]).toMatch(/^line 5: event\.tags\.0\.1: /);
    expect(result.error.causes[4]).toMatch(/^line 6: kind: /);
  });
});
