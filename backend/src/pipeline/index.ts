/**
 * @module
 * The ingest pipeline, one file per step: dedupe → group → upsert issues → insert events.
 */
export {
  type BatchOutcome,
  type BatchResult,
  createPipeline,
  type EventLog,
  type EventLogResult,
  type Pipeline,
  type PipelineDeps,
  processBatch,
  runBatch,
} from "./process-batch.ts";
