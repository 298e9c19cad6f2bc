/**
 * @module
 * `GET /api/0/projects/{org}/{project}/events/{event_id}/attachments/` — an event's attachments, and
 * `GET .../attachments/{attachment_id}/` — one attachment's metadata, or its bytes with `?download=1`
 * (`Content-Disposition: attachment`, the stored content type), as in Sentry.
 * @see https://docs.sentry.io/api/events/list-an-events-attachments/
 */
import type { Hono } from "hono";
import { attachmentBytes, listAttachments } from "../clickhouse/attachments.ts";
import { notFound } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { serializeAttachment } from "../serializers/attachment.ts";
import { normalizeEventId } from "./project-event-details.ts";
import { resolveProject } from "./resolve.ts";

const ATTACHMENT_ID = /^[0-9a-f]{32}$/;

/** `filename*` per RFC 6266/5987, plus an ASCII fallback for old clients. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Registers both routes. */
export function registerProjectEventAttachments(app: Hono<HonoEnv>): void {
  app.get("/api/0/projects/:org/:project/events/:eventId/attachments", async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const eventId = normalizeEventId(c.req.param("eventId"));
    if (!eventId) throw notFound();
    const attachments = await listAttachments(c.var.services.events, project.id, eventId);
    return c.json(attachments.map(serializeAttachment));
  });

  app.get("/api/0/projects/:org/:project/events/:eventId/attachments/:attachmentId", async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const eventId = normalizeEventId(c.req.param("eventId"));
    const attachmentId = c.req.param("attachmentId").toLowerCase();
    if (!eventId || !ATTACHMENT_ID.test(attachmentId)) throw notFound();
    const { events } = c.var.services;
    const [attachment] = await listAttachments(events, project.id, eventId, attachmentId);
    if (!attachment) throw notFound();
    const download = c.req.query("download");
    if (download === undefined || download === "0" || download === "false") {
      return c.json(serializeAttachment(attachment));
    }
    const bytes = await attachmentBytes(events, project.id, eventId, attachment);
    if (!bytes) throw notFound();
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": attachment.contentType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(attachment.name),
    });
  });
}
