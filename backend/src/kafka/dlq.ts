/**
 * @module
 * Dead-letter messages: a record the consumer cannot process goes to the DLQ topic unchanged (same
 * key and value bytes), with headers saying why and where it came from, so that it can be fixed
 * and produced back to `events`.
 */
import type { IHeaders, Message } from "kafkajs";

/** Why a record was dead-lettered. */
export type DeadLetterKind = "invalid_record" | "pipeline_error";

/** Header names of a dead-lettered message. */
export const DLQ_HEADERS = {
  error: "breakwater-error",
  kind: "breakwater-error-kind",
  topic: "breakwater-source-topic",
  partition: "breakwater-source-partition",
  offset: "breakwater-source-offset",
  failedAt: "breakwater-failed-at",
} as const;

/** Longest error text kept in a header. */
const MAX_ERROR_CHARS = 4_000;

/** Where a record came from and why it failed. */
export interface DeadLetter {
  key: Buffer | null;
  value: Buffer | null;
  topic: string;
  partition: number;
  offset: string;
  kind: DeadLetterKind;
  error: string;
}

/** The DLQ message of a failed record. */
export function deadLetterMessage(d: DeadLetter, now = new Date()): Message {
  return {
    key: d.key,
    value: d.value,
    headers: {
      [DLQ_HEADERS.error]: d.error.slice(0, MAX_ERROR_CHARS),
      [DLQ_HEADERS.kind]: d.kind,
      [DLQ_HEADERS.topic]: d.topic,
      [DLQ_HEADERS.partition]: String(d.partition),
      [DLQ_HEADERS.offset]: d.offset,
      [DLQ_HEADERS.failedAt]: now.toISOString(),
    },
  };
}

/** Reads a header as text (kafkajs hands them over as Buffers). */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
