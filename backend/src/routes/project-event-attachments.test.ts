import { ATTACHMENT_CHUNK_BYTES } from "@breakwater/core/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttachmentJson } from "../serializers/attachment.ts";
import { createHarness, type Harness } from "../testutil/harness.ts";
import { ingest } from "../testutil/ingest.ts";
import { createOtherOrg } from "../testutil/other-org.ts";
import { attachmentRecords, errorRecord, newEventId } from "../testutil/records.ts";

let h: Harness;
const eventId = newEventId();
const text = new TextEncoder().encode("retries=3\ntimeout=30\n");
// Three chunks, every byte value: the download must put them back in order, byte for byte.
const binary = new Uint8Array(ATTACHMENT_CHUNK_BYTES * 2 + 123).map((_, i) => (i * 131) % 256);
let textRecords: ReturnType<typeof attachmentRecords>;
let binaryRecords: ReturnType<typeof attachmentRecords>;

beforeAll(async () => {
  h = await createHarness();
  textRecords = attachmentRecords(text, { eventId, name: "config.txt" });
  binaryRecords = attachmentRecords(binary, { eventId, name: "dump ü.bin", contentType: "application/octet-stream" });
  // The chunks arrive out of order and one of them twice (a retried batch).
  const [b0, b1, b2] = binaryRecords;
  await ingest(h, [errorRecord({ eventId }), ...textRecords, b2!, b0!]);
  await ingest(h, [b1!, b0!]);
});
afterAll(async () => {
  await h?.close();
});

const base = `/api/0/projects/default/default/events/${eventId}/attachments`;
const get = (path: string) => h.app.request(path, { headers: h.auth });

describe("GET /api/0/projects/{org}/{project}/events/{event_id}/attachments/", () => {
  it("lists the event's attachments in Sentry's shape", async () => {
    const res = await get(`${base}/`);
    expect(res.status).toBe(200);
    const list = (await res.json()) as AttachmentJson[];
    expect(list.map((a) => [a.name, a.size, a.mimetype, a.type])).toEqual(
      expect.arrayContaining([
        ["config.txt", text.byteLength, "text/plain", "event.attachment"],
        ["dump ü.bin", binary.byteLength, "application/octet-stream", "event.attachment"],
      ]),
    );
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ event_id: eventId, id: expect.stringMatching(/^[0-9a-f]{32}$/), sha1: null });
  });

  it("answers [] for an event without attachments, and 404 for a malformed id", async () => {
    expect(await (await get(`/api/0/projects/default/default/events/${newEventId()}/attachments/`)).json()).toEqual([]);
    expect((await get("/api/0/projects/default/default/events/nope/attachments/")).status).toBe(404);
  });

  it("hides an attachment until all its chunks are stored", async () => {
    const partialEvent = newEventId();
    const [first] = attachmentRecords(binary, { eventId: partialEvent });
    await ingest(h, [first!]);
    const res = await get(`/api/0/projects/default/default/events/${partialEvent}/attachments/`);
    expect(await res.json()).toEqual([]);
  });

  it("refuses another organization's token", async () => {
    const other = await createOtherOrg(h.services.db);
    const res = await h.app.request(`${base}/`, { headers: other.auth });
    expect(res.status).toBe(404);
  });
});

describe("GET .../attachments/{attachment_id}/", () => {
  it("returns the metadata, or the exact bytes with ?download=1", async () => {
    const id = binaryRecords[0]!.attachment.attachment_id;
    const meta = await get(`${base}/${id}/`);
    expect(await meta.json()).toMatchObject({ id, name: "dump ü.bin", size: binary.byteLength });
    const res = await get(`${base}/${id}/?download=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="dump _.bin"; filename*=UTF-8''dump%20%C3%BC.bin`,
    );
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(binary);
    const small = await get(`${base}/${textRecords[0]!.attachment.attachment_id}/?download=1`);
    expect(await small.text()).toBe("retries=3\ntimeout=30\n");
  });

  it("404s for an unknown attachment", async () => {
    expect((await get(`${base}/${"0".repeat(32)}/?download=1`)).status).toBe(404);
    expect((await get(`${base}/not-hex/`)).status).toBe(404);
  });
});
