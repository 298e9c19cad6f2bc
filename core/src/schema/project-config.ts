/**
 * @module
 * Project configs served by the backend to the edge (`GET /internal/project-configs?keys=pk,pk`),
 * looked up by DSN public key. Unknown keys come back as `null` so the edge can cache the miss.
 */
import { z } from "zod";
import { FiltersConfigSchema } from "../filter/config.ts";
import { PiiConfigSchema } from "../pii/config.ts";
import { QuotaSchema, SpikeProtectionConfigSchema } from "../quotas/index.ts";

export const KeyStatusSchema = z.enum(["active", "disabled"]);

export const ProjectConfigSchema = z.object({
  publicKey: z.string(),
  keyId: z.number().int().positive(),
  keyStatus: KeyStatusSchema,
  projectId: z.number().int().positive(),
  projectStatus: z.enum(["active", "disabled"]),
  organizationId: z.number().int().positive(),
  /** Bumped whenever anything in the config changes; lets the edge log what it runs with. */
  revision: z.string(),
  /**
   * Every quota that applies to events sent with this key: organization-, project- and key-scoped,
   * including the key's Sentry-style `rateLimit` (as a key-scoped quota with id `key_rate_limit`).
   */
  quotas: z.array(QuotaSchema).default([]),
  /** The project's spike protection; on by default (DESIGN 5). */
  spikeProtection: SpikeProtectionConfigSchema.default({ enabled: true, floor: 1_000, multiplier: 5 }),
  /** The project's inbound filters (Relay's shape); all off by default. */
  filters: FiltersConfigSchema.default(FiltersConfigSchema.parse({})),
  /** The project's data scrubbing; Sentry's defaults (on) when unset. PII never leaves the edge unscrubbed. */
  pii: PiiConfigSchema.default(PiiConfigSchema.parse({})),
});
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;

export const ProjectConfigsResponseSchema = z.object({
  configs: z.record(z.string(), ProjectConfigSchema.nullable()),
});
export type ProjectConfigsResponse = z.infer<typeof ProjectConfigsResponseSchema>;
