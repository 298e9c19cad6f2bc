/**
 * @module
 * Recording doubles for the bindings and the logger, so tests can see what the edge did and when.
 */
import { type IngestRecord, IngestRecordSchema } from "@breakwater/core/schema";
import type { QueueMessage } from "../pkg/forwarder/message.ts";
import type { LogFields, Logger } from "../pkg/logger/interface.ts";

/** One log line. */
export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  fields?: LogFields;
}

/** Keeps every line in memory. */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];
  debug(message: string, fields?: LogFields): void {
    this.lines.push({ level: "debug", message, fields });
  }
  info(message: string, fields?: LogFields): void {
    this.lines.push({ level: "info", message, fields });
  }
  warn(message: string, fields?: LogFields): void {
    this.lines.push({ level: "warn", message, fields });
  }
  error(message: string, fields?: LogFields): void {
    this.lines.push({ level: "error", message, fields });
  }
  /** Lines whose message contains `text`. */
  find(text: string): LogLine[] {
    return this.lines.filter((l) => l.message.includes(text));
  }
}

/** A queue producer that records messages; `gate` holds `send` open, `failWith` makes it throw. */
export class RecordingQueue implements Queue<QueueMessage> {
  readonly sent: { body: QueueMessage; options?: QueueSendOptions }[] = [];
  gate: Promise<void> | undefined;
  failWith: Error | undefined;

  async send(body: QueueMessage, options?: QueueSendOptions): Promise<QueueSendResponse> {
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    // What a real queue would deliver: JSON content type means a JSON round trip.
    this.sent.push({ body: JSON.parse(JSON.stringify(body)), options });
    return { metadata: { metrics: { backlogCount: this.sent.length, backlogBytes: 0 } } };
  }

  async sendBatch(messages: Iterable<MessageSendRequest<QueueMessage>>): Promise<QueueSendBatchResponse> {
    for (const m of messages) await this.send(m.body, { contentType: m.contentType });
    return { metadata: { metrics: { backlogCount: this.sent.length, backlogBytes: 0 } } };
  }

  async metrics(): Promise<QueueMetrics> {
    return { backlogCount: this.sent.length, backlogBytes: 0 };
  }

  /** The records of the inline messages sent, parsed as the consumer parses them. */
  records(): IngestRecord[] {
    return this.sent.flatMap(({ body }) => ("record" in body ? [IngestRecordSchema.parse(body.record)] : []));
  }
}

/** A promise with its resolver exposed. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
