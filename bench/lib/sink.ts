/**
 * @module
 * A pass-through in front of the backend, so one edge can be measured two ways in the same run:
 * `proxy` forwards every request (the edge's 200 waits for chDB + PGlite, the real end-to-end path);
 * `ack` answers `POST /internal/ingest` itself with 200 as soon as the body has arrived, without
 * decompressing it, while project configs and outcomes still go to the backend. `ack` is the
 * "backend that answers ingest quickly" for the pure-edge figure; reports say which one was used.
 * It counts batches and bytes either way.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";

/** How ingest batches are answered. */
export type SinkMode = "proxy" | "ack";

/** Counters since start. */
export interface SinkStats {
  ingestBatches: number;
  ingestBytes: number;
  ingestFailures: number;
}

export interface IngestSink {
  url: string;
  mode: SinkMode;
  readonly stats: SinkStats;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the sink on 127.0.0.1:`port` in front of `backendUrl`. */
export async function startIngestSink(backendUrl: string, port: number): Promise<IngestSink> {
  const stats: SinkStats = { ingestBatches: 0, ingestBytes: 0, ingestFailures: 0 };
  const sink: IngestSink = {
    url: `http://127.0.0.1:${port}`,
    mode: "proxy",
    stats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const ingest = req.method === "POST" && req.url === "/internal/ingest";
      if (ingest) {
        stats.ingestBatches += 1;
        stats.ingestBytes += body.byteLength;
      }
      if (ingest && sink.mode === "ack") {
        res.writeHead(200, { "content-type": "application/json" }).end('{"accepted":0,"duplicates":0}');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === "string" && !HOP_BY_HOP.has(k)) headers[k] = v;
      }
      const upstream = await fetch(`${backendUrl}${req.url ?? "/"}`, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      });
      const answer = Buffer.from(await upstream.arrayBuffer());
      if (ingest && !upstream.ok) stats.ingestFailures += 1;
      res
        .writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" })
        .end(answer);
    } catch (e) {
      res.writeHead(502).end(String(e));
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return sink;
}
