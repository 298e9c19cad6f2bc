import { describe, expect, it } from "vitest";
import { nextState, type ThresholdRule } from "./state.ts";

const above: ThresholdRule = {
  thresholdType: 0,
  resolveThreshold: 5,
  triggers: [
    { label: "critical", alertThreshold: 100 },
    { label: "warning", alertThreshold: 50 },
  ],
};

describe("metric alert state", () => {
  it("goes warning, critical, and resolves only at the resolve threshold", () => {
    expect(nextState(above, "ok", 10)).toBe("ok");
    expect(nextState(above, "ok", 51)).toBe("warning");
    expect(nextState(above, "warning", 101)).toBe("critical");
    expect(nextState(above, "critical", 70)).toBe("warning");
    // below warning but above the resolve threshold: stays active, no flapping
    expect(nextState(above, "warning", 20)).toBe("warning");
    expect(nextState(above, "warning", 5)).toBe("ok");
  });

  it("resolves at the lowest trigger threshold when no resolve threshold is set", () => {
    const rule = { ...above, resolveThreshold: null };
    expect(nextState(rule, "critical", 60)).toBe("warning");
    expect(nextState({ ...rule, triggers: [{ label: "critical", alertThreshold: 100 }] }, "critical", 60)).toBe("ok");
    expect(nextState({ ...rule, triggers: [{ label: "critical", alertThreshold: 100 }] }, "critical", 100)).toBe("ok");
  });

  it("mirrors comparisons for below-threshold rules", () => {
    const below: ThresholdRule = {
      thresholdType: 1,
      resolveThreshold: 20,
      triggers: [{ label: "critical", alertThreshold: 10 }],
    };
    expect(nextState(below, "ok", 15)).toBe("ok");
    expect(nextState(below, "ok", 9)).toBe("critical");
    expect(nextState(below, "critical", 15)).toBe("critical");
    expect(nextState(below, "critical", 20)).toBe("ok");
  });
});
