/**
 * Golden files (Relay's `*.input.json` → `*.normalized.snap` fixtures): realistic payloads normalized
 * with a fixed context, compared as files so that every change to the output is reviewed in the diff.
 */
import { describe, expect, it } from "vitest";
import { EventSchema } from "../schema/index.ts";
import garbage from "./fixtures/garbage.input.json";
import nodeException from "./fixtures/node-exception.input.json";
import pythonLogentry from "./fixtures/python-logentry.input.json";
import { normalizeEvent } from "./normalize.ts";

const ctx = { received: 1_714_557_600.25, clientIp: "198.51.100.23", sentAt: "2024-05-01T09:59:59.900Z" };

describe.each([
  ["node-exception", nodeException, undefined],
  ["python-logentry", pythonLogentry, undefined],
  // Its payload id is invalid: the envelope's keeps the output deterministic.
  ["garbage", garbage, "0badc0ffee0000000000000000000001"],
])("golden %s", (name, input, eventId) => {
  it("matches its normalized file and the schema", async () => {
    const event = normalizeEvent(input, eventId ? { ...ctx, eventId } : ctx);
    expect(EventSchema.safeParse(event).success).toBe(true);
    await expect(`${JSON.stringify(event, null, 2)}\n`).toMatchFileSnapshot(`./fixtures/${name}.normalized.snap`);
  });
});
