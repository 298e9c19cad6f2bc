import { describe, expect, it } from "vitest";
import { projectConfig } from "../../testutil/fake-backend.ts";
import { authorize, describeAuthorizeError } from "./authorize.ts";

const config = projectConfig({ publicKey: "k", projectId: 7 });

describe("authorize", () => {
  it("lets an active key of the URL's project in", () => {
    expect(authorize(config, 7)).toEqual({ ok: true, value: config });
  });

  it.each([
    ["unknown key", null, 7, { code: "unknown_key" }],
    ["disabled key", { ...config, keyStatus: "disabled" as const }, 7, { code: "key_disabled" }],
    ["disabled project", { ...config, projectStatus: "disabled" as const }, 7, { code: "project_disabled" }],
    ["another project", config, 8, { code: "project_mismatch", urlProjectId: 8, keyProjectId: 7 }],
  ])("refuses an %s", (_name, cfg, projectId, error) => {
    const result = authorize(cfg, projectId);
    expect(result).toEqual({ ok: false, error });
    if (!result.ok) expect(describeAuthorizeError(result.error)).not.toBe("");
  });
});
