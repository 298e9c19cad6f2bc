/**
 * @module
 * An {@link EventForwarder} that drops every event (benchmarks of the request path alone).
 */
import { ok, type Result } from "@breakwater/core/protocol";
import type { EventForwarder, ForwardError, ForwardReceipt } from "./interface.ts";

/** Accepts and discards. */
export class NoopForwarder implements EventForwarder {
  async forward(): Promise<Result<ForwardReceipt, ForwardError>> {
    return ok({ via: "inline", bytes: 0 });
  }
}
