/**
 * @module
 * Project configs as the request path sees them: one lookup by DSN public key.
 */
import type { Result } from "@breakwater/core/protocol";
import type { ProjectConfig } from "@breakwater/core/schema";

/** The config could not be obtained (and none is cached): the edge answers 503. */
export type ProjectConfigError = { code: "unavailable"; detail: string };

/** Looks up project configs by public key. */
export interface ProjectConfigs {
  /** @returns the config, `null` for a key the backend does not know, or why neither is known */
  get(publicKey: string): Promise<Result<ProjectConfig | null, ProjectConfigError>>;
}
