/**
 * @module
 * The ingest pipeline, one file per step: dedupe → group → upsert issues → insert events.
 */
export {
  type BatchOutcome,
  type BatchResult,
  type CommitInfo,
  createPipeline,
  type EventLog,
  type EventLogResult,
  type Pipeline,
  type PipelineDeps,
  type PipelineOptions,
  processBatch,
  runBatch,
} from "./process-batch.ts";
