/** Data errors are dead-lettered, everything else is retried: the classification. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ClickHouseError } from "../clickhouse/http.ts";
import { classifyFailure } from "./classify.ts";

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code, severity: "ERROR" });
const chError = (code: number) =>
  new ClickHouseError(`Code: ${code}, e.displayText() = DB::Exception: x, e.what() = DB::Exception`, { cause: null });

describe("classifyFailure", () => {
  it("treats bad data as data errors", () => {
    expect(classifyFailure(z.string().safeParse(1).error)).toBe("data");
    expect(classifyFailure(pgError("22021"))).toBe("data"); // NUL byte in text
    expect(classifyFailure(pgError("23505"))).toBe("data");
    expect(classifyFailure(chError(27))).toBe("data");
    expect(classifyFailure(new TypeError("Cannot read properties of undefined"))).toBe("data");
  });

  it("retries store outages, load, bugs in our SQL and anything unknown", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(classifyFailure(refused)).toBe("transient");
    expect(classifyFailure(pgError("57P01"))).toBe("transient"); // admin shutdown
    expect(classifyFailure(pgError("40001"))).toBe("transient"); // serialization failure
    expect(classifyFailure(pgError("42601"))).toBe("transient"); // our syntax error: block, alert
    expect(classifyFailure(chError(252))).toBe("transient"); // too many parts
    expect(classifyFailure(chError(62))).toBe("transient"); // syntax error
    expect(classifyFailure(new TypeError("fetch failed"))).toBe("transient");
    expect(classifyFailure(new Error("Connection terminated unexpectedly"))).toBe("transient");
    expect(classifyFailure("weird")).toBe("transient");
  });

  it("looks through causes (drizzle wraps driver errors)", () => {
    expect(classifyFailure(new Error("Failed query", { cause: pgError("22P05") }))).toBe("data");
    expect(classifyFailure(new Error("Failed query", { cause: pgError("08006") }))).toBe("transient");
  });
});
