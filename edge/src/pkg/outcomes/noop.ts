/**
 * @module
 * Records nothing (tests of other features).
 */
import type { OutcomeRecorder } from "./interface.ts";

export class NoopOutcomeRecorder implements OutcomeRecorder {
  record(): void {}
}
