/**
 * @module
 * First-start seeding (DESIGN 3.4): organization `default`, project `default` (id 1), one DSN key,
 * an admin user and an API token, in one transaction. Values come from the BREAKWATER_BOOTSTRAP_*
 * variables or are generated. Later starts seed nothing; they only make the variables win
 * (`reconcileBootstrap`), which the dev start script relies on.
 */
import { eq, sql } from "drizzle-orm";
import { hashPassword } from "../auth/password.ts";
import { generateApiToken, generatePassword, generatePublicKey, hashToken } from "../auth/token.ts";
import type { BootstrapConfig } from "../config.ts";
import type { Db } from "../db/client.ts";
import { apiTokens, memberships, organizations, projectKeys, projects, users } from "../db/schema/index.ts";
import { BOOTSTRAP_LABEL, DEFAULT_ADMIN_EMAIL, DEFAULT_PROJECT_ID, DEFAULT_SLUG } from "./constants.ts";
import { reconcileBootstrap } from "./reconcile.ts";

/** Credentials of a first start; `fromEnv` says which were given rather than generated. */
export interface BootstrapCredentials {
  publicKey: string;
  apiToken: string;
  adminEmail: string;
  adminPassword: string;
  fromEnv: { publicKey: boolean; apiToken: boolean; adminEmail: boolean; adminPassword: boolean };
}

/** What seeding did. */
export type SeedOutcome =
  | { kind: "created"; credentials: BootstrapCredentials }
  | { kind: "existing"; publicKey: string | null; changed: string[] };

/** Seeds on first start, else reconciles the env values; idempotent. */
export async function seedBootstrap(db: Db, bootstrap: BootstrapConfig): Promise<SeedOutcome> {
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.slug, DEFAULT_SLUG)).limit(1);
    if (org) return { kind: "existing", ...(await reconcileBootstrap(tx, org.id, bootstrap)) };
    return { kind: "created", credentials: await createDefaults(tx, bootstrap) };
  });
}

async function createDefaults(db: Db, b: BootstrapConfig): Promise<BootstrapCredentials> {
  const credentials: BootstrapCredentials = {
    publicKey: b.publicKey ?? generatePublicKey(),
    apiToken: b.apiToken ?? generateApiToken(),
    adminEmail: (b.adminEmail ?? DEFAULT_ADMIN_EMAIL).toLowerCase(),
    adminPassword: b.adminPassword ?? generatePassword(),
    fromEnv: {
      publicKey: b.publicKey !== undefined,
      apiToken: b.apiToken !== undefined,
      adminEmail: b.adminEmail !== undefined,
      adminPassword: b.adminPassword !== undefined,
    },
  };
  const [org] = await db.insert(organizations).values({ slug: DEFAULT_SLUG, name: "Default" }).returning();
  if (!org) throw new Error("organization insert returned nothing");
  // Explicit id 1 (DSNs of the default project end in /1), then move the sequence past it.
  await db.insert(projects).values({
    id: DEFAULT_PROJECT_ID,
    organizationId: org.id,
    slug: DEFAULT_SLUG,
    name: "Default",
    platform: "other",
  });
  await db.execute(sql`SELECT setval(pg_get_serial_sequence('projects', 'id'), (SELECT max(id) FROM projects))`);
  await db.insert(projectKeys).values({
    projectId: DEFAULT_PROJECT_ID,
    publicKey: credentials.publicKey,
    label: BOOTSTRAP_LABEL,
  });
  const [user] = await db
    .insert(users)
    .values({
      email: credentials.adminEmail,
      name: "Admin",
      passwordHash: await hashPassword(credentials.adminPassword),
    })
    .returning();
  if (!user) throw new Error("user insert returned nothing");
  await db.insert(memberships).values({ organizationId: org.id, userId: user.id, role: "owner" });
  await db.insert(apiTokens).values({
    organizationId: org.id,
    userId: user.id,
    tokenHash: hashToken(credentials.apiToken),
    label: BOOTSTRAP_LABEL,
  });
  return credentials;
}
