/**
 * @module
 * Sentry's organization and project lists, scoped to the caller: a token sees its organization, a
 * dashboard session the organizations its user belongs to. The dashboard's switcher reads these.
 * - `GET /api/0/organizations/` → `[{id, slug, name, dateCreated}]`
 * - `GET /api/0/organizations/{org}/projects/` → `[{id, slug, name, platform, status, dateCreated}]`
 * @see https://docs.sentry.io/api/organizations/list-your-organizations/
 * @see https://docs.sentry.io/api/organizations/list-an-organizations-projects/
 */
import { asc, eq } from "drizzle-orm";
import type { Hono } from "hono";
import { projects } from "../db/schema/index.ts";
import type { HonoEnv } from "../hono/env.ts";
import { organizationsJson } from "../serializers/organization.ts";
import { resolveOrganization } from "./resolve.ts";

/** A project in the organization's list. */
export interface ProjectListItemJson {
  id: string;
  slug: string;
  name: string;
  platform: string;
  status: string;
  dateCreated: string;
}

/** Registers both lists. */
export function registerOrganizations(app: Hono<HonoEnv>): void {
  app.get("/api/0/organizations", async (c) => {
    const { principal, services } = c.var;
    return c.json(await organizationsJson(services.db, principal.organizations));
  });

  app.get("/api/0/organizations/:org/projects", async (c) => {
    const org = resolveOrganization(c, c.req.param("org"));
    const rows = await c.var.services.db
      .select()
      .from(projects)
      .where(eq(projects.organizationId, org.id))
      .orderBy(asc(projects.slug));
    return c.json(
      rows.map(
        (p): ProjectListItemJson => ({
          id: String(p.id),
          slug: p.slug,
          name: p.name,
          platform: p.platform,
          status: p.status,
          dateCreated: p.createdAt.toISOString(),
        }),
      ),
    );
  });
}
