import { describe, expect, it } from "vitest";
import { EventSchema } from "../schema/index.ts";
import { scrubEvent } from "./scrub.ts";
import { compiled, makeEvent, sampleEvent } from "./test-event.ts";

const DEFAULTS = compiled();

function scrub(config = DEFAULTS, event = sampleEvent()) {
  const result = scrubEvent(event, config);
  expect(EventSchema.safeParse(result.event).success).toBe(true);
  return result;
}

describe("scrubEvent with the default rules", () => {
  const { event, scrubbed } = scrub();
  const frame = event.exception!.values[0]!.stacktrace!.frames[0]!;
  const request = event.request as Record<string, Record<string, unknown>>;
  const extra = event.extra as Record<string, Record<string, unknown>>;
  const contexts = event.contexts as Record<string, Record<string, unknown>>;
  const vars = frame.vars as Record<string, Record<string, unknown>>;

  it("filters password-like keys, wherever they are", () => {
    expect(frame.vars).toMatchObject({ password: "[Filtered]", api_key: "[Filtered]", amount: 1999, ok: true });
    expect(event.extra?.session).toBe("[Filtered]");
    expect(request.headers).toContainEqual(["Authorization", "[Filtered]"]);
    // Tag values by their key: `auth_method` is password-like.
    expect(event.tags).toContainEqual(["auth_method", "[Filtered]"]);
    expect(event.tags).toContainEqual(["server_name", "web-1"]);
  });

  it("replaces Luhn-valid card numbers in strings, vars, data and numbers-as-text", () => {
    expect(frame.vars?.card_number).toBe("[creditcard]");
    expect(event.exception!.values[0]!.value).toBe("card [creditcard] declined");
    expect(request.data!.card).toBe("[creditcard]");
    expect(extra.order!.paid_with).toBe("[creditcard]");
    expect(contexts.payment!.card).toBe("[creditcard]");
  });

  it("replaces IBANs, PEM key bodies and US SSNs", () => {
    expect(vars.customer!.iban).toBe("[iban]");
    expect(request.data!.key).toBe("-----BEGIN PRIVATE KEY-----\n[pemkey]\n-----END PRIVATE KEY-----");
    expect(request.data!.note).toBe("call me at [us-ssn]");
  });

  it("drops URL passwords but keeps the URL", () => {
    expect(event.tags).toContainEqual(["db_url", "postgres://shop:[Filtered]@db.internal/shop"]);
    expect(event.extra?.connect).toBe("redis://:[Filtered]@cache:6379/0");
  });

  it("filters session and CSRF cookies, in the cookie object and in the Cookie header", () => {
    expect(request.cookies).toEqual({ sessionid: "[Filtered]", csrftoken: "[Filtered]", theme: "dark" });
    expect(request.headers).toContainEqual(["Cookie", "sessionid=[Filtered]; theme=dark"]);
  });

  it("keeps what is not personal data or is needed to group and show the event", () => {
    expect(event.event_id).toBe("0123456789abcdef0123456789abcdef");
    expect(event.transaction).toBe("/api/checkout");
    expect(event.logentry).toEqual({
      message: "Payment failed for order %s",
      formatted: "Payment failed for order 1234",
      params: ["1234"],
    });
    expect(frame).toMatchObject({ filename: "/home/jane/shop/checkout.py", function: "charge", lineno: 42 });
    expect(request.headers).toContainEqual(["User-Agent", expect.stringContaining("Firefox/121.0")]);
    expect(request.method).toBe("POST");
    expect(event.user).toEqual({ id: "42", email: "jane@example.com", ip_address: "203.0.113.7" });
    expect(event.breadcrumbs?.values[1]?.message).toBe("SELECT * FROM users WHERE ip = '198.51.100.23'");
  });

  it("counts the values it changed", () => {
    // 3 vars, the IBAN, the exception value, 2 headers, 2 cookies, 3 request.data fields, 2 tags,
    // 3 extra values and the card in contexts.
    expect(scrubbed).toBe(18);
  });

  it("returns a new event, sharing only the parts nothing changed in", () => {
    const input = sampleEvent();
    const out = scrubEvent(input, DEFAULTS).event;
    expect(out).not.toBe(input);
    expect(out.breadcrumbs).toBe(input.breadcrumbs);
    expect(out.extra).not.toBe(input.extra);
    const clean = makeEvent({ extra: { a: "nothing to see" } });
    expect(scrubEvent(clean, DEFAULTS)).toEqual({ event: clean, scrubbed: 0 });
  });

  it("does not modify its input", () => {
    const input = sampleEvent();
    const copy = JSON.parse(JSON.stringify(input));
    scrub(DEFAULTS, input);
    expect(input).toEqual(copy);
  });
});

describe("data scrubber settings", () => {
  it("scrubIpAddresses removes user.ip_address and REMOTE_ADDR and replaces IPs in strings", () => {
    const { event } = scrub(compiled({ scrubIpAddresses: true }));
    expect(event.user).toEqual({ id: "42", email: "jane@example.com" });
    expect((event.request!.env as Record<string, unknown>).REMOTE_ADDR).toBeUndefined();
    expect(event.breadcrumbs?.values[1]?.message).toBe("SELECT * FROM users WHERE ip = '[ip]'");
  });

  it("sensitiveFields add key names (case-insensitive substrings)", () => {
    const { event } = scrub(compiled({ sensitiveFields: ["Order", "x-request-id"] }));
    expect(event.extra?.order).toBe("[Filtered]");
    expect(event.request?.headers).toContainEqual(["X-Request-Id", "[Filtered]"]);
  });

  it("safeFields exempt keys (or selectors) from the data scrubber", () => {
    const { event } = scrub(compiled({ safeFields: ["password", "extra.session", "$http.cookies.*"] }));
    const vars = event.exception!.values[0]!.stacktrace!.frames[0]!.vars!;
    expect(vars.password).toBe("hunter2");
    expect(vars.api_key).toBe("[Filtered]");
    expect(event.extra?.session).toBe("abc");
    expect((event.request as Record<string, unknown>).cookies).toEqual({
      sessionid: "s3ss10n",
      csrftoken: "c5rf",
      theme: "dark",
    });
  });

  it("scrubDefaults: false keeps only sensitiveFields; scrubData: false turns both off", () => {
    const noDefaults = scrub(compiled({ scrubDefaults: false, sensitiveFields: ["card_number"] })).event;
    const vars = noDefaults.exception!.values[0]!.stacktrace!.frames[0]!.vars!;
    expect(vars).toMatchObject({ card_number: "[Filtered]", password: "hunter2" });
    const off = scrub(compiled({ scrubData: false, sensitiveFields: ["card_number"] }));
    expect(off.scrubbed).toBe(0);
    expect(off.event).toEqual(sampleEvent());
  });

  it("moves a hashed user IP to user.id when nothing else identifies the user", () => {
    const config = compiled({ applications: { "$user.ip_address": ["@ip:hash"] } });
    const { event } = scrub(config, makeEvent({ user: { ip_address: "127.0.0.1" } }));
    expect(event.user).toEqual({ id: "AE12FE3B5F129B5CC4CDD2B136B7B7947C4D2741" });
  });

  it("keeps a __proto__ key as data", () => {
    const input = makeEvent();
    input.extra = JSON.parse('{"__proto__": {"password": "x"}, "a": 1}');
    const { event } = scrub(DEFAULTS, input);
    expect(Object.getPrototypeOf(event.extra)).toBe(Object.prototype);
    expect(Object.hasOwn(event.extra!, "__proto__")).toBe(true);
    expect(Object.getOwnPropertyDescriptor(event.extra, "__proto__")?.value).toEqual({ password: "[Filtered]" });
  });
});
