/**
 * @module
 * {@link ProjectConfigs} that knows no key: every request is answered 403.
 */
import { ok, type Result } from "@breakwater/core/protocol";
import type { ProjectConfig } from "@breakwater/core/schema";
import type { ProjectConfigError, ProjectConfigs } from "./interface.ts";

/** Every key is unknown. */
export class NoopProjectConfigs implements ProjectConfigs {
  async get(): Promise<Result<ProjectConfig | null, ProjectConfigError>> {
    return ok(null);
  }
}
