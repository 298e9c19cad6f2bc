import { describe, expect, it } from "vitest";
import { err, ok } from "../result.ts";
import { shouldFilter } from "./releases.ts";
import { makeEvent } from "./test-events.ts";

describe("releases filter", () => {
  it.each([
    ["1.2.3", ["1.2.3"], true],
    ["1.2.3", ["1.2.4"], false],
    ["1.2.3", ["1.2.*"], true],
    ["my-app@2.0.0-BETA.1", ["*-beta*"], true],
    ["my-app@2.0.0", ["*-beta*"], false],
    ["Frontend@1.0", ["frontend@*", "backend@*"], true],
    ["1.2.3", ["1.2"], false],
  ])("release %j with %j dropped=%s", (release, releases, dropped) => {
    expect(shouldFilter(makeEvent({ release }), { releases }, {})).toEqual(
      dropped ? err("release-version") : ok(undefined),
    );
  });

  it("keeps events without a release, even with a catch-all glob", () => {
    expect(shouldFilter(makeEvent(), { releases: ["*"] }, {})).toEqual(ok(undefined));
  });
});
