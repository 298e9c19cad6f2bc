/**
 * @module
 * A second organization with its own project and token, for isolation tests.
 */
import { hashToken } from "../auth/token.ts";
import type { Db } from "../db/client.ts";
import { apiTokens, organizations, projects } from "../db/schema/index.ts";

/** API token of the second organization. */
export const OTHER_TOKEN = "b".repeat(64);

/** The second organization: its ids and the `Authorization` header of its token. */
export interface OtherOrg {
  orgId: number;
  projectId: number;
  auth: { Authorization: string };
}

/** Creates org `other` with project `other-project` and `OTHER_TOKEN`. */
export async function createOtherOrg(db: Db): Promise<OtherOrg> {
  const [org] = await db.insert(organizations).values({ slug: "other", name: "Other" }).returning();
  if (!org) throw new Error("no org");
  const [project] = await db
    .insert(projects)
    .values({ organizationId: org.id, slug: "other-project", name: "Other project" })
    .returning();
  if (!project) throw new Error("no project");
  await db.insert(apiTokens).values({ organizationId: org.id, tokenHash: hashToken(OTHER_TOKEN), label: "test" });
  return { orgId: org.id, projectId: project.id, auth: { Authorization: `Bearer ${OTHER_TOKEN}` } };
}
