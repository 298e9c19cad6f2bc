/**
 * @module
 * Ships aggregated outcomes straight to the backend's `POST /internal/outcomes`, for the self-hosted
 * edge (`FORWARD_MODE=http`) that has no queue. The buffering rhythm is
 * {@link BufferedOutcomeRecorder}'s: a backend restart delays counts but does not lose them (they are
 * lost only if the isolate goes away before the backend comes back).
 */
import type { Outcome } from "@breakwater/core/schema";
import type { BackendClient } from "../backend/interface.ts";
import { BufferedOutcomeRecorder, type BufferedRecorderOptions } from "./buffered.ts";

/** Options for {@link HttpOutcomeRecorder}. */
export interface HttpOutcomeRecorderOptions extends BufferedRecorderOptions {
  backend: Pick<BackendClient, "postOutcomes">;
}

/** Aggregates per isolate and posts to the backend directly. */
export class HttpOutcomeRecorder extends BufferedOutcomeRecorder {
  /** The backend takes at most 10,000 rows per request (core's `OutcomesBatchSchema`). */
  protected readonly rowsPerShipment = 10_000;

  constructor(private readonly o: HttpOutcomeRecorderOptions) {
    super(o);
  }

  protected async ship(rows: Outcome[]): Promise<string | undefined> {
    const posted = await this.o.backend.postOutcomes({ outcomes: rows });
    return posted.ok ? undefined : JSON.stringify(posted.error);
  }
}
