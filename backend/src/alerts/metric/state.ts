/**
 * @module
 * A metric alert's state machine, pure. Above-threshold rules (`thresholdType` 0): critical when
 * the value exceeds the critical threshold, warning when it exceeds the warning one; an active
 * alert resolves (back to ok) only once the value is at or below the resolve threshold (default:
 * the lowest trigger threshold), so a value hovering at a threshold does not flap. Below-threshold
 * rules mirror every comparison.
 */
import type { MetricState, Trigger } from "../rule-config.ts";

/** The rule fields the state machine reads. */
export interface ThresholdRule {
  thresholdType: number;
  resolveThreshold: number | null;
  triggers: readonly Pick<Trigger, "label" | "alertThreshold">[];
}

/** The state after measuring `value`, from `current`. */
export function nextState(rule: ThresholdRule, current: MetricState, value: number): MetricState {
  const above = rule.thresholdType === 0;
  const crosses = (threshold: number) => (above ? value > threshold : value < threshold);
  const critical = rule.triggers.find((t) => t.label === "critical");
  const warning = rule.triggers.find((t) => t.label === "warning");
  if (critical && crosses(critical.alertThreshold)) return "critical";
  if (warning && crosses(warning.alertThreshold)) return "warning";
  if (current === "ok") return "ok";
  const resolveAt = resolveThreshold(rule);
  const resolved = resolveAt === null || (above ? value <= resolveAt : value >= resolveAt);
  if (resolved) return "ok";
  // Not resolved and no longer above critical: critical steps down to warning only if a warning
  // trigger exists and is crossed (handled above); otherwise the alert stays as it is.
  return current;
}

/** The resolve threshold in force: the rule's, else the least severe trigger's threshold. */
export function resolveThreshold(rule: ThresholdRule): number | null {
  if (rule.resolveThreshold !== null) return rule.resolveThreshold;
  const thresholds = rule.triggers.map((t) => t.alertThreshold);
  if (thresholds.length === 0) return null;
  return rule.thresholdType === 0 ? Math.min(...thresholds) : Math.max(...thresholds);
}
