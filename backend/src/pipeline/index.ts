/**
 * @module
 * The ingest pipeline, one file per step: dedupe → group → upsert issues → insert events.
 */
export { type BatchResult, createPipeline, type Pipeline, type PipelineDeps, processBatch } from "./process-batch.ts";
