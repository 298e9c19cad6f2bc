/**
 * @module
 * The annotations normalization leaves on an event (`errors`, as Relay and Sentry call them): what was
 * dropped or changed and why. Original values are kept only when small, so that an invalid 500 KB
 * `exception` does not travel twice.
 */
import type { EventError } from "../schema/index.ts";

/** Original values larger than this (approximate JSON bytes) are not copied into the remark. */
export const MAX_ORIGINAL_VALUE_BYTES = 512;

/** Collects remarks in the order they were made. */
export class Remarks {
  readonly list: EventError[] = [];

  /** Records a field that failed validation and was dropped (Relay's `invalid_data`). */
  invalidData(name: string, value: unknown): void {
    this.add({ type: "invalid_data", name }, value);
  }

  /** Records a remark of any type; `value` is kept only when small. */
  add(error: EventError, value?: unknown): void {
    if (value !== undefined && isSmall(value)) this.list.push({ ...error, value });
    else this.list.push(error);
  }
}

/**
 * True when `value` serializes to at most {@link MAX_ORIGINAL_VALUE_BYTES}. Walks with a budget instead
 * of calling `JSON.stringify`, so a huge value costs only as much as the budget.
 */
export function isSmall(value: unknown, limit = MAX_ORIGINAL_VALUE_BYTES): boolean {
  let budget = limit;
  const visit = (v: unknown, depth: number): boolean => {
    if (depth > 16) return false;
    if (v === null || typeof v === "boolean" || typeof v === "number") budget -= 8;
    else if (typeof v === "string") budget -= v.length + 2;
    else if (Array.isArray(v)) {
      budget -= 2;
      for (const item of v) if (budget < 0 || !visit(item, depth + 1)) return false;
    } else if (typeof v === "object") {
      budget -= 2;
      for (const [k, item] of Object.entries(v)) {
        budget -= k.length + 3;
        if (budget < 0 || !visit(item, depth + 1)) return false;
      }
    } else return false; // functions, symbols, bigints: not JSON, never copied
    return budget >= 0;
  };
  return visit(value, 0);
}
