import { describe, expect, it } from "vitest";
import { commitNewSession, getSession, isHttps, requireUserSession, safeRedirect } from "./session.server.ts";

process.env.BREAKWATER_SESSION_SECRET ??= "s".repeat(40);

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, signed, and Secure only over https", async () => {
    const plain = await commitNewSession(new Request("http://127.0.0.1:3000/login"), { token: "bws_x", email: "a@b" });
    expect(plain).toMatch(/^__bw_session=/);
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).not.toMatch(/Secure/);
    const https = await commitNewSession(new Request("https://bw.example/login"), { token: "bws_x", email: "a@b" });
    expect(https).toMatch(/Secure/);
    const proxied = new Request("http://10.0.0.2:3000/login", { headers: { "X-Forwarded-Proto": "https" } });
    expect(isHttps(proxied)).toBe(true);
  });

  it("round-trips, carries a fresh CSRF token, and rejects a tampered cookie", async () => {
    const req = new Request("http://127.0.0.1:3000/");
    const cookie = (await commitNewSession(req, { token: "bws_abc", email: "a@b" })).split(";")[0] ?? "";
    const request = new Request("http://127.0.0.1:3000/", { headers: { Cookie: cookie } });
    const session = await getSession(request);
    expect((await requireUserSession(request)).token).toBe("bws_abc");
    // Signed cookies are only base64 JSON: the backend token inside must be sealed, not readable.
    const value = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
    expect(Buffer.from(value.split(".")[0] ?? "", "base64").toString("utf8")).not.toContain("bws_abc");
    expect(session.get("token")).not.toContain("bws_abc");
    expect(session.get("csrf")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = (await commitNewSession(req, { token: "bws_abc", email: "a@b" })).split(";")[0] ?? "";
    const otherCsrf = (await getSession(new Request("http://x/", { headers: { Cookie: other } }))).get("csrf");
    expect(otherCsrf).not.toBe(session.get("csrf"));
    const tampered = cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    const bad = await getSession(new Request("http://127.0.0.1:3000/", { headers: { Cookie: tampered } }));
    expect(bad.get("token")).toBeUndefined();
  });
});

describe("safeRedirect", () => {
  it("keeps paths on this site only", () => {
    expect(safeRedirect("/organizations/a")).toBe("/organizations/a");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect(null)).toBe("/");
  });
});
