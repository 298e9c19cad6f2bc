import { describe, expect, it } from "vitest";
import { Remarks } from "./remarks.ts";
import { addDerivedTags, normalizeTags, userTagValue } from "./tags.ts";

describe("normalizeTags", () => {
  it("turns an object into pairs, stringifying numbers and booleans", () => {
    const remarks = new Remarks();
    expect(normalizeTags({ a: "x", n: 1, b: true }, remarks)).toEqual([
      ["a", "x"],
      ["n", "1"],
      ["b", "true"],
    ]);
    expect(remarks.list).toEqual([]);
  });

  it("accepts pairs and keeps the first of duplicate keys", () => {
    const remarks = new Remarks();
    expect(
      normalizeTags(
        [
          ["a", "1"],
          ["a", "2"],
          [" b ", " two "],
        ],
        remarks,
      ),
    ).toEqual([
      ["a", "1"],
      ["b", "two"],
    ]);
  });

  it("skips null values silently: null means not set", () => {
    const remarks = new Remarks();
    expect(normalizeTags({ a: null, b: "1" }, remarks)).toEqual([["b", "1"]]);
    expect(remarks.list).toEqual([]);
  });

  it("drops each bad pair with a remark and keeps the good ones", () => {
    const remarks = new Remarks();
    const tags = normalizeTags(
      [
        ["ok", "1"],
        ["bad key", "1"],
        ["multi", "a\nb"],
        ["long", "x".repeat(201)],
        ["obj", { x: 1 }],
        "nope",
        ["", "v"],
      ],
      remarks,
    );
    expect(tags).toEqual([["ok", "1"]]);
    expect(remarks.list.map((e) => e.name)).toEqual(["tags", "tags", "tags", "tags", "tags", "tags"]);
    expect(remarks.list[0]).toEqual({ type: "invalid_data", name: "tags", value: ["bad key", "1"] });
  });

  it("remarks a tags value that is neither object nor list", () => {
    const remarks = new Remarks();
    expect(normalizeTags("a=b", remarks)).toEqual([]);
    expect(remarks.list).toEqual([{ type: "invalid_data", name: "tags", value: "a=b" }]);
  });
});

describe("userTagValue", () => {
  it("prefers id, then email, username, ip", () => {
    expect(userTagValue({ id: "7", email: "a@b.c", ip_address: "1.2.3.4" })).toBe("id:7");
    expect(userTagValue({ email: "a@b.c", username: "ann" })).toBe("email:a@b.c");
    expect(userTagValue({ username: "ann", ip_address: "1.2.3.4" })).toBe("username:ann");
    expect(userTagValue({ ip_address: "1.2.3.4" })).toBe("ip:1.2.3.4");
    expect(userTagValue({})).toBeUndefined();
    expect(userTagValue(undefined)).toBeUndefined();
  });
});

describe("addDerivedTags", () => {
  it("derives attribute, user, url and context tags", () => {
    const tags = addDerivedTags([], {
      level: "error",
      environment: "production",
      release: "app@1.0.0",
      dist: "7",
      server_name: "web-1",
      transaction: "GET /users",
      user: { id: "42" },
      request: { url: "https://example.com/users?page=2#top" },
      contexts: {
        runtime: { name: "node", version: "v22.1.0" },
        os: { name: "Linux", version: "6.1" },
        browser: { name: "Chrome" },
        client_os: { type: "os", name: "Windows", version: 11 },
        device: { family: "iPhone" },
        broken: "not an object",
      },
    });
    expect(Object.fromEntries(tags)).toEqual({
      level: "error",
      environment: "production",
      release: "app@1.0.0",
      dist: "7",
      server_name: "web-1",
      transaction: "GET /users",
      user: "id:42",
      url: "https://example.com/users",
      runtime: "node v22.1.0",
      "runtime.name": "node",
      os: "Linux 6.1",
      "os.name": "Linux",
      browser: "Chrome",
      "browser.name": "Chrome",
      client_os: "Windows 11",
      "client_os.name": "Windows",
    });
  });

  it("never overrides or duplicates a key the SDK set", () => {
    const tags = addDerivedTags(
      [
        ["level", "custom"],
        ["release", "sdk-release"],
      ],
      { level: "error", release: "app@1.0.0", environment: "prod" },
    );
    expect(tags).toEqual([
      ["level", "custom"],
      ["release", "sdk-release"],
      ["environment", "prod"],
    ]);
  });

  it("skips values that cannot be tags", () => {
    const tags = addDerivedTags([], {
      level: "error",
      transaction: "x".repeat(300),
      request: { url: 42 },
      contexts: { os: { version: "1" } },
    });
    expect(tags).toEqual([["level", "error"]]);
  });
});
