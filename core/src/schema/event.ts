/**
 * @module
 * The event payload. Each known field has its own schema so that normalization can validate fields
 * one by one, drop the invalid ones and record why (Relay's "annotated" model) instead of rejecting the
 * event. Unknown fields are kept.
 * @see https://develop.sentry.dev/sdk/data-model/event-payloads/
 */
import { z } from "zod";
import { ExceptionInterfaceSchema, ExceptionSchema } from "./exception.ts";
import { StacktraceSchema } from "./frame.ts";

export const LEVELS = ["fatal", "error", "warning", "info", "debug"] as const;
export type Level = (typeof LEVELS)[number];

/** `message` may be a string or a logentry object. */
export const LogEntrySchema = z.preprocess(
  (v) => (typeof v === "string" ? { formatted: v } : v),
  z.looseObject({
    message: z.string().optional(),
    formatted: z.string().optional(),
    params: z.unknown().optional(),
  }),
);
export type LogEntry = z.infer<typeof LogEntrySchema>;

/** Tags come as an object or as a list of pairs; both become pairs, values stringified. */
export const TagsSchema = z.preprocess(
  (v) => {
    if (v && typeof v === "object" && !Array.isArray(v)) return Object.entries(v);
    return v;
  },
  z.array(z.tuple([z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)])),
);
export type Tags = z.infer<typeof TagsSchema>;

export const UserSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String).optional(),
  email: z.string().optional(),
  username: z.string().optional(),
  ip_address: z.string().optional(),
  name: z.string().optional(),
});
export type User = z.infer<typeof UserSchema>;

export const SdkSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  integrations: z.array(z.string()).optional(),
  packages: z.array(z.looseObject({ name: z.string(), version: z.string() })).optional(),
});

export const BreadcrumbsSchema = z.preprocess(
  (v) => (Array.isArray(v) ? { values: v } : v),
  z.looseObject({ values: z.array(z.looseObject({})).default([]) }),
);

export const RequestSchema = z.looseObject({
  url: z.string().optional(),
  method: z.string().optional(),
  headers: z.unknown().optional(),
  query_string: z.unknown().optional(),
  data: z.unknown().optional(),
  cookies: z.unknown().optional(),
  env: z.unknown().optional(),
});

/** An annotation left by normalization: what was changed or dropped and why (as Relay's `errors`). */
export const EventErrorSchema = z.looseObject({
  type: z.string(),
  name: z.string().optional(),
  value: z.unknown().optional(),
});
export type EventError = z.infer<typeof EventErrorSchema>;

const str = z.string();
const stringish = z.union([z.string(), z.number()]).transform(String);

/** Per-field schemas: normalization validates each on its own. */
export const EVENT_FIELD_SCHEMAS = {
  event_id: z.string().regex(/^[0-9a-fA-F]{32}$|^[0-9a-fA-F-]{36}$/),
  timestamp: z.union([z.number(), z.string()]),
  platform: str,
  level: z.enum(LEVELS),
  logger: str,
  transaction: str,
  server_name: str,
  release: stringish,
  dist: stringish,
  environment: str,
  culprit: str,
  logentry: LogEntrySchema,
  message: LogEntrySchema,
  exception: ExceptionInterfaceSchema,
  stacktrace: StacktraceSchema,
  tags: TagsSchema,
  extra: z.record(z.string(), z.unknown()),
  user: UserSchema,
  request: RequestSchema,
  contexts: z.record(z.string(), z.unknown()),
  breadcrumbs: BreadcrumbsSchema,
  sdk: SdkSchema,
  fingerprint: z.array(stringish),
  modules: z.record(z.string(), z.string()),
  errors: z.array(EventErrorSchema),
} as const;

/** A normalized event: every known field has passed its schema. */
export const EventSchema = z.looseObject({
  event_id: z.string().regex(/^[0-9a-f]{32}$/),
  timestamp: z.number(),
  received: z.number(),
  platform: str,
  level: z.enum(LEVELS),
  logger: str.optional(),
  transaction: str.optional(),
  server_name: str.optional(),
  release: str.optional(),
  dist: str.optional(),
  environment: str.optional(),
  culprit: str.optional(),
  logentry: z
    .looseObject({ message: str.optional(), formatted: str.optional(), params: z.unknown().optional() })
    .optional(),
  exception: z.looseObject({ values: z.array(ExceptionSchema) }).optional(),
  stacktrace: StacktraceSchema.optional(),
  tags: z.array(z.tuple([z.string(), z.string()])).default([]),
  extra: z.record(z.string(), z.unknown()).optional(),
  user: UserSchema.optional(),
  request: RequestSchema.optional(),
  contexts: z.record(z.string(), z.unknown()).optional(),
  breadcrumbs: z.looseObject({ values: z.array(z.looseObject({})) }).optional(),
  sdk: SdkSchema.optional(),
  fingerprint: z.array(z.string()).optional(),
  modules: z.record(z.string(), z.string()).optional(),
  errors: z.array(EventErrorSchema).default([]),
});
export type Event = z.infer<typeof EventSchema>;
