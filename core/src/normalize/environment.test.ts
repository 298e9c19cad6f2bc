import { describe, expect, it } from "vitest";
import { EventSchema } from "../schema/index.ts";
import { moveEnvironmentTag } from "./environment.ts";
import { normalizeEvent } from "./normalize.ts";
import { Remarks } from "./remarks.ts";
import type { TagPair } from "./tags.ts";

const ctx = { received: 1_714_557_600 };

describe("moveEnvironmentTag", () => {
  it("fills an unset field from the tag, keeps the tag in place and remarks the move", () => {
    const remarks = new Remarks();
    const tags: TagPair[] = [
      ["a", "1"],
      ["environment", "staging"],
      ["b", "2"],
    ];
    expect(moveEnvironmentTag(tags, undefined, remarks)).toBe("staging");
    expect(tags).toEqual([
      ["a", "1"],
      ["environment", "staging"],
      ["b", "2"],
    ]);
    expect(remarks.list).toEqual([{ type: "moved", name: "tags.environment", to: "environment" }]);
  });

  it("lets the field win over a different tag, which takes the field's value", () => {
    const remarks = new Remarks();
    const tags: TagPair[] = [["environment", "staging"]];
    expect(moveEnvironmentTag(tags, "production", remarks)).toBe("production");
    expect(tags).toEqual([["environment", "production"]]);
    expect(remarks.list).toEqual([{ type: "invalid_data", name: "tags.environment", value: "staging" }]);
  });

  it("drops a tag that is no valid environment when the field is unset", () => {
    const remarks = new Remarks();
    const tags: TagPair[] = [["environment", "a/b"]];
    expect(moveEnvironmentTag(tags, undefined, remarks)).toBeUndefined();
    expect(tags).toEqual([]);
    expect(remarks.list).toEqual([{ type: "invalid_data", name: "tags.environment", value: "a/b" }]);
  });

  it("changes nothing when tag and field agree, or without a tag", () => {
    const remarks = new Remarks();
    const tags: TagPair[] = [["environment", "prod"]];
    expect(moveEnvironmentTag(tags, "prod", remarks)).toBe("prod");
    expect(moveEnvironmentTag([], "prod", remarks)).toBe("prod");
    expect(moveEnvironmentTag([], undefined, remarks)).toBeUndefined();
    expect(remarks.list).toEqual([]);
  });
});

describe("normalizeEvent and the environment tag", () => {
  it("moves a legacy SDK's environment tag to the field (Relay's normalize_event_tags)", () => {
    const event = normalizeEvent({ tags: { environment: "staging", x: "1" } }, ctx);
    expect(EventSchema.safeParse(event).success).toBe(true);
    expect(event.environment).toBe("staging");
    expect(event.tags).toEqual([
      ["environment", "staging"],
      ["x", "1"],
      ["level", "error"],
    ]);
    expect(event.errors).toEqual([{ type: "moved", name: "tags.environment", to: "environment" }]);
  });

  it("moves the tag when the field was invalid and dropped", () => {
    const event = normalizeEvent({ environment: "bad/env", tags: [["environment", "prod"]] }, ctx);
    expect(event.environment).toBe("prod");
    expect(event.errors).toEqual([
      { type: "invalid_data", name: "environment", value: "bad/env" },
      { type: "moved", name: "tags.environment", to: "environment" },
    ]);
  });

  it("is idempotent on a moved environment", () => {
    const once = normalizeEvent({ tags: { environment: "staging" } }, ctx);
    expect(normalizeEvent(JSON.parse(JSON.stringify(once)), ctx)).toEqual(once);
  });

  it("is idempotent on a field with outer spaces, whose derived tag is trimmed", () => {
    // Found by the property test: `{"environment": "! "}` derived the tag `!`, which a second pass
    // took for a different environment and replaced, with an invalid_data remark.
    const once = normalizeEvent({ environment: "! " }, ctx);
    expect(once.errors).toEqual([]);
    expect(normalizeEvent(JSON.parse(JSON.stringify(once)), ctx)).toEqual(once);
  });
});
