import { describe, expect, it } from "vitest";
import { parseSelector, type Selector, type ValueType } from "./selector.ts";
import { compileSelector, gateOpen, matchesSelector, type PathSegment, selectorGate } from "./selector-match.ts";

function parse(text: string): Selector {
  const r = parseSelector(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** `"$event/extra:object/foo:string"` → segments (key:types, numbers are indices). */
function path(spec: string): PathSegment[] {
  return spec.split("/").map((part, i) => {
    const [name, types = ""] = part.split(":");
    const t = types.split(",").filter(Boolean) as ValueType[];
    if (i === 0) return { types: ["object", "event"] };
    return /^\d+$/.test(name!) ? { index: Number(name), types: t } : { key: name!.toLowerCase(), types: t };
  });
}

const FRAME_VAR =
  "root/exception:object/values:array/0:object,exception/stacktrace:object,stacktrace/frames:array/3:object,frame/vars:object/token:string";
const AUTH_HEADER = "root/request:object,request/headers:object/authorization:string";
const EXTRA = "root/extra:object/my key:string";
const NESTED = "root/extra:object/a:object/b:array/0:object/password:number";
const USER_IP = "root/user:object,user/ip_address:string";
const TAG = "root/tags:array/server_name:string";

describe("parseSelector", () => {
  it.each([
    ["$string", { op: "path", items: [{ kind: "type", type: "string" }] }],
    [
      "$error.value",
      {
        op: "path",
        items: [
          { kind: "type", type: "exception" },
          { kind: "key", key: "value" },
        ],
      },
    ],
    [
      "$http.headers.user-agent",
      {
        op: "path",
        items: [
          { kind: "type", type: "request" },
          { kind: "key", key: "headers" },
          { kind: "key", key: "user-agent" },
        ],
      },
    ],
    [
      "extra.'my key'",
      {
        op: "path",
        items: [
          { kind: "key", key: "extra" },
          { kind: "key", key: "my key" },
        ],
      },
    ],
    [
      "extra.'it''s'",
      {
        op: "path",
        items: [
          { kind: "key", key: "extra" },
          { kind: "key", key: "it's" },
        ],
      },
    ],
    [
      "exception.values.0",
      {
        op: "path",
        items: [
          { kind: "key", key: "exception" },
          { kind: "key", key: "values" },
          { kind: "index", index: 0 },
        ],
      },
    ],
    ["**.Token", { op: "path", items: [{ kind: "deep" }, { kind: "key", key: "token" }] }],
    ["extra.*", { op: "path", items: [{ kind: "key", key: "extra" }, { kind: "wildcard" }] }],
    ["freeform", { op: "path", items: [{ kind: "type", type: "string" }] }],
  ])("parses %s", (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it("gives && precedence over || and binds ! to one operand", () => {
    expect(parse("a || b && !c")).toEqual({
      op: "or",
      items: [
        { op: "path", items: [{ kind: "key", key: "a" }] },
        {
          op: "and",
          items: [
            { op: "path", items: [{ kind: "key", key: "b" }] },
            { op: "not", item: { op: "path", items: [{ kind: "key", key: "c" }] } },
          ],
        },
      ],
    });
    expect(parse("(a | b) & ~c")).toEqual(parse("(a || b) && !c"));
  });

  it.each(["", "$nope", "a..b", "(a", "a)", "*", "**.a.**", "a b", "'unclosed", "a ||", "!"])("rejects %j", (text) => {
    expect(parseSelector(text).ok).toBe(false);
  });

  it("rejects runaway nesting without blowing the stack", () => {
    expect(parseSelector(`${"(".repeat(5000)}a${")".repeat(5000)}`).ok).toBe(false);
  });
});

describe("matchesSelector", () => {
  it.each([
    // types and suffix paths
    ["$string", FRAME_VAR, true],
    ["$object", FRAME_VAR, false],
    ["$frame.vars.token", FRAME_VAR, true],
    ["$frame.vars.*", FRAME_VAR, true],
    ["$frame.vars", FRAME_VAR, false],
    ["$frame.*", FRAME_VAR, false],
    ["$frame.**", FRAME_VAR, true],
    ["$stacktrace.frames.*.vars.token", FRAME_VAR, true],
    ["$exception.**.token", FRAME_VAR, true],
    ["$error.**.token", FRAME_VAR, true],
    ["exception.values.0.**", FRAME_VAR, true],
    ["exception.values.1.**", FRAME_VAR, false],
    ["$event.**", FRAME_VAR, true],
    ["**", FRAME_VAR, true],
    ["**.token", FRAME_VAR, true],
    ["token", FRAME_VAR, true],
    ["TOKEN", FRAME_VAR, true],
    ["vars.**.token", FRAME_VAR, false],
    ["$http.headers.authorization", AUTH_HEADER, true],
    ["$request.headers.Authorization", AUTH_HEADER, true],
    ["$user.headers.authorization", AUTH_HEADER, false],
    ["extra.'my key'", EXTRA, true],
    ["'my key'", EXTRA, true],
    ["extra.my", EXTRA, false],
    ["extra.**", NESTED, true],
    ["extra.**.password", NESTED, true],
    ["extra.*.password", NESTED, false],
    ["extra.a.b.*.password", NESTED, true],
    ["$number", NESTED, true],
    ["$user.ip_address", USER_IP, true],
    ["tags.server_name", TAG, true],
    // boolean combinators
    ["$string && !$frame.vars.token", FRAME_VAR, false],
    ["$string && !$frame.vars.token", AUTH_HEADER, true],
    ["$http.headers.authorization || $user.ip_address", USER_IP, true],
    ["$http.headers.authorization || $user.ip_address", EXTRA, false],
    ["($string || $number) && !(extra.** || $user.**)", NESTED, false],
    ["($string || $number) && !(extra.** || $user.**)", AUTH_HEADER, true],
    ["!$string", NESTED, true],
  ])("%s on %s → %s", (selector, p, expected) => {
    expect(matchesSelector(parse(selector), path(p))).toBe(expected);
  });

  it("never matches a selector deeper than the path", () => {
    expect(matchesSelector(parse("a.b.c.d"), path("root/c:object/d:string"))).toBe(false);
  });
});

describe("compileSelector and selectorGate", () => {
  const SELECTORS = [
    "$string",
    "$frame.vars.token",
    "$frame.vars.*",
    "$frame.**",
    "$exception.**.token",
    "exception.values.0.**",
    "token",
    "extra.'my key'",
    "extra.*.password",
    "extra.a.b.*.password",
    "tags.server_name",
    "$string && !$frame.vars.token",
    "$http.headers.authorization || $user.ip_address",
    "($string || $number) && !(extra.** || $user.**)",
    "!(password || extra.*.b) && $string",
    "$http.cookies || $http.cookies.* || $http.headers.cookie",
    "(a || b.*) && (c || $string)",
    "!a || !b.0",
  ];
  const PATHS = [
    FRAME_VAR,
    AUTH_HEADER,
    EXTRA,
    NESTED,
    USER_IP,
    TAG,
    "root/request:object,request/cookies:object/sid:string",
  ];

  it.each(SELECTORS)("%s: the compiled matcher and the gate agree with matchesSelector", (text) => {
    const selector = parse(text);
    const compiled = compileSelector(selector);
    const gate = selectorGate(selector);
    for (const spec of PATHS) {
      const full = path(spec);
      for (let end = 1; end <= full.length; end++) {
        const p = full.slice(0, end);
        const expected = matchesSelector(selector, p);
        expect(compiled(p)).toBe(expected);
        if (gate && !gateOpen(gate, p)) expect(gate.otherwise).toBe(expected);
      }
    }
  });

  it("gates selectors that end in keys, not those that end in types or **", () => {
    expect(selectorGate(parse("$http.cookies.* || $http.headers.cookie"))).toEqual({
      keys: [new Set(["cookie"]), new Set(["cookies"])],
      otherwise: false,
    });
    expect(selectorGate(parse("!(a || b)"))?.otherwise).toBe(true);
    expect(selectorGate(parse("$string"))).toBeUndefined();
    expect(selectorGate(parse("a.**"))).toBeUndefined();
    expect(selectorGate(parse("a || $string"))).toBeUndefined();
  });
});
