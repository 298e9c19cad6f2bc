/**
 * @module
 * The setup most route tests share: one harness for the file plus the second organization, opened
 * before the tests and closed after them.
 */
import { afterAll, beforeAll } from "vitest";
import { createHarness, type Harness } from "./harness.ts";
import { createOtherOrg, type OtherOrg } from "./other-org.ts";

/** What {@link useHarnessWithOtherOrg} fills in before the file's tests run. */
export interface HarnessWithOtherOrg {
  readonly h: Harness;
  readonly other: OtherOrg;
}

/**
 * Registers `beforeAll` / `afterAll` hooks for a harness and the second organization; read the
 * fields inside tests (they are unset while the file is being collected).
 *
 * @example
 * const t = useHarnessWithOtherOrg();
 * it("lists", async () => expect((await t.h.app.request("/api/0/projects/")).status).toBe(200));
 */
export function useHarnessWithOtherOrg(): HarnessWithOtherOrg {
  let h: Harness | undefined;
  let other: OtherOrg | undefined;
  beforeAll(async () => {
    h = await createHarness();
    other = await createOtherOrg(h.services.db);
  });
  afterAll(async () => {
    await h?.close();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the harness opens in beforeAll: use it inside tests and hooks");
    return value;
  };
  return {
    get h() {
      return opened(h);
    },
    get other() {
      return opened(other);
    },
  };
}
