/**
 * @module
 * Grouping: fingerprint, hash, title and culprit of an event.
 */
export { computeGrouping, defaultComponents } from "./compute.ts";
export { frameComponent, normalizeFilename, normalizeFunction } from "./frame-component.ts";
export { hashComponents } from "./hash.ts";
export { parameterize } from "./parameterize.ts";
export { describeEvent, truncate } from "./title.ts";
export * from "./types.ts";
