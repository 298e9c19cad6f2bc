import { describe, expect, it } from "vitest";
import { frameComponent, normalizeFilename, normalizeFunction } from "./frame-component.ts";

describe("normalizeFilename", () => {
  const cases: Array<[string, string]> = [
    ["https://cdn.example.com/static/app.3f2a1b9c.js?v=2#x", "/static/app.<hash>.js"],
    ["app:///src/routes/index.js", "/src/routes/index.js"],
    ["C:\\app\\src\\main.js", "C:/app/src/main.js"],
    ["/assets/chunk-8d9f0a1b2c.js", "/assets/chunk-<hash>.js"],
    ["/static/1.2.3/vendor.js", "/static/<version>/vendor.js"],
    ["/srv/app/src/handler.ts", "/srv/app/src/handler.ts"],
  ];
  for (const [input, expected] of cases) it(input, () => expect(normalizeFilename(input)).toBe(expected));
});

describe("normalizeFunction", () => {
  it("strips call-style prefixes and compiler numbering", () => {
    expect(normalizeFunction("async handler")).toBe("handler");
    expect(normalizeFunction("new Foo")).toBe("Foo");
    expect(normalizeFunction("lambda$12")).toBe("lambda$");
    expect(normalizeFunction("Object.<anonymous>")).toBe("Object.<anonymous>");
  });
});

describe("frameComponent", () => {
  it("prefers module over filename and ignores line numbers", () => {
    expect(frameComponent({ module: "app.views", filename: "/x/app/views.py", function: "index", lineno: 3 })).toBe(
      "app.views:index",
    );
    expect(frameComponent({ filename: "https://x.com/a.js?x", function: "f", lineno: 9 })).toBe("/a.js:f");
    expect(frameComponent({ abs_path: "/srv/a.js" })).toBe("/srv/a.js:?");
    expect(frameComponent({ lineno: 1 })).toBeUndefined();
  });
});
