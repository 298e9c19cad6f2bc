/**
 * @module
 * Whether a project config lets a request in: the key must exist and be active, its project active,
 * and the project the URL names must be the key's.
 */
import { err, ok, type Result } from "@breakwater/core/protocol";
import type { ProjectConfig } from "@breakwater/core/schema";

/** Why a known-format key was refused (all 403). */
export type AuthorizeError =
  | { code: "unknown_key" }
  | { code: "key_disabled" }
  | { code: "project_disabled" }
  | { code: "project_mismatch"; urlProjectId: number; keyProjectId: number };

/**
 * Checks a config against the URL's project id.
 * @param config the key's config, `null` when the backend does not know the key
 */
export function authorize(config: ProjectConfig | null, urlProjectId: number): Result<ProjectConfig, AuthorizeError> {
  if (config === null) return err({ code: "unknown_key" });
  if (config.keyStatus !== "active") return err({ code: "key_disabled" });
  if (config.projectStatus !== "active") return err({ code: "project_disabled" });
  if (config.projectId !== urlProjectId) {
    return err({ code: "project_mismatch", urlProjectId, keyProjectId: config.projectId });
  }
  return ok(config);
}

/** The response detail for each refusal (Relay's wording where it has one). */
export function describeAuthorizeError(error: AuthorizeError): string {
  switch (error.code) {
    case "unknown_key":
      return "unknown public key";
    case "key_disabled":
      return "public key disabled";
    case "project_disabled":
      return "project disabled";
    case "project_mismatch":
      return `public key does not belong to project ${error.urlProjectId}`;
  }
}
