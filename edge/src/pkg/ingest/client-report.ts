/**
 * @module
 * Client reports: what the SDK itself dropped (sampling, `beforeSend`, a full queue, a backoff after
 * 429...). Each `discarded_events` entry becomes a `client_discard` outcome with the SDK's reason and
 * category, attributed to the report's timestamp. They are never rate limited: limiting them would hide
 * the drops they report. Parsing is tolerant, as Relay's: a bad entry is skipped, not the report, and a
 * report that is not a JSON object is ignored with a log line without failing the envelope.
 * @see https://develop.sentry.dev/sdk/telemetry/client-reports/
 */
import { MAX_SECS_IN_FUTURE, MAX_SECS_IN_PAST, parseTimestamp } from "@breakwater/core/normalize";
import { err, ok, type Result } from "@breakwater/core/protocol";
import { type DataCategory, DataCategorySchema } from "@breakwater/core/quotas";
import type { ProjectConfig } from "@breakwater/core/schema";
import { z } from "zod";
import type { ServiceContext } from "../hono/env.ts";
import { recordOutcome } from "./discard.ts";

/** One `client_discard` outcome to record. */
export interface ClientDiscard {
  reason: string;
  category: DataCategory;
  quantity: number;
  /** Unix seconds the outcome is attributed to. */
  timestamp: number;
}

/** Reasons are SDK-defined snake_case words (`sample_rate`, `queue_overflow`); anything else is skipped. */
const REASON = /^[A-Za-z0-9_.:-]{1,200}$/;
/** Quantities are u32 in Relay. */
const MAX_QUANTITY = 2 ** 32 - 1;

const DiscardedEventSchema = z.object({
  reason: z.string().regex(REASON),
  category: DataCategorySchema,
  quantity: z.number().int().positive().max(MAX_QUANTITY),
});

const ClientReportSchema = z.looseObject({
  timestamp: z.unknown().optional(),
  discarded_events: z.array(z.unknown()).optional(),
});

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * The report's timestamp when it is plausible (Relay's past and future bounds), else `received`.
 */
function reportTime(raw: unknown, received: number): number {
  const ts = parseTimestamp(raw);
  if (ts === undefined || ts > received + MAX_SECS_IN_FUTURE || ts < received - MAX_SECS_IN_PAST) return received;
  return ts;
}

/**
 * Parses a `client_report` item payload.
 * @returns the outcomes to record (invalid entries skipped), or why the whole payload is unusable
 * @example parseClientReport(bytes, Date.now() / 1000)
 */
export function parseClientReport(payload: Uint8Array, received: number): Result<ClientDiscard[], string> {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(payload));
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
  const report = ClientReportSchema.safeParse(json);
  if (!report.success) return err("client report must be a JSON object");
  const timestamp = reportTime(report.data.timestamp, received);
  const discards: ClientDiscard[] = [];
  for (const entry of report.data.discarded_events ?? []) {
    const parsed = DiscardedEventSchema.safeParse(entry);
    if (parsed.success) discards.push({ ...parsed.data, timestamp });
  }
  return ok(discards);
}

/** Records each discard as a `client_discard` outcome. */
export function recordClientDiscards(
  services: ServiceContext,
  config: ProjectConfig,
  discards: readonly ClientDiscard[],
): void {
  for (const d of discards) {
    recordOutcome(services, config, "client_discard", d.reason, d.category, d.quantity, d.timestamp);
  }
}
