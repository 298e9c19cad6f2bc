/**
 * @module
 * A {@link BackendClient} for running the edge without a backend: every key is unknown and every
 * batch is accepted and dropped.
 */
import { ok, type Result } from "@breakwater/core/protocol";
import type { IngestResponse } from "@breakwater/core/schema";
import type { BackendClient, BackendError, ProjectConfigsByKey } from "./interface.ts";

/** Knows no project and accepts every batch without storing it. */
export class NoopBackendClient implements BackendClient {
  async getProjectConfigs(publicKeys: readonly string[]): Promise<Result<ProjectConfigsByKey, BackendError>> {
    return ok(Object.fromEntries(publicKeys.map((key) => [key, null])));
  }

  async ingest(): Promise<Result<IngestResponse | undefined, BackendError>> {
    return ok({ accepted: 0, duplicates: 0 });
  }

  async postOutcomes(): Promise<Result<void, BackendError>> {
    return ok(undefined);
  }
}
