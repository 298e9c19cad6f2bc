import { describe, expect, it } from "vitest";
import { IngestRecordSchema, recordKey } from "./ingest.ts";

const ID = "9ec79c33ec9942ab8353589fcb2e04dc";
const routing = { project_id: 1, key_id: 2, received: 1_714_557_600 };
const event = { event_id: ID, timestamp: 1_714_557_600, received: 1_714_557_600, platform: "node", level: "error" };

describe("IngestRecordSchema", () => {
  it("reads a record without kind as an event (records of an older edge)", () => {
    const parsed = IngestRecordSchema.parse({ ...routing, event });
    expect(parsed.kind).toBe("event");
    expect(recordKey(parsed)).toBe(`event:1:${ID}`);
  });

  it("discriminates the other kinds and refuses a body that does not fit its kind", () => {
    const chunk = {
      event_id: ID,
      attachment_id: "0123456789abcdef0123456789abcdef",
      name: "a.txt",
      content_type: "text/plain",
      attachment_type: "event.attachment",
      size: 3,
      chunk_index: 0,
      chunk_count: 1,
      data: "YWJj",
    };
    const attachment = IngestRecordSchema.parse({ kind: "attachment", ...routing, attachment: chunk });
    expect(recordKey(attachment)).toBe(`attachment:1:${ID}:${chunk.attachment_id}:0`);
    const counts = { release: "r", environment: "e", started: 60, sessions: 1, errored: 0, crashed: 0, abnormal: 0 };
    const session = IngestRecordSchema.parse({ kind: "session", ...routing, session: counts });
    expect(recordKey(session)).toBeUndefined();
    expect(IngestRecordSchema.safeParse({ kind: "transaction", ...routing, event }).success).toBe(false);
    expect(IngestRecordSchema.safeParse({ kind: "profile", ...routing, event }).success).toBe(false);
  });
});
