import { describe, expect, it } from "vitest";
import { computeGrouping } from "./compute.ts";
import { makeEvent } from "./test-event.ts";
import { GROUPING_VERSION } from "./types.ts";

const frames = (...fns: Array<[string, string, boolean]>) =>
  fns.map(([module, fn, inApp], i) => ({
    module,
    function: fn,
    in_app: inApp,
    lineno: 10 + i,
    filename: `${module}.js`,
  }));

const typeError = (value: string, lineOffset = 0) =>
  makeEvent({
    exception: {
      values: [
        {
          type: "TypeError",
          value,
          stacktrace: {
            frames: frames(
              ["node:internal", "processTicks", false],
              ["src.app", "main", true],
              ["src.db", "load", true],
            ).map((f) => ({ ...f, lineno: f.lineno + lineOffset })),
          },
        },
      ],
    },
  });

describe("computeGrouping", () => {
  it("groups by in-app frames and type, not by value or line numbers", () => {
    const a = computeGrouping(typeError("x is undefined"));
    const b = computeGrouping(typeError("y is undefined", 40));
    expect(a.strategy).toBe("stacktrace");
    expect(a.components).toEqual(["type:TypeError", "src.app:main", "src.db:load"]);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(a.version).toBe(GROUPING_VERSION);
  });

  it("separates different in-app paths and different types", () => {
    const base = typeError("x");
    const other = typeError("x");
    other.exception!.values[0]!.stacktrace!.frames[2]!.function = "save";
    const range = typeError("x");
    range.exception!.values[0]!.type = "RangeError";
    const hashes = new Set([base, other, range].map((e) => computeGrouping(e).hash));
    expect(hashes.size).toBe(3);
  });

  it("falls back to type and parameterized value without in-app frames", () => {
    const e = (value: string) =>
      makeEvent({
        exception: { values: [{ type: "DbError", value, stacktrace: { frames: frames(["lib", "q", false]) } }] },
      });
    const a = computeGrouping(e("row 17 of user 550e8400-e29b-41d4-a716-446655440000 locked"));
    const b = computeGrouping(e("row 99 of user 9b2d2c4e-1111-4222-8333-444455556666 locked"));
    expect(a.strategy).toBe("exception");
    expect(a.components).toEqual(["exception:DbError:row <int> of user <uuid> locked"]);
    expect(a.hash).toBe(b.hash);
  });

  it("groups messages by their template, parameterized", () => {
    const a = computeGrouping(
      makeEvent({ level: "info", logentry: { message: "Payment %s failed", formatted: "Payment 12 failed" } }),
    );
    const b = computeGrouping(
      makeEvent({ level: "info", logentry: { message: "Payment %s failed", formatted: "Payment 13 failed" } }),
    );
    const c = computeGrouping(makeEvent({ level: "info", logentry: { formatted: "Disk 91% full" } }));
    const d = computeGrouping(makeEvent({ level: "info", logentry: { formatted: "Disk 97% full" } }));
    expect(a.strategy).toBe("message");
    expect(a.hash).toBe(b.hash);
    expect(c.hash).toBe(d.hash);
    expect(a.hash).not.toBe(c.hash);
    expect(a.title).toBe("Payment 12 failed");
    expect(a.type).toBe("default");
  });

  it("uses the SDK fingerprint, expanding {{ default }}", () => {
    const custom = computeGrouping({ ...typeError("x"), fingerprint: ["checkout", "stripe"] });
    expect(custom.strategy).toBe("fingerprint");
    expect(custom.components).toEqual(["fingerprint:checkout", "fingerprint:stripe"]);

    const withDefault = computeGrouping({ ...typeError("x"), fingerprint: ["{{ default }}", "tenant-a"] });
    expect(withDefault.components).toEqual(["type:TypeError", "src.app:main", "src.db:load", "fingerprint:tenant-a"]);

    const onlyDefault = computeGrouping({ ...typeError("x"), fingerprint: ["{{default}}"] });
    expect(onlyDefault.hash).toBe(computeGrouping(typeError("x")).hash);
    expect(new Set([custom.hash, withDefault.hash, onlyDefault.hash]).size).toBe(3);
  });

  it("has a stable hash across releases of this code (changing it needs a new GROUPING_VERSION)", () => {
    expect(computeGrouping(typeError("x is undefined")).hash).toBe(computeGrouping(typeError("z")).hash);
    expect(computeGrouping(makeEvent({})).components).toEqual(["fallback"]);
  });
});

describe("title, culprit, metadata", () => {
  it("titles errors as Sentry does, from the outermost exception", () => {
    const g = computeGrouping(typeError("x is undefined\nsecond line"));
    expect(g.title).toBe("TypeError: x is undefined");
    expect(g.type).toBe("error");
    expect(g.metadata).toEqual({
      type: "TypeError",
      value: "x is undefined\nsecond line",
      filename: "src.db.js",
      function: "load",
    });
  });

  it("takes the culprit from the most recent in-app frame, in the platform's format", () => {
    expect(computeGrouping(typeError("x")).culprit).toBe("load(src.db)");
    const python = { ...typeError("x"), platform: "python" };
    expect(computeGrouping(python).culprit).toBe("src.db in load");
  });

  it("prefers the SDK culprit, then the transaction", () => {
    expect(computeGrouping({ ...typeError("x"), transaction: "GET /users" }).culprit).toBe("GET /users");
    expect(computeGrouping({ ...typeError("x"), culprit: "custom", transaction: "GET /users" }).culprit).toBe("custom");
  });

  it("cuts long values to 100 characters in the title", () => {
    const g = computeGrouping(typeError("a".repeat(300)));
    expect(g.title.length).toBe("TypeError: ".length + 100);
    expect(g.title.endsWith("…")).toBe(true);
  });

  it("handles exceptions with only a value or only a type", () => {
    const onlyValue = makeEvent({ exception: { values: [{ value: "boom" }] } });
    const onlyType = makeEvent({ exception: { values: [{ type: "Panic" }] } });
    expect(computeGrouping(onlyValue).title).toBe("boom");
    expect(computeGrouping(onlyType).title).toBe("Panic");
    expect(computeGrouping(makeEvent({})).title).toBe("<unlabeled event>");
  });
});
