/**
 * @module
 * `GET /api/0/projects/{org}/{project}/events/{event_id}/` — one event with its entries and the ids
 * of its neighbours within the issue; or, for a transaction's id, the transaction (as Sentry).
 * @see https://docs.sentry.io/api/events/retrieve-an-event-for-a-project/
 */
import type { Hono } from "hono";
import { adjacentGroupEvents, getEvent } from "../clickhouse/events.ts";
import { getTransaction } from "../clickhouse/transactions.ts";
import { notFound } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { serializeEvent } from "../serializers/event.ts";
import { serializeTransaction } from "../serializers/transaction.ts";
import { resolveProject } from "./resolve.ts";

/** Event ids are stored as 32 lowercase hex; accept the dashed UUID form too, as Sentry does. */
export function normalizeEventId(raw: string): string | null {
  const id = raw.replace(/-/g, "").toLowerCase();
  return /^[0-9a-f]{32}$/.test(id) ? id : null;
}

/** Registers the route. */
export function registerProjectEventDetails(app: Hono<HonoEnv>): void {
  app.get("/api/0/projects/:org/:project/events/:eventId", async (c) => {
    const project = await resolveProject(c, c.req.param("org"), c.req.param("project"));
    const eventId = normalizeEventId(c.req.param("eventId"));
    if (!eventId) throw notFound();
    const { events } = c.var.services;
    const stored = await getEvent(events, project.id, eventId);
    if (stored) return c.json(serializeEvent(stored, await adjacentGroupEvents(events, stored)));
    // Sentry serves transactions on the same path.
    const transaction = await getTransaction(events, project.id, eventId);
    if (!transaction) throw notFound();
    return c.json(serializeTransaction(transaction));
  });
}
