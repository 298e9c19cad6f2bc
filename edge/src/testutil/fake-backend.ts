/**
 * @module
 * The backend faked at the HTTP level: a `fetch` that answers `/internal/project-configs` and
 * `/internal/ingest` the way the real backend's contract says, verifying `X-Breakwater-Signature` as the
 * backend does. Inject it with `createWorker({ fetch: backend.fetch })`; the edge's real HTTP client runs.
 */

import { env } from "cloudflare:test";
import {
  type IngestRecord,
  IngestRecordSchema,
  type Outcome,
  OutcomesBatchSchema,
  type ProjectConfig,
  ProjectConfigSchema,
} from "@breakwater/core/schema";
import { ReplayGuard, SIGNATURE_HEADER, verifySignature } from "@breakwater/core/signature";

/** One `POST /internal/ingest` as the backend saw it. */
export interface IngestCall {
  headers: Headers;
  /** The exact bytes received (gzip). */
  body: Uint8Array;
  records: IngestRecord[];
}

/** Builds a config with sensible defaults, through the schema so that new fields get theirs. */
export function projectConfig(overrides: Partial<ProjectConfig> & { publicKey: string }): ProjectConfig {
  return ProjectConfigSchema.parse({
    keyId: 11,
    keyStatus: "active",
    projectId: 1,
    projectStatus: "active",
    organizationId: 1,
    revision: "r1",
    ...overrides,
  });
}

async function gunzip(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

/** A scriptable fake of the backend's internal API. */
export class FakeBackend {
  readonly configs = new Map<string, ProjectConfig | null>();
  readonly configRequests: URL[] = [];
  readonly ingests: IngestCall[] = [];
  /** Each `POST /internal/outcomes` body's rows. */
  readonly outcomePosts: Outcome[][] = [];
  /** Status answered by the outcomes endpoint. */
  outcomesStatus = 200;
  /** Every request, including refused ones. */
  readonly requests: Request[] = [];
  /** Status answered by the configs endpoint (set to 500 to simulate a failing backend). */
  configStatus = 200;
  /** Status answered by the ingest endpoint. */
  ingestStatus = 200;
  /** When true, fetch rejects as if the connection were refused. */
  unreachable = false;
  /** When set, config answers wait for it (to hold requests in flight). */
  configGate: Promise<void> | undefined;
  /** Event ids the ingest endpoint refuses with 400 (a poison record fails its whole batch). */
  readonly poison = new Set<string>();
  /** Refuses replayed signatures, as the real backend does. */
  private readonly replays = new ReplayGuard();

  constructor(private readonly secret: string = env.INTERNAL_SECRET) {}

  /** Registers a key. */
  add(config: ProjectConfig): this {
    this.configs.set(config.publicKey, config);
    return this;
  }

  readonly fetch: typeof fetch = async (input, init) => this.handle(new Request(input, init));

  private async handle(req: Request): Promise<Response> {
    this.requests.push(req.clone());
    if (this.unreachable) throw new TypeError("Network connection lost.");
    const url = new URL(req.url);
    if (url.origin !== new URL(env.BACKEND_URL).origin) return new Response("wrong host", { status: 502 });
    const body = new Uint8Array(await req.arrayBuffer());
    const signature = verifySignature(this.secret, req.headers.get(SIGNATURE_HEADER), body);
    if (!signature.ok) return Response.json({ detail: `signature ${signature.error.code}` }, { status: 401 });
    const now = Math.floor(Date.now() / 1000);
    if (!this.replays.firstUse(signature.value.signature, signature.value.timestamp, now)) {
      return Response.json({ detail: "signature replayed" }, { status: 401 });
    }

    if (req.method === "GET" && url.pathname === "/internal/project-configs") {
      this.configRequests.push(url);
      if (this.configGate) await this.configGate;
      if (this.configStatus !== 200) return new Response("config store down", { status: this.configStatus });
      const keys = (url.searchParams.get("keys") ?? "").split(",").filter((k) => k !== "");
      return Response.json({ configs: Object.fromEntries(keys.map((k) => [k, this.configs.get(k) ?? null])) });
    }
    if (req.method === "POST" && url.pathname === "/internal/ingest") {
      if (req.headers.get("content-encoding") !== "gzip") return new Response("gzip only", { status: 415 });
      if (req.headers.get("content-type") !== "application/x-ndjson") return new Response("ndjson", { status: 415 });
      const lines = (await gunzip(body)).split("\n").filter((l) => l !== "");
      const records = lines.map((line) => IngestRecordSchema.parse(JSON.parse(line)));
      this.ingests.push({ headers: req.headers, body, records });
      if (this.ingestStatus !== 200) return new Response("ingest failed", { status: this.ingestStatus });
      if (records.some((r) => (r.kind === "event" || r.kind === "transaction") && this.poison.has(r.event.event_id))) {
        return Response.json({ detail: "invalid record in batch" }, { status: 400 });
      }
      return Response.json({ accepted: records.length, duplicates: 0 });
    }
    if (req.method === "POST" && url.pathname === "/internal/outcomes") {
      const batch = OutcomesBatchSchema.parse(JSON.parse(new TextDecoder().decode(body)));
      if (this.outcomesStatus !== 200) return new Response("outcomes failed", { status: this.outcomesStatus });
      this.outcomePosts.push(batch.outcomes);
      return Response.json({ inserted: batch.outcomes.length });
    }
    return new Response("not found", { status: 404 });
  }
}
