import { describe, expect, it } from "vitest";
import { categoryForItem, DataCategorySchema } from "./category.ts";
import { checkQuotas, countersFor } from "./check.ts";
import { applicableQuotas, type Quota, QuotaSchema, scopeKey } from "./quota.ts";

const scoping = { organizationId: 3, projectId: 7, keyId: 11 };
const NOW = 1_800_000_000;
const q = (over: Partial<Quota>): Quota =>
  QuotaSchema.parse({ id: "q", categories: [], scope: "project", limit: 10, window: 60, reasonCode: "r", ...over });

describe("categories", () => {
  it("maps item types as Relay does", () => {
    expect(categoryForItem("event")).toBe("error");
    expect(categoryForItem("event", "csp")).toBe("security");
    expect(categoryForItem("transaction")).toBe("transaction");
    expect(categoryForItem("attachment")).toBe("attachment");
    expect(categoryForItem("sessions")).toBe("session");
    expect(categoryForItem("feedback")).toBe("user_report");
    expect(categoryForItem("check_in")).toBe("monitor");
    expect(categoryForItem("client_report")).toBeUndefined();
    expect(categoryForItem("something_new")).toBe("default");
  });
  it("parses unknown category names as unknown", () => {
    expect(DataCategorySchema.parse("error")).toBe("error");
    expect(DataCategorySchema.parse("profile_chunk_ui")).toBe("unknown");
  });
});

describe("scopes and applicability", () => {
  it("names one counter owner per scope", () => {
    expect(scopeKey("organization", scoping)).toBe("organization:3");
    expect(scopeKey("project", scoping)).toBe("project:7");
    expect(scopeKey("key", scoping)).toBe("key:11");
  });
  it("applies quotas by category; no categories means all", () => {
    const quotas = [
      q({ id: "all" }),
      q({ id: "errors", categories: ["error"] }),
      q({ id: "tx", categories: ["transaction"] }),
    ];
    expect(applicableQuotas(quotas, "error").map((x) => x.id)).toEqual(["all", "errors"]);
    expect(applicableQuotas(quotas, "attachment").map((x) => x.id)).toEqual(["all"]);
  });
  it("keys counters by quota id and staggered window slot", () => {
    const [c] = countersFor([q({ window: 60 })], scoping, "error", NOW);
    expect(c?.scopeKey).toBe("project:7");
    expect(c?.counterKey).toBe(`q:${Math.floor((NOW - 3) / 60)}`);
  });
});

describe("checkQuotas", () => {
  const used = (entries: Record<string, number>) => new Map(Object.entries(entries));
  const slot = Math.floor((NOW - 3) / 60);

  it("accepts while under every limit and returns the counters to bump", () => {
    const d = checkQuotas([q({})], scoping, "error", 1, used({ [`project:7/q:${slot}`]: 9 }), NOW);
    expect(d.accepted).toBe(true);
    if (d.accepted) expect(d.counters.map((c) => c.counterKey)).toEqual([`q:${slot}`]);
  });

  it("rejects when the quantity does not fit, with seconds to the window end", () => {
    const d = checkQuotas([q({})], scoping, "error", 2, used({ [`project:7/q:${slot}`]: 9 }), NOW);
    expect(d).toEqual({ accepted: false, rejections: [{ quota: q({}), retryAfter: (slot + 1) * 60 + 3 - NOW }] });
  });

  it("is all or nothing: one full quota rejects, and every refusing quota is listed", () => {
    const quotas = [
      q({ id: "key", scope: "key", limit: 100, reasonCode: "key_quota" }),
      q({ id: "proj", scope: "project", limit: 5, reasonCode: "project_quota" }),
      q({ id: "org", scope: "organization", limit: 5, window: 3600, reasonCode: "org_quota" }),
    ];
    const counts = used({
      [`key:11/key:${slot}`]: 1,
      [`project:7/proj:${slot}`]: 5,
      [`organization:3/org:${Math.floor((NOW - 3) / 3600)}`]: 5,
    });
    const d = checkQuotas(quotas, scoping, "error", 1, counts, NOW);
    expect(d.accepted).toBe(false);
    if (!d.accepted) expect(d.rejections.map((r) => r.quota.reasonCode)).toEqual(["project_quota", "org_quota"]);
  });

  it("limit 0 rejects everything, even with nothing counted", () => {
    const d = checkQuotas([q({ limit: 0 })], scoping, "error", 0, used({}), NOW);
    expect(d.accepted).toBe(false);
  });

  it("ignores quotas of other categories", () => {
    const d = checkQuotas([q({ limit: 0, categories: ["transaction"] })], scoping, "error", 1, used({}), NOW);
    expect(d).toEqual({ accepted: true, counters: [] });
  });

  it("counts attachments in bytes", () => {
    const quotas = [q({ categories: ["attachment"], limit: 1000 })];
    expect(checkQuotas(quotas, scoping, "attachment", 1000, used({}), NOW).accepted).toBe(true);
    expect(checkQuotas(quotas, scoping, "attachment", 1001, used({}), NOW).accepted).toBe(false);
  });

  it("starts from zero in the next window", () => {
    const full = used({ [`project:7/q:${slot}`]: 10 });
    expect(checkQuotas([q({})], scoping, "error", 1, full, NOW).accepted).toBe(false);
    expect(checkQuotas([q({})], scoping, "error", 1, full, (slot + 1) * 60 + 3).accepted).toBe(true);
  });
});
