/**
 * @module
 * {@link BackendClient} over HTTP, every request signed with `X-Breakwater-Signature`
 * (core/signature). The `fetch` is injectable so tests fake the backend at the HTTP level while this
 * code (URLs, headers, signing, validation) still runs.
 */
import { err, ok, type Result } from "@breakwater/core/protocol";
import {
  type IngestResponse,
  IngestResponseSchema,
  type OutcomesBatch,
  ProjectConfigsResponseSchema,
} from "@breakwater/core/schema";
import { SIGNATURE_HEADER, signRequestWith } from "@breakwater/core/signature";
import type { BackendClient, BackendError, ProjectConfigsByKey } from "./interface.ts";
import { nativeHmacSha256Hex } from "./native-hmac.ts";

/** Options for {@link HttpBackendClient}. */
export interface HttpBackendClientOptions {
  /** Base URL, e.g. `http://127.0.0.1:8788`; a path prefix is kept. */
  baseUrl: string;
  /** Shared HMAC secret (`INTERNAL_SECRET`). */
  secret: string;
  /** The fetch to use. Default: the global `fetch`, looked up at call time. */
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds. Default 10 000. */
  timeoutMs?: number;
}

/** Longest error body excerpt kept in a {@link BackendError}. */
const MAX_DETAIL = 300;

/** Signs and sends requests to the backend's internal API. */
export class HttpBackendClient implements BackendClient {
  private readonly baseUrl: string;
  private readonly secret: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;

  constructor(opts: HttpBackendClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.secret = opts.secret;
    // Late-bound: calling an unbound global fetch is an "Illegal invocation", and tests spy on it.
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  async getProjectConfigs(publicKeys: readonly string[]): Promise<Result<ProjectConfigsByKey, BackendError>> {
    const keys = publicKeys.map(encodeURIComponent).join(",");
    const res = await this.send(`/internal/project-configs?keys=${keys}`, { method: "GET" }, "");
    if (!res.ok) return res;
    const body = await readJson(res.value);
    const parsed = ProjectConfigsResponseSchema.safeParse(body);
    if (!parsed.success) {
      return err({ code: "invalid_response", detail: parsed.error.issues[0]?.message ?? "invalid project configs" });
    }
    // A key the backend left out is as unknown as one it answered with null.
    const configs: ProjectConfigsByKey = {};
    for (const key of publicKeys) configs[key] = parsed.data.configs[key] ?? null;
    return ok(configs);
  }

  async ingest(gzippedNdjson: Uint8Array): Promise<Result<IngestResponse | undefined, BackendError>> {
    const init: RequestInit = {
      method: "POST",
      body: gzippedNdjson,
      headers: { "Content-Type": "application/x-ndjson", "Content-Encoding": "gzip" },
    };
    const res = await this.send("/internal/ingest", init, gzippedNdjson);
    if (!res.ok) return res;
    const parsed = IngestResponseSchema.safeParse(await readJson(res.value));
    return ok(parsed.success ? parsed.data : undefined);
  }

  async postOutcomes(batch: OutcomesBatch): Promise<Result<void, BackendError>> {
    const body = JSON.stringify(batch);
    const res = await this.send(
      "/internal/outcomes",
      { method: "POST", body, headers: { "Content-Type": "application/json" } },
      body,
    );
    return res.ok ? ok(undefined) : res;
  }

  /** Signs `body` (the exact bytes sent), sends, and maps network errors and non-2xx to errors. */
  private async send(
    path: string,
    init: RequestInit,
    body: Uint8Array | string,
  ): Promise<Result<Response, BackendError>> {
    const headers = new Headers(init.headers);
    headers.set(SIGNATURE_HEADER, signRequestWith(nativeHmacSha256Hex, this.secret, body));
    let res: Response;
    try {
      res = await this.fetchFn(`${this.baseUrl}${path}`, {
        ...init,
        headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      return err({ code: "unreachable", detail: e instanceof Error ? e.message : String(e) });
    }
    if (res.status < 200 || res.status > 299) {
      const text = await res.text().catch(() => "");
      return err({ code: "http_status", status: res.status, detail: text.slice(0, MAX_DETAIL) });
    }
    return ok(res);
  }
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return undefined;
  }
}
