import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "../auth/password.ts";
import { hashToken } from "../auth/token.ts";
import { type MetaStore, openMetaStore } from "../db/client.ts";
import { findTokenPrincipal } from "../db/queries/api-tokens.ts";
import { getProjectConfigs } from "../db/queries/project-configs.ts";
import { apiTokens, organizations, projectKeys, projects, users } from "../db/schema/index.ts";
import { formatDsn } from "./dsn.ts";
import { formatCredentials } from "./print.ts";
import { seedBootstrap } from "./seed.ts";

describe("seedBootstrap", () => {
  let meta: MetaStore;
  beforeEach(async () => {
    meta = await openMetaStore(undefined);
  });
  afterEach(async () => {
    await meta.close();
  });

  it("seeds org, project 1, key, admin and token once, with generated values", async () => {
    const first = await seedBootstrap(meta.db, {});
    if (first.kind !== "created") throw new Error("expected a first seed");
    const c = first.credentials;
    expect(c.publicKey).toMatch(/^[0-9a-f]{32}$/);
    expect(c.apiToken).toMatch(/^[0-9a-f]{64}$/);
    expect(c.adminEmail).toBe("admin@breakwater.local");
    expect(c.adminPassword.length).toBeGreaterThanOrEqual(20);

    const [project] = await meta.db.select().from(projects);
    expect(project).toMatchObject({ id: 1, slug: "default", platform: "other" });
    expect((await meta.db.select().from(organizations)).map((o) => o.slug)).toEqual(["default"]);
    expect((await getProjectConfigs(meta.db, [c.publicKey]))[c.publicKey]).toMatchObject({ projectId: 1 });
    expect(await findTokenPrincipal(meta.db, c.apiToken)).toMatchObject({ organizationSlug: "default" });
    // Only the hash is stored.
    const [token] = await meta.db.select().from(apiTokens);
    expect(token?.tokenHash).toBe(hashToken(c.apiToken));
    const [admin] = await meta.db.select().from(users);
    expect(admin?.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword(c.adminPassword, admin?.passwordHash ?? "")).toBe(true);
    expect(await verifyPassword("wrong", admin?.passwordHash ?? "")).toBe(false);

    // The sequence moved past the explicit id 1.
    const [next] = await meta.db
      .insert(projects)
      .values({ organizationId: 1, slug: "second", name: "Second" })
      .returning();
    expect(next?.id).toBe(2);

    const second = await seedBootstrap(meta.db, {});
    expect(second).toEqual({ kind: "existing", publicKey: c.publicKey, changed: [] });
    expect(await meta.db.select().from(projectKeys)).toHaveLength(1);
    expect(await meta.db.select().from(apiTokens)).toHaveLength(1);
  });

  it("uses the env values and lets them win on later starts", async () => {
    const env = {
      publicKey: "a".repeat(32),
      apiToken: "t".repeat(64),
      adminEmail: "Ops@Example.com",
      adminPassword: "first-password",
    };
    const first = await seedBootstrap(meta.db, env);
    expect(first.kind).toBe("created");
    expect(await seedBootstrap(meta.db, env)).toEqual({ kind: "existing", publicKey: env.publicKey, changed: [] });

    const changedEnv = {
      ...env,
      publicKey: "b".repeat(32),
      apiToken: "u".repeat(64),
      adminPassword: "second-password",
    };
    const again = await seedBootstrap(meta.db, changedEnv);
    expect(again).toEqual({
      kind: "existing",
      publicKey: changedEnv.publicKey,
      changed: ["public key", "api token", "admin password"],
    });
    const configs = await getProjectConfigs(meta.db, [env.publicKey, changedEnv.publicKey]);
    expect(configs[env.publicKey]).toBeNull();
    expect(configs[changedEnv.publicKey]).toMatchObject({ projectId: 1, keyStatus: "active" });
    expect(await findTokenPrincipal(meta.db, env.apiToken)).toBeNull();
    expect(await findTokenPrincipal(meta.db, changedEnv.apiToken)).not.toBeNull();
    const [admin] = await meta.db.select().from(users).where(eq(users.email, "ops@example.com"));
    expect(await verifyPassword("second-password", admin?.passwordHash ?? "")).toBe(true);
  });
});

describe("credentials output", () => {
  const credentials = {
    publicKey: "c".repeat(32),
    apiToken: "d".repeat(64),
    adminEmail: "admin@breakwater.local",
    adminPassword: "pw-generated",
    fromEnv: { publicKey: false, apiToken: false, adminEmail: false, adminPassword: true },
  };

  it("prints the DSN and generated secrets, but not secrets given through the env", () => {
    const out = formatCredentials(credentials, "http://127.0.0.1:8787");
    expect(out).toContain(`DSN=http://${"c".repeat(32)}@127.0.0.1:8787/1\n`);
    expect(out).toContain(`API_TOKEN=${"d".repeat(64)}\n`);
    expect(out).toContain("ADMIN_PASSWORD=(from BREAKWATER_BOOTSTRAP_ADMIN_PASSWORD)");
    expect(out).not.toContain("pw-generated");
  });

  it("formats DSNs with an edge path prefix", () => {
    expect(formatDsn("https://errors.example.com/edge/", "k", 1)).toBe("https://k@errors.example.com/edge/1");
  });
});
