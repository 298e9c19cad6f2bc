import { describe, expect, it } from "vitest";
import { err, ok } from "../result.ts";
import { eventMessages, shouldFilter } from "./error-messages.ts";
import { makeEvent } from "./test-events.ts";

const withGlobs = { patterns: ["filteredexception*", "*this is a filtered exception.", "", "this is"] };
const literal = {
  patterns: ["filteredexception: this is a filtered exception.", "filteredexception", "this is a filtered exception."],
};

function event(type: string | undefined, value: string | undefined, formatted: string) {
  return makeEvent({
    exception: { values: [{ ...(type ? { type } : {}), ...(value ? { value } : {}) }] },
    logentry: { formatted },
  });
}

// Relay's table (relay-filter error_messages.rs): [type, value, formatted, kept]
const CASES: [string | undefined, string | undefined, string, boolean][] = [
  ["UnfilteredException", undefined, "UnfilteredException", true],
  [undefined, "This is an unfiltered exception.", "This is an unfiltered exception.", true],
  [undefined, undefined, "This is an unfiltered exception.", true],
  [undefined, undefined, "", true],
  [
    "UnfilteredException",
    "This is an unfiltered exception.",
    "UnfilteredException: This is an unfiltered exception.",
    true,
  ],
  ["FilteredException", undefined, "FilteredException", false],
  [undefined, "This is a filtered exception.", "This is a filtered exception.", false],
  [undefined, undefined, "This is a filtered exception.", false],
  ["FilteredException", "This is a filtered exception.", "FilteredException: This is a filtered exception.", false],
  ["OtherException", "This is a random exception.", "FilteredException: This is a filtered exception.", false],
  [undefined, undefined, "FilteredException: This is a filtered exception.", false],
  ["FilteredException", "This is a filtered exception.", "hi this is a legit log message", false],
];

describe("error-messages filter", () => {
  for (const [name, config] of [
    ["globs", withGlobs],
    ["literals", literal],
  ] as const) {
    it.each(CASES)(`${name}: type %j value %j message %j kept=%s`, (type, value, formatted, kept) => {
      expect(shouldFilter(event(type, value, formatted), config, {})).toEqual(
        kept ? ok(undefined) : err("error-message"),
      );
    });
  }

  it("matches a React hydration error with alternatives", () => {
    const e = makeEvent({
      exception: {
        values: [
          {
            type: "Error",
            value:
              "Minified React error #423; visit https://reactjs.org/docs/error-decoder.html?invariant=423 for the full message",
          },
        ],
      },
    });
    const config = { patterns: ["*https://reactjs.org/docs/error-decoder.html?invariant={418,419,422,423,425}*"] };
    expect(shouldFilter(e, config, {})).toEqual(err("error-message"));
  });

  it("uses the log template when there is no formatted message", () => {
    const e = makeEvent({ logentry: { message: "Connection reset by peer %s", params: ["x"] } });
    expect(shouldFilter(e, { patterns: ["connection reset*"] }, {})).toEqual(err("error-message"));
    expect(eventMessages(e)).toEqual(["Connection reset by peer %s"]);
  });

  it("checks every exception of a chain", () => {
    const e = makeEvent({
      exception: { values: [{ type: "ResizeObserverError", value: "loop limit exceeded" }, { type: "Error" }] },
    });
    expect(shouldFilter(e, { patterns: ["ResizeObserverError: *"] }, {})).toEqual(err("error-message"));
  });

  it("keeps everything without patterns", () => {
    expect(shouldFilter(event("FilteredException", "x", "y"), { patterns: [] }, {})).toEqual(ok(undefined));
  });
});
