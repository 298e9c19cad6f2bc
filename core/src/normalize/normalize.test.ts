import { describe, expect, it } from "vitest";
import { EventSchema } from "../schema/index.ts";
import { normalizeEvent } from "./normalize.ts";

const received = 1_714_557_600.5;
const ctx = { received };
const ID = "9ec79c33ec9942ab8353589fcb2e04dc";

function valid(input: unknown, context: Parameters<typeof normalizeEvent>[1] = ctx) {
  const event = normalizeEvent(input, context);
  expect(EventSchema.safeParse(event).success).toBe(true);
  return event;
}

describe("normalizeEvent defaults", () => {
  it("fills every required field for an empty event", () => {
    const event = valid({});
    expect(event).toEqual({
      event_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      timestamp: received,
      received,
      platform: "other",
      level: "error",
      tags: [["level", "error"]],
      errors: [],
    });
  });

  it.each([[null], [[1, 2]], ["a string"], [42], [true]])(
    "turns a non-object payload %j into a remarked event",
    (input) => {
      const event = valid(input);
      expect(event.errors).toEqual([{ type: "invalid_data", name: "event", value: input }]);
    },
  );

  it("sets received from the context, whatever the payload says", () => {
    expect(valid({ received: 1 }).received).toBe(received);
  });

  it("keeps unknown fields untouched", () => {
    const event = valid({ threads: { values: [{ id: 1 }] }, debug_meta: { images: [] } });
    expect(event.threads).toEqual({ values: [{ id: 1 }] });
    expect(event.debug_meta).toEqual({ images: [] });
  });

  it("treats null fields as absent, without remarks", () => {
    const event = valid({ release: null, user: null, tags: null, level: null, timestamp: null, platform: null });
    expect(event.release).toBeUndefined();
    expect(event.user).toBeUndefined();
    expect(event.level).toBe("error");
    expect(event.errors).toEqual([]);
    expect("release" in event).toBe(false);
  });

  it("keeps a JSON __proto__ key as plain data", () => {
    const input = JSON.parse('{"__proto__": {"level": "debug"}, "message": "x"}');
    const event = valid(input);
    expect(event.level).toBe("error");
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
  });
});

describe("event_id", () => {
  it("takes the envelope header's id over the payload's", () => {
    const other = "0123456789abcdef0123456789abcdef";
    expect(valid({ event_id: other }, { received, eventId: ID }).event_id).toBe(ID);
  });

  it("canonicalizes a dashed, upper-case payload id", () => {
    expect(valid({ event_id: "9EC79C33-EC99-42AB-8353-589FCB2E04DC" }).event_id).toBe(ID);
  });

  it("replaces an invalid payload id with a remark", () => {
    const event = valid({ event_id: "nope" });
    expect(event.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(event.errors).toEqual([{ type: "invalid_data", name: "event_id", value: "nope" }]);
  });

  it("ignores an invalid envelope id and uses the payload's", () => {
    expect(valid({ event_id: ID }, { received, eventId: "bad" }).event_id).toBe(ID);
  });
});

describe("field validation", () => {
  it("drops an invalid field and records invalid_data with the value", () => {
    const event = valid({ server_name: 42, logger: ["x"], fingerprint: "not-a-list" });
    expect(event.server_name).toBeUndefined();
    expect(event.logger).toBeUndefined();
    expect(event.fingerprint).toBeUndefined();
    expect(event.errors).toEqual([
      { type: "invalid_data", name: "logger", value: ["x"] },
      { type: "invalid_data", name: "server_name", value: 42 },
      { type: "invalid_data", name: "fingerprint", value: "not-a-list" },
    ]);
  });

  it("omits a large invalid value from the remark", () => {
    const event = valid({ exception: { values: [{ type: "E", value: 1, big: "x".repeat(10_000) }] } });
    expect(event.exception).toBeUndefined();
    expect(event.errors).toEqual([{ type: "invalid_data", name: "exception" }]);
  });

  it("coerces numeric release and dist to strings", () => {
    const event = valid({ release: 123, dist: 4 });
    expect(event.release).toBe("123");
    expect(event.dist).toBe("4");
  });

  it("applies Sentry's release and environment rules", () => {
    const event = valid({ release: "latest", environment: "prod/eu" });
    expect(event.release).toBeUndefined();
    expect(event.environment).toBeUndefined();
    expect(event.errors.map((e) => e.name)).toEqual(["release", "environment"]);
  });

  it("maps level aliases and defaults invalid levels to error", () => {
    expect(valid({ level: "warn" }).level).toBe("warning");
    const event = valid({ level: "loud" });
    expect(event.level).toBe("error");
    expect(event.errors).toEqual([{ type: "invalid_data", name: "level", value: "loud" }]);
  });

  it("maps unknown platforms to other", () => {
    expect(valid({ platform: "node" }).platform).toBe("node");
    expect(valid({ platform: "brainfuck" }).platform).toBe("other");
  });

  it("accepts the legacy exception forms", () => {
    expect(valid({ exception: [{ type: "E", value: "v" }] }).exception).toEqual({
      values: [{ type: "E", value: "v" }],
    });
    expect(valid({ exception: { type: "E" } }).exception).toEqual({ values: [{ type: "E" }] });
  });

  it("tolerates null members inside interfaces", () => {
    const event = valid({
      user: { id: 7, ip_address: null, email: null },
      exception: { values: [{ type: "E", value: null, stacktrace: { frames: [{ lineno: null, function: "f" }] } }] },
      extra: { kept: null },
    });
    expect(event.user).toEqual({ id: "7" });
    expect(event.exception).toEqual({ values: [{ type: "E", stacktrace: { frames: [{ function: "f" }] } }] });
    expect(event.extra).toEqual({ kept: null });
    expect(event.errors).toEqual([]);
  });

  it("keeps valid SDK errors before its own remarks", () => {
    const event = valid({ errors: [{ type: "js_no_source", url: "x.js" }], level: 3 });
    expect(event.errors).toEqual([
      { type: "js_no_source", url: "x.js" },
      { type: "invalid_data", name: "level", value: 3 },
    ]);
  });

  it("records invalid SDK errors", () => {
    expect(valid({ errors: "oops" }).errors).toEqual([{ type: "invalid_data", name: "errors", value: "oops" }]);
  });
});

describe("message and logentry", () => {
  it("moves a message string into logentry", () => {
    const event = valid({ message: "boom" });
    expect(event.logentry).toEqual({ formatted: "boom" });
    expect(event.message).toBeUndefined();
  });

  it("moves a message object into logentry", () => {
    expect(valid({ message: { message: "a %s", params: [1] } }).logentry).toEqual({
      message: "a %s",
      params: [1],
      formatted: "a 1",
    });
  });
});

describe("user", () => {
  it("resolves {{auto}} from the client IP and tags the user", () => {
    const event = valid({ user: { ip_address: "{{auto}}" } }, { received, clientIp: "198.51.100.7" });
    expect(event.user).toEqual({ ip_address: "198.51.100.7" });
    expect(event.tags).toContainEqual(["user", "ip:198.51.100.7"]);
  });

  it("resolves {{auto}} in request.env.REMOTE_ADDR", () => {
    const event = valid({ request: { env: { REMOTE_ADDR: "{{auto}}" } } }, { received, clientIp: "198.51.100.7" });
    expect(event.request?.env).toEqual({ REMOTE_ADDR: "198.51.100.7" });
  });
});

describe("tags", () => {
  it("keeps SDK tags first and adds derived tags after; the environment field wins over its tag", () => {
    const event = valid({
      tags: { custom: "yes", environment: "from-sdk" },
      environment: "production",
      release: "app@2",
      contexts: { runtime: { name: "node", version: "v22.0.0" } },
      request: { url: "https://example.com/a?b=c" },
    });
    expect(event.tags).toEqual([
      ["custom", "yes"],
      ["environment", "production"],
      ["level", "error"],
      ["release", "app@2"],
      ["url", "https://example.com/a"],
      ["runtime", "node v22.0.0"],
      ["runtime.name", "node"],
    ]);
  });
});

describe("timestamp", () => {
  it("accepts RFC 3339 and epoch seconds", () => {
    expect(valid({ timestamp: "2024-05-01T09:59:00Z" }).timestamp).toBe(1_714_557_540);
    expect(valid({ timestamp: 1_714_557_540.25 }).timestamp).toBe(1_714_557_540.25);
  });

  it("corrects clock drift from the envelope's sent_at", () => {
    const event = valid({ timestamp: "2024-05-01T07:59:00Z" }, { received, sentAt: "2024-05-01T08:00:00Z" });
    expect(event.timestamp).toBeCloseTo(received - 60, 3);
    expect(event.errors[0]?.type).toBe("clock_drift");
  });
});
