/**
 * @module
 * ClickHouse settings both EventStore adapters apply. Each exists on 18.16 (`system.settings`) and on
 * current servers: an unknown setting fails the query on old servers.
 */

/**
 * `max_query_size`, bytes: the ingest dedupe puts a whole batch's event ids (up to 10,000 × 35
 * bytes) in one IN list, beyond the 256 KiB default.
 */
export const MAX_QUERY_SIZE = 64 * 1024 * 1024;
