import { describe, expect, it } from "vitest";
import { csrfMatches, originProblem, requestOrigin } from "./csrf.server.ts";

const post = (headers: Record<string, string>, url = "http://127.0.0.1:3000/x") =>
  new Request(url, { method: "POST", headers });

describe("originProblem", () => {
  it("lets GET through and same-origin POSTs", () => {
    expect(originProblem(new Request("http://127.0.0.1:3000/", { headers: { Origin: "http://evil" } }))).toBeNull();
    expect(originProblem(post({ Origin: "http://127.0.0.1:3000" }))).toBeNull();
    expect(originProblem(post({ Referer: "http://127.0.0.1:3000/a/b" }))).toBeNull();
  });

  it("refuses another origin, port or scheme, by Origin or by Referer", () => {
    expect(originProblem(post({ Origin: "http://evil.example" }))).toMatch(/cross-origin/);
    expect(originProblem(post({ Origin: "http://127.0.0.1:3001" }))).toMatch(/cross-origin/);
    expect(originProblem(post({ Origin: "https://127.0.0.1:3000" }))).toMatch(/cross-origin/);
    expect(originProblem(post({ Origin: "null" }))).toMatch(/cross-origin/);
    expect(originProblem(post({ Referer: "http://evil.example/" }))).toMatch(/referer/);
    expect(originProblem(post({ Referer: "not a url" }))).toMatch(/malformed/);
  });

  it("uses the proxy's view of the origin", () => {
    const req = post({
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Host": "bw.example.com",
      Origin: "https://bw.example.com",
    });
    expect(requestOrigin(req)).toBe("https://bw.example.com");
    expect(originProblem(req)).toBeNull();
  });
});

describe("csrfMatches", () => {
  it("accepts only the exact token", () => {
    expect(csrfMatches("abc123", "abc123")).toBe(true);
    expect(csrfMatches("abc123", "abc124")).toBe(false);
    expect(csrfMatches("abc123", "abc12")).toBe(false);
    expect(csrfMatches("abc123", "")).toBe(false);
    expect(csrfMatches("abc123", null)).toBe(false);
  });
});
