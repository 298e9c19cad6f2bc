import { describe, expect, it } from "vitest";
import { ApiError } from "../errors/http.ts";
import { encodeCursor, linkHeader, pageSize, parseCursor } from "./cursor.ts";

describe("cursors", () => {
  it("round-trips and refuses junk with a 400 ApiError", () => {
    const c = { value: 1_700_000_000_123, offset: 42, isPrev: true };
    expect(encodeCursor(c)).toBe("1700000000123:42:1");
    expect(parseCursor(encodeCursor(c))).toEqual(c);
    for (const bad of ["", "1:2", "a:b:c", "1:2:3", "1:2:0;DROP"]) {
      expect(() => parseCursor(bad)).toThrow(ApiError);
    }
  });

  it("builds Sentry's Link header", () => {
    const header = linkHeader(
      "http://x/api/0/projects/o/p/issues/?query=is%3Aunresolved&cursor=old",
      { cursor: "1:1:1", results: false },
      { cursor: "2:2:0", results: true },
    );
    expect(header).toBe(
      '<http://x/api/0/projects/o/p/issues/?query=is%3Aunresolved&cursor=1%3A1%3A1>; rel="previous"; results="false"; cursor="1:1:1", ' +
        '<http://x/api/0/projects/o/p/issues/?query=is%3Aunresolved&cursor=2%3A2%3A0>; rel="next"; results="true"; cursor="2:2:0"',
    );
  });

  it("bounds page sizes", () => {
    expect(pageSize(undefined)).toBe(25);
    expect(pageSize("500")).toBe(100);
    expect(() => pageSize("-1")).toThrow(ApiError);
  });
});
