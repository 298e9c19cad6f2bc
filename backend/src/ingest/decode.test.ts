import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { errorRecord, ndjson } from "../testutil/records.ts";
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
});
