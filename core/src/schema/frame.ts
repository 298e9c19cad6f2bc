/**
 * @module
 * A stack frame, as SDKs send it. Frames are ordered oldest first: the last frame is where the
 * exception was raised.
 * @see https://develop.sentry.dev/sdk/data-model/event-payloads/stacktrace/
 */
import { z } from "zod";

export const FrameSchema = z.looseObject({
  filename: z.string().optional(),
  abs_path: z.string().optional(),
  function: z.string().optional(),
  raw_function: z.string().optional(),
  module: z.string().optional(),
  package: z.string().optional(),
  platform: z.string().optional(),
  lineno: z.number().int().optional(),
  colno: z.number().int().optional(),
  in_app: z.boolean().optional(),
  context_line: z.string().optional(),
  pre_context: z.array(z.string()).optional(),
  post_context: z.array(z.string()).optional(),
  vars: z.record(z.string(), z.unknown()).optional(),
});
export type Frame = z.infer<typeof FrameSchema>;

export const StacktraceSchema = z.looseObject({
  frames: z.array(FrameSchema).default([]),
});
export type Stacktrace = z.infer<typeof StacktraceSchema>;
