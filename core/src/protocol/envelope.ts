/**
 * @module
 * Sentry envelope parsing and serialization: bytes in, typed items out.
 *
 * An envelope is a JSON header line, then items. Each item is a JSON header line (with `type` and an
 * optional `length` in bytes) followed by a payload: exactly `length` bytes when given, otherwise up to
 * the next `\n` or the end of input. Payloads are kept as raw bytes, so CRLF and binary attachments
 * survive untouched; only event-like items are decoded later, by the caller.
 * @see https://develop.sentry.dev/sdk/data-model/envelopes/
 */
import { z } from "zod";
import { err, ok, type Result } from "../result.ts";

/** The envelope header. Unknown keys are kept: SDKs add `sent_at`, `sdk`, `trace`. */
export const EnvelopeHeaderSchema = z.looseObject({
  event_id: z.string().optional(),
  dsn: z.string().optional(),
  sent_at: z.string().optional(),
});
export type EnvelopeHeader = z.infer<typeof EnvelopeHeaderSchema>;

/** An item header. `type` is required; `length` is a byte count when present. */
export const ItemHeaderSchema = z.looseObject({
  type: z.string().min(1),
  length: z.number().int().nonnegative().optional(),
  content_type: z.string().optional(),
  filename: z.string().optional(),
});
export type ItemHeader = z.infer<typeof ItemHeaderSchema>;

/** Item types Breakwater processes; everything else is counted and dropped by the edge. */
export const KNOWN_ITEM_TYPES = [
  "event",
  "transaction",
  "attachment",
  "session",
  "sessions",
  "client_report",
  "user_report",
  "feedback",
  "check_in",
] as const;
export type KnownItemType = (typeof KNOWN_ITEM_TYPES)[number];

/** True when the edge knows how to handle items of this type. */
export function isKnownItemType(type: string): type is KnownItemType {
  return (KNOWN_ITEM_TYPES as readonly string[]).includes(type);
}

export interface EnvelopeItem {
  header: ItemHeader;
  payload: Uint8Array;
}

export interface Envelope {
  header: EnvelopeHeader;
  items: EnvelopeItem[];
}

/** Why an envelope could not be parsed; each maps to a 400 and an `invalid` outcome. */
export type EnvelopeError =
  | { code: "empty" }
  | { code: "invalid_header"; detail: string }
  | { code: "invalid_item_header"; index: number; detail: string }
  | { code: "truncated_item"; index: number; expected: number; available: number }
  | { code: "too_many_items"; limit: number };

/** Options for {@link parseEnvelope}. */
export interface ParseEnvelopeOptions {
  /** Refuse envelopes with more items than this. Default 1000 (an SDK sends a handful). */
  maxItems?: number;
}

const NEWLINE = 0x0a;
// `ignoreBOM` spelled out: workers-types declares both options required.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const encoder = new TextEncoder();

function indexOfNewline(bytes: Uint8Array, from: number): number {
  const at = bytes.indexOf(NEWLINE, from);
  return at === -1 ? bytes.length : at;
}

function parseJsonLine(bytes: Uint8Array): Result<unknown, string> {
  try {
    return ok(JSON.parse(decoder.decode(bytes)));
  } catch (e) {
    return err(e instanceof Error ? e.message : "invalid JSON");
  }
}

/**
 * Parses an envelope from its (already decompressed) bytes.
 * @param bytes the whole envelope body
 * @example parseEnvelope(new TextEncoder().encode('{}\n{"type":"event"}\n{}'))
 */
export function parseEnvelope(bytes: Uint8Array, options: ParseEnvelopeOptions = {}): Result<Envelope, EnvelopeError> {
  const maxItems = options.maxItems ?? 1000;
  if (bytes.length === 0) return err({ code: "empty" });

  const headerEnd = indexOfNewline(bytes, 0);
  const headerJson = parseJsonLine(bytes.subarray(0, headerEnd));
  if (!headerJson.ok) return err({ code: "invalid_header", detail: headerJson.error });
  const header = EnvelopeHeaderSchema.safeParse(headerJson.value);
  if (!header.success) return err({ code: "invalid_header", detail: header.error.issues[0]?.message ?? "invalid" });

  const items: EnvelopeItem[] = [];
  let pos = headerEnd + 1;
  while (pos < bytes.length) {
    // Blank lines between items are tolerated, as Relay does.
    if (bytes[pos] === NEWLINE) {
      pos += 1;
      continue;
    }
    const index = items.length;
    if (index >= maxItems) return err({ code: "too_many_items", limit: maxItems });
    const lineEnd = indexOfNewline(bytes, pos);
    const itemJson = parseJsonLine(bytes.subarray(pos, lineEnd));
    if (!itemJson.ok) return err({ code: "invalid_item_header", index, detail: itemJson.error });
    const itemHeader = ItemHeaderSchema.safeParse(itemJson.value);
    if (!itemHeader.success) {
      return err({ code: "invalid_item_header", index, detail: itemHeader.error.issues[0]?.message ?? "invalid" });
    }
    const payloadStart = Math.min(lineEnd + 1, bytes.length);
    let payloadEnd: number;
    let next: number;
    if (itemHeader.data.length !== undefined) {
      payloadEnd = payloadStart + itemHeader.data.length;
      if (payloadEnd > bytes.length) {
        return err({
          code: "truncated_item",
          index,
          expected: itemHeader.data.length,
          available: bytes.length - payloadStart,
        });
      }
      // The newline after a length-delimited payload is optional.
      next = bytes[payloadEnd] === NEWLINE ? payloadEnd + 1 : payloadEnd;
    } else {
      payloadEnd = indexOfNewline(bytes, payloadStart);
      next = payloadEnd + 1;
    }
    items.push({ header: itemHeader.data, payload: bytes.slice(payloadStart, payloadEnd) });
    pos = next;
  }
  return ok({ header: header.data, items });
}

/**
 * Serializes an envelope. Every item gets an explicit `length`, so payloads may hold any bytes.
 * @example serializeEnvelope({ header: {}, items: [{ header: { type: "event" }, payload: bytes }] })
 */
export function serializeEnvelope(envelope: Envelope): Uint8Array {
  const parts: Uint8Array[] = [encoder.encode(`${JSON.stringify(envelope.header)}\n`)];
  for (const item of envelope.items) {
    const header = { ...item.header, length: item.payload.length };
    parts.push(encoder.encode(`${JSON.stringify(header)}\n`), item.payload, encoder.encode("\n"));
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
