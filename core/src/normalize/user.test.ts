import { describe, expect, it } from "vitest";
import { Remarks } from "./remarks.ts";
import { normalizeUserIp, resolveRemoteAddr } from "./user.ts";

describe("normalizeUserIp", () => {
  it("replaces {{auto}} with the client IP", () => {
    const remarks = new Remarks();
    expect(normalizeUserIp({ id: "1", ip_address: "{{auto}}" }, "203.0.113.9", remarks)).toEqual({
      id: "1",
      ip_address: "203.0.113.9",
    });
  });

  it("removes {{auto}} when the client IP is unknown", () => {
    expect(normalizeUserIp({ id: "1", ip_address: "{{auto}}" }, undefined, new Remarks())).toEqual({ id: "1" });
  });

  it("keeps valid IPv4 and IPv6 addresses", () => {
    const remarks = new Remarks();
    expect(normalizeUserIp({ ip_address: "10.0.0.1" }, "203.0.113.9", remarks).ip_address).toBe("10.0.0.1");
    expect(normalizeUserIp({ ip_address: "2001:db8::1" }, undefined, remarks).ip_address).toBe("2001:db8::1");
    expect(remarks.list).toEqual([]);
  });

  it("drops an invalid address with a remark", () => {
    const remarks = new Remarks();
    expect(normalizeUserIp({ id: "1", ip_address: "localhost" }, undefined, remarks)).toEqual({ id: "1" });
    expect(remarks.list).toEqual([{ type: "invalid_data", name: "user.ip_address", value: "localhost" }]);
  });
});

describe("resolveRemoteAddr", () => {
  it("fills request.env.REMOTE_ADDR", () => {
    expect(resolveRemoteAddr({ env: { REMOTE_ADDR: "{{auto}}", X: "1" } }, "203.0.113.9")).toEqual({
      env: { REMOTE_ADDR: "203.0.113.9", X: "1" },
    });
    expect(resolveRemoteAddr({ env: { REMOTE_ADDR: "{{auto}}" } }, undefined)).toEqual({ env: {} });
    const untouched = { env: { REMOTE_ADDR: "10.0.0.1" } };
    expect(resolveRemoteAddr(untouched, "203.0.113.9")).toBe(untouched);
  });
});
