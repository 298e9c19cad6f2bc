import { ProjectConfigsResponseSchema } from "@breakwater/core/schema";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectKeys } from "../db/schema/index.ts";
import { createHarness, type Harness, signedHeaders, TEST_PUBLIC_KEY } from "../testutil/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const UNKNOWN = "ffffffffffffffffffffffffffffffff";

async function fetchConfigs(keys: string, headers = signedHeaders("")) {
  return h.app.request(`/internal/project-configs?keys=${keys}`, { headers });
}

describe("GET /internal/project-configs", () => {
  it("requires a signature", async () => {
    expect((await fetchConfigs(TEST_PUBLIC_KEY, {})).status).toBe(401);
    const stale = signedHeaders("", { now: Math.floor(Date.now() / 1000) - 3600 });
    expect((await fetchConfigs(TEST_PUBLIC_KEY, stale)).status).toBe(401);
  });

  it("returns the config of a known key and null for an unknown one", async () => {
    const res = await fetchConfigs(`${TEST_PUBLIC_KEY},${UNKNOWN}`);
    expect(res.status).toBe(200);
    const { configs } = ProjectConfigsResponseSchema.parse(await res.json());
    expect(configs[UNKNOWN]).toBeNull();
    expect(configs[TEST_PUBLIC_KEY]).toMatchObject({
      publicKey: TEST_PUBLIC_KEY,
      keyStatus: "active",
      projectId: 1,
      projectStatus: "active",
      organizationId: 1,
    });
  });

  it("reports a disabled key with its status and a new revision", async () => {
    const before = ProjectConfigsResponseSchema.parse(await (await fetchConfigs(TEST_PUBLIC_KEY)).json());
    await h.services.db
      .update(projectKeys)
      .set({ status: "disabled", updatedAt: new Date() })
      .where(eq(projectKeys.publicKey, TEST_PUBLIC_KEY));
    const after = ProjectConfigsResponseSchema.parse(await (await fetchConfigs(TEST_PUBLIC_KEY)).json());
    expect(after.configs[TEST_PUBLIC_KEY]?.keyStatus).toBe("disabled");
    expect(after.configs[TEST_PUBLIC_KEY]?.revision).not.toBe(before.configs[TEST_PUBLIC_KEY]?.revision);
    await h.services.db.update(projectKeys).set({ status: "active" }).where(eq(projectKeys.publicKey, TEST_PUBLIC_KEY));
  });

  it("answers 400 without keys", async () => {
    const res = await h.app.request("/internal/project-configs", { headers: signedHeaders("") });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ detail: "Invalid query" });
  });
});
