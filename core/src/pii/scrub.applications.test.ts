/**
 * Advanced data scrubbing: custom rules and selectors applied to whole events.
 */
import { describe, expect, it } from "vitest";
import { EventSchema } from "../schema/index.ts";
import { scrubEvent } from "./scrub.ts";
import { compiled, makeEvent, sampleEvent } from "./test-event.ts";

/** Only the given rules: the data scrubber's defaults off. */
function only(rules: Record<string, unknown>, applications: Record<string, string[]>) {
  return compiled({ scrubData: false, rules, applications });
}

function scrub(config: ReturnType<typeof compiled>, event = sampleEvent()) {
  const result = scrubEvent(event, config);
  const parsed = EventSchema.safeParse(result.event);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return result.event;
}

const vars = (e: ReturnType<typeof scrub>) => e.exception!.values[0]!.stacktrace!.frames[0]!.vars!;

describe("redaction methods", () => {
  it.each([
    [{ method: "remove" }, "call me at "],
    [{ method: "replace", text: "<ssn>" }, "call me at <ssn>"],
    [{ method: "replace" }, "call me at [Filtered]"],
    [{ method: "mask" }, "call me at ***********"],
    [{ method: "hash" }, "call me at 01328BB9C55B35F354FBC7B60CADAC789DC2035C"],
    [{ method: "hash", algorithm: "sha256" }, expect.stringMatching(/^call me at [0-9A-F]{64}$/)],
  ])("pattern with %j", (redaction, expected) => {
    const config = only({ ssn: { type: "pattern", pattern: "\\d{3}-\\d{2}-\\d{4}", redaction } }, { $string: ["ssn"] });
    expect((scrub(config).request as { data: { note: string } }).data.note).toEqual(expected);
  });

  it("replaces only the listed groups, and accepts Rust-style inline flags", () => {
    const config = only(
      { order: { type: "pattern", pattern: "(?i)(ORDER-)(\\d+)", replaceGroups: [2], redaction: { method: "mask" } } },
      { "extra.note": ["order"] },
    );
    expect(scrub(config, makeEvent({ extra: { note: "see order-12345" } })).extra?.note).toBe("see order-*****");
  });

  it("redactPair redacts the values of matching keys, containers included", () => {
    const config = only(
      { pair: { type: "redactPair", keyPattern: "^customer$", redaction: { method: "replace", text: "[customer]" } } },
      { "**": ["pair"] },
    );
    expect(vars(scrub(config)).customer).toBe("[customer]");
  });

  it("anything: remove deletes (a tag pair disappears), replace keeps the key", () => {
    const removed = scrub(only({}, { "tags.server_name || extra.order": ["@anything:remove"] }));
    expect(removed.tags.map(([k]) => k)).not.toContain("server_name");
    expect(removed.extra).not.toHaveProperty("order");
    const replaced = scrub(only({}, { "extra.order": ["@anything"] }));
    expect(replaced.extra?.order).toBe("[Filtered]");
  });

  it("multiple and alias rules, with redaction overrides", () => {
    const config = only(
      {
        contact: { type: "multiple", rules: ["@email", "@creditcard"], redaction: { method: "mask" } },
        mine: { type: "alias", rule: "contact" },
      },
      { "$frame.vars.**": ["mine"] },
    );
    const v = vars(scrub(config));
    expect(v.card_number).toBe("****************");
    expect((v.customer as Record<string, unknown>).email).toBe("****************");
  });

  it("a detector type as a custom rule", () => {
    const config = only(
      { cc: { type: "creditcard", redaction: { method: "replace", text: "XXXX" } } },
      { $string: ["cc"] },
    );
    expect(vars(scrub(config)).card_number).toBe("XXXX");
  });
});

describe("selectors on events", () => {
  it("$frame.vars.* reaches every local variable, and only those", () => {
    const e = scrub(only({}, { "$frame.vars.*": ["@anything:remove"] }));
    expect(vars(e)).toEqual({ ok: true });
    expect(e.extra?.session).toBe("abc");
  });

  it("$frame.vars removes the whole vars object (rules run on containers first)", () => {
    const e = scrub(only({}, { "$frame.vars": ["@anything:remove"] }));
    expect(e.exception!.values[0]!.stacktrace!.frames[0]).not.toHaveProperty("vars");
  });

  it("** reaches any depth; a key selector matches that key anywhere", () => {
    const e = scrub(only({}, { "**.email": ["@anything:replace"], iban: ["@anything:replace"] }));
    expect(e.user?.email).toBe("[Filtered]");
    expect((vars(e).customer as Record<string, unknown>).email).toBe("[Filtered]");
    expect((vars(e).customer as Record<string, unknown>).iban).toBe("[Filtered]");
  });

  it("&& and ! narrow, || widens", () => {
    const e = scrub(only({}, { "$string && !($user.** || $http.**) && **.email": ["@email"] }));
    expect(e.user?.email).toBe("jane@example.com");
    expect((vars(e).customer as Record<string, unknown>).email).toBe("[email]");
    const both = scrub(only({}, { "$user.email || $user.ip_address": ["@anything:remove"] }));
    expect(both.user).toEqual({ id: "42" });
  });

  it("quoted keys select keys with spaces, dots or quotes", () => {
    const event = makeEvent({ extra: { "my key": "a", "dotted.key": "b", "it's": "c", other: "d" } });
    const e = scrub(only({}, { "extra.'my key' || extra.'dotted.key' || extra.'it''s'": ["@anything"] }), event);
    expect(e.extra).toEqual({ "my key": "[Filtered]", "dotted.key": "[Filtered]", "it's": "[Filtered]", other: "d" });
  });

  it("headers and cookies address pair lists by key, case-insensitively", () => {
    const e = scrub(only({}, { "$http.headers.x-request-id || $request.cookies.theme": ["@anything"] }));
    expect(e.request?.headers).toContainEqual(["X-Request-Id", "[Filtered]"]);
    expect((e.request!.cookies as Record<string, unknown>).theme).toBe("[Filtered]");
  });

  it("$error.value, $logentry.formatted, $message and $breadcrumb", () => {
    const e = scrub(only({}, { "$error.value || $message.formatted || $breadcrumb.message": ["@anything:replace"] }));
    expect(e.exception!.values[0]!.value).toBe("[Filtered]");
    expect(e.logentry?.formatted).toBe("[Filtered]");
    expect(e.logentry?.message).toBe("Payment failed for order %s");
    expect(e.breadcrumbs?.values.map((b) => b.message)).toEqual(["[Filtered]", "[Filtered]"]);
  });

  it("generic [key, value] pairs are addressed by their key", () => {
    const event = makeEvent({
      extra: {
        pairs: [
          ["password", "x"],
          ["color", "red"],
        ],
      },
    });
    const e = scrub(compiled(), event);
    expect(e.extra?.pairs).toEqual([
      ["[Filtered]", "[Filtered]"],
      ["color", "red"],
    ]);
  });
});

describe("schema safety", () => {
  it("never turns a schema object into a string, nor drops required arrays", () => {
    const config = only(
      {},
      { "$exception || $frame || $breadcrumb || extra || tags || $user || $stacktrace.frames": ["@anything"] },
    );
    const e = scrub(config);
    expect(e.exception).toEqual({ values: [] });
    expect(e.extra).toBeUndefined();
    expect(e.user).toBeUndefined();
    expect(e.tags).toEqual([]);
    expect(e.breadcrumbs).toEqual({ values: [] });
  });

  it("leaves ids, levels, timestamps, SDK info and function names alone, even under $string", () => {
    const e = scrub(only({}, { "$string || $number": ["@anything:remove"] }));
    expect(e).toMatchObject({
      event_id: expect.any(String),
      level: "error",
      platform: "python",
      release: "shop@2.4.1",
    });
    expect(e.exception!.values[0]).toMatchObject({ type: "PaymentError" });
    expect(e.exception!.values[0]!.stacktrace!.frames[0]).toMatchObject({ function: "charge", lineno: 42 });
  });
});
