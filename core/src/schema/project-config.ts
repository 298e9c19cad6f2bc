/**
 * @module
 * Project configs served by the backend to the edge (`GET /internal/project-configs?keys=pk,pk`),
 * looked up by DSN public key. Unknown keys come back as `null` so the edge can cache the miss.
 */
import { z } from "zod";

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
});
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;

export const ProjectConfigsResponseSchema = z.object({
  configs: z.record(z.string(), ProjectConfigSchema.nullable()),
});
export type ProjectConfigsResponse = z.infer<typeof ProjectConfigsResponseSchema>;
