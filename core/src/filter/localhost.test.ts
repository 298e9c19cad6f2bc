import { describe, expect, it } from "vitest";
import { err, ok } from "../result.ts";
import { shouldFilter } from "./localhost.ts";
import { browserEvent, makeEvent } from "./test-events.ts";

const on = { isEnabled: true };

describe("localhost filter", () => {
  it.each(["127.0.0.1", "::1"])("drops user.ip_address %s", (ip) => {
    expect(shouldFilter(browserEvent({ ip }), on, {})).toEqual(err("localhost"));
  });

  it.each(["133.12.12.1", "2001:db8:0:0:0:ff00:42:8329"])("keeps user.ip_address %s", (ip) => {
    expect(shouldFilter(browserEvent({ ip }), on, {})).toEqual(ok(undefined));
  });

  it.each([
    "http://localhost:3000/checkout",
    "http://127.0.0.1:8080/",
    "http://foo.localhost/",
    "http://foo.bar.baz.localhost:5173/app",
    "http://[::1]:8080/",
    "file:///Users/maisey/work/leaderboard.html",
  ])("drops request.url %s", (url) => {
    expect(shouldFilter(browserEvent({ url }), on, {})).toEqual(err("localhost"));
  });

  it.each([
    "https://my.dom.com/",
    "http://123.123.123.44/",
    "https://localhost.com/",
    "https://foolocalhost/",
    "https://localhostbar/",
    "not a url",
  ])("keeps request.url %s", (url) => {
    expect(shouldFilter(browserEvent({ url }), on, {})).toEqual(ok(undefined));
  });

  it("drops a loopback X-Forwarded-For", () => {
    const event = browserEvent({ headers: [["X-Forwarded-For", "127.0.0.1"]] });
    expect(shouldFilter(event, on, {})).toEqual(err("localhost"));
  });

  it.each([
    ["Host", "localhost:3000", true],
    ["X-Forwarded-Host", "127.0.0.1:3000", true],
    ["Host", "localhost.sentry.io:3000", false],
  ])("without a URL, checks the %s header %s", (name, value, dropped) => {
    const event = makeEvent({ request: { headers: { [name]: value } } });
    expect(shouldFilter(event, on, {}).ok).toBe(!dropped);
  });

  it("ignores the request's client IP (that is the client-IP filter's input)", () => {
    expect(shouldFilter(browserEvent({}), on, { clientIp: "127.0.0.1" })).toEqual(ok(undefined));
  });

  it("keeps everything when disabled, and events without user or request", () => {
    expect(shouldFilter(browserEvent({ ip: "127.0.0.1" }), { isEnabled: false }, {})).toEqual(ok(undefined));
    expect(shouldFilter(makeEvent(), on, {})).toEqual(ok(undefined));
  });
});
