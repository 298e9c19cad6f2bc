import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Dsn, formatDsn, parseDsn } from "./dsn.ts";

describe("parseDsn", () => {
  const cases: Array<[string, Dsn]> = [
    [
      "https://abc@o1.ingest.example.com/42",
      { protocol: "https", publicKey: "abc", host: "o1.ingest.example.com", path: "", projectId: "42" },
    ],
    [
      "http://pub:sec@127.0.0.1:8787/1",
      { protocol: "http", publicKey: "pub", secretKey: "sec", host: "127.0.0.1", port: 8787, path: "", projectId: "1" },
    ],
    [
      "https://k@example.com/sentry/prefix/7",
      { protocol: "https", publicKey: "k", host: "example.com", path: "sentry/prefix", projectId: "7" },
    ],
  ];
  for (const [input, expected] of cases) {
    it(input, () => {
      const r = parseDsn(input);
      expect(r.ok && r.value).toEqual(expected);
    });
  }

  for (const bad of ["not a dsn", "ftp://k@h/1", "https://h/1", "https://k@h/", "https://k@h/abc"]) {
    it(`rejects ${bad}`, () => expect(parseDsn(bad).ok).toBe(false));
  }

  it("round-trips formatDsn", () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);
    const dsnArb: fc.Arbitrary<Dsn> = fc.record(
      {
        protocol: fc.constantFrom("http" as const, "https" as const),
        publicKey: word,
        secretKey: word,
        host: fc.domain(),
        port: fc.integer({ min: 1, max: 65535 }),
        path: fc.array(word, { maxLength: 3 }).map((s) => s.join("/")),
        projectId: fc.integer({ min: 1, max: 1e9 }).map(String),
      },
      { requiredKeys: ["protocol", "publicKey", "host", "path", "projectId"] },
    );
    fc.assert(
      fc.property(dsnArb, (dsn) => {
        // Default ports vanish in URL parsing, as they should.
        const expected = { ...dsn };
        if ((dsn.protocol === "http" && dsn.port === 80) || (dsn.protocol === "https" && dsn.port === 443)) {
          delete expected.port;
        }
        const r = parseDsn(formatDsn(dsn));
        expect(r.ok && r.value).toEqual(expected);
      }),
    );
  });
});
