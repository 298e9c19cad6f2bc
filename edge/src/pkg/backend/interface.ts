/**
 * @module
 * The backend's internal API as the edge uses it (DESIGN 3.2): project configs by public key, and the
 * ingest endpoint the queue consumer posts batches to. Expected failures are values.
 */
import type { Result } from "@breakwater/core/protocol";
import type { IngestResponse, OutcomesBatch, ProjectConfig } from "@breakwater/core/schema";

/** Why a backend call failed. `unreachable` and 5xx are transient; the rest point at a bug. */
export type BackendError =
  | { code: "unreachable"; detail: string }
  | { code: "http_status"; status: number; detail: string }
  | { code: "invalid_response"; detail: string };

/** Configs by public key; `null` for a key the backend does not know. */
export type ProjectConfigsByKey = Record<string, ProjectConfig | null>;

/** Talks to the backend's `/internal/*` endpoints. */
export interface BackendClient {
  /** `GET /internal/project-configs?keys=...`: every requested key is in the result. */
  getProjectConfigs(publicKeys: readonly string[]): Promise<Result<ProjectConfigsByKey, BackendError>>;
  /**
   * `POST /internal/ingest` with a gzip NDJSON body of IngestRecords.
   * @returns the backend's counts; `undefined` when a 2xx came with a body we could not read
   */
  ingest(gzippedNdjson: Uint8Array): Promise<Result<IngestResponse | undefined, BackendError>>;
  /** `POST /internal/outcomes` with aggregated outcome rows. */
  postOutcomes(batch: OutcomesBatch): Promise<Result<void, BackendError>>;
}
