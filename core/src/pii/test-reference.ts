/**
 * @module
 * Test helper: the scrubber written the straightforward way, as the oracle of `scrubEvent`'s fast
 * paths. Every value gets a fresh path; every application's selector is asked with the uncompiled
 * `matchesSelector` (no gates, no key index); every rule runs through `applyRule` (no prefilters, no
 * skipped rules). It keeps the walk's documented semantics (shapes, pair lists, rounds, depth bound,
 * the user-IP fix, copy-on-write) so that any divergence is a fast path changing a result.
 */
import { parseIp } from "../filter/ip-network.ts";
import type { Event } from "../schema/index.ts";
import type { CompiledPiiConfig } from "./compile.ts";
import { EVENT_SHAPE, FREE, type Shape } from "./event-shape.ts";
import { applyRule, INERT, REMOVED } from "./rule.ts";
import type { ValueType } from "./selector.ts";
import { matchesSelector, type PathSegment } from "./selector-match.ts";
import { setOwn } from "./walk.ts";

const MAX_DEPTH = 100;
const MAX_ROUNDS = 3;

function jsonType(value: unknown): ValueType | undefined {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value !== "object" || value === null) return undefined;
  return Array.isArray(value) ? "array" : "object";
}

class ReferenceWalk {
  scrubbed = 0;
  constructor(private readonly config: CompiledPiiConfig) {}

  private applyAll(path: PathSegment[], value: unknown, key: string | undefined, contentOnly: boolean): unknown {
    let current = value;
    for (const app of this.config.applications) {
      if (!matchesSelector(app.selector, path)) continue;
      for (const rule of app.rules) {
        if (contentOnly && (rule.matcher.kind === "anything" || rule.matcher.kind === "key")) continue;
        current = applyRule(rule, contentOnly ? undefined : key, current);
        if (current === REMOVED) return REMOVED;
      }
    }
    return current;
  }

  private applyRules(path: PathSegment[], value: unknown, key: string | undefined): unknown {
    let current = this.applyAll(path, value, key, false);
    for (let round = 1; round < MAX_ROUNDS && current !== value && typeof current === "string"; round++) {
      const previous = current;
      current = this.applyAll(path, current, undefined, true);
      if (current === previous) break;
    }
    return current;
  }

  visit(path: PathSegment[], value: unknown, shape: Shape, key?: string, index?: number): unknown {
    const type = jsonType(value);
    if (type === undefined || type === "boolean") return value;
    const here = [...path, { key, index, types: [type, ...(shape.types ?? [])] }];
    let current = type === "string" && INERT.has(value as string) ? value : this.applyRules(here, value, key);
    if (current !== value) this.scrubbed++;
    if (current !== REMOVED && shape.kind && jsonType(current) !== shape.kind) current = REMOVED;
    if (current === REMOVED) return shape.required ? (shape.kind === "array" ? [] : {}) : REMOVED;
    if (typeof current !== "object" || current === null) return current;
    if (here.length > MAX_DEPTH) {
      this.scrubbed++;
      return shape.kind ? REMOVED : "[Filtered]";
    }
    return this.children(here, current, shape);
  }

  children(path: PathSegment[], value: object, shape: Shape): unknown {
    const isPair = (v: unknown): v is [string, unknown] =>
      Array.isArray(v) && v.length === 2 && typeof v[0] === "string";
    if (Array.isArray(value)) {
      if (shape.pairs && value.every(isPair)) {
        const out = value.flatMap(([k, v]): unknown[] => {
          const r = this.visit(path, v, FREE, k.toLowerCase());
          return r === REMOVED ? [] : [r === v ? [k, v] : [k, r]];
        });
        return out.length === value.length && out.every((p, i) => (p as unknown[])[1] === (value[i] as unknown[])[1])
          ? value
          : out;
      }
      if (!shape.items && isPair(value)) {
        const v = this.visit(path, value[1], FREE, value[0].toLowerCase());
        const k = this.visit(path, value[0], FREE, undefined, 0);
        return k === value[0] && v === value[1] ? value : [k === REMOVED ? null : k, v === REMOVED ? null : v];
      }
      const out: unknown[] = [];
      value.forEach((item, i) => {
        const r = this.visit(path, item, shape.items ?? FREE, undefined, i);
        if (r !== REMOVED) out.push(r);
        else if (!shape.items) out.push(null);
      });
      return out.length === value.length && out.every((r, i) => r === value[i]) ? value : out;
    }
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let changed = false;
    for (const key of Object.keys(source)) {
      const field = Object.hasOwn(shape.fields ?? {}, key) ? shape.fields?.[key] : undefined;
      const r = field === "skip" ? source[key] : this.visit(path, source[key], field ?? FREE, key.toLowerCase());
      if (r !== source[key]) changed = true;
      if (r !== REMOVED) setOwn(out, key, r);
    }
    return changed ? out : value;
  }
}

/**
 * `scrubEvent`, the slow and obvious way (same results, same `scrubbed` count).
 * @example
 * expect(scrubEvent(event, config)).toEqual(referenceScrub(event, config))
 */
export function referenceScrub(event: Event, config: CompiledPiiConfig): { event: Event; scrubbed: number } {
  // No fallback: the oracle must not fail where `scrubEvent` would hide a failure.
  const w = new ReferenceWalk(config);
  const out = { ...(w.children([{ types: ["object", "event"] }], event, EVENT_SHAPE) as Record<string, unknown>) };
  const scrubbed = out.user as Record<string, unknown> | undefined;
  const ip = scrubbed?.ip_address;
  if (scrubbed && typeof ip === "string" && !parseIp(ip) && ip !== event.user?.ip_address) {
    const { ip_address: _, ...user } = scrubbed;
    if (user.id === undefined && user.email === undefined && user.username === undefined) user.id = ip;
    out.user = user;
  }
  return { event: out as Event, scrubbed: w.scrubbed };
}
