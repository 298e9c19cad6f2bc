/**
 * @module
 * zod schemas for every wire format Breakwater speaks, with inferred types.
 */

export * from "./attachment.ts";
export * from "./event.ts";
export * from "./exception.ts";
export * from "./frame.ts";
export * from "./ingest.ts";
export * from "./outcome.ts";
export * from "./project-config.ts";
export * from "./session.ts";
export * from "./transaction.ts";
export * from "./user-report.ts";
