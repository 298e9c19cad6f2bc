/**
 * @module
 * Quota JSON of the management API: core's `Quota`, plus `keyId` (the key's public key, as the keys
 * API names keys) for key-scoped quotas.
 */
import type { Quota } from "@breakwater/core/quotas";
import { quotaFromRow } from "../db/queries/quotas.ts";
import type { QuotaRow } from "../db/schema/index.ts";

/** One quota as the API shows it. */
export type QuotaJson = Pick<Quota, "id" | "scope" | "categories" | "limit" | "window" | "reasonCode"> & {
  /** Public key of the key a `key`-scoped quota belongs to. */
  keyId?: string;
};

/** `{"quotas": [...]}` of the quotas endpoints. */
export interface QuotasJson {
  quotas: QuotaJson[];
}

/**
 * Serializes stored rows.
 * @param publicKeys `project_keys.id` → public key, for key-scoped rows
 */
export function serializeQuotas(rows: readonly QuotaRow[], publicKeys: ReadonlyMap<number, string>): QuotasJson {
  return {
    quotas: rows.map((row) => {
      const q = quotaFromRow(row);
      const keyId = row.keyId === null ? undefined : publicKeys.get(row.keyId);
      return {
        id: q.id,
        scope: q.scope,
        ...(keyId !== undefined ? { keyId } : {}),
        categories: q.categories,
        limit: q.limit,
        window: q.window,
        reasonCode: q.reasonCode,
      };
    }),
  };
}
