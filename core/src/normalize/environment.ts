/**
 * @module
 * Legacy SDKs sent the environment as a tag. As Relay's `normalize_event_tags` does, an `environment`
 * tag fills the `environment` field when the field is unset, and the field wins when both are set. The
 * tag is kept in its place with the field's value (Sentry derives the `environment` tag from the field
 * anyway), so normalizing twice changes nothing. Remarks in `errors`:
 * - `{type: "moved", name: "tags.environment", to: "environment"}` when the tag filled the field;
 * - `{type: "invalid_data", name: "tags.environment", value}` when the tag was dropped: it named a
 *   different environment than the field, or one that is not a valid environment.
 */
import { isValidEnvironment } from "./attributes.ts";
import type { Remarks } from "./remarks.ts";
import type { TagPair } from "./tags.ts";

/**
 * Reconciles the `environment` tag with the `environment` field.
 * @param tags normalized tags (unique keys); changed in place
 * @param environment the validated field, or `undefined` when unset
 * @returns the environment field after the move
 */
export function moveEnvironmentTag(
  tags: TagPair[],
  environment: string | undefined,
  remarks: Remarks,
): string | undefined {
  const index = tags.findIndex(([key]) => key === "environment");
  const tag = tags[index];
  if (tag === undefined) return environment;
  const [, value] = tag;
  if (environment === undefined && isValidEnvironment(value)) {
    remarks.add({ type: "moved", name: "tags.environment", to: "environment" });
    return value;
  }
  // Tag values are trimmed, the field is not: the tag derived from a field with outer spaces must
  // still count as naming the same environment, or a second pass would drop it (not idempotent).
  if (value === environment || value === environment?.trim()) return environment;
  remarks.invalidData("tags.environment", value);
  if (environment === undefined) tags.splice(index, 1);
  else tags[index] = ["environment", environment];
  return environment;
}
