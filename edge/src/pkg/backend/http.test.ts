import { SIGNATURE_HEADER, verifySignature } from "@breakwater/core/signature";
import { describe, expect, it } from "vitest";
import { FakeBackend, projectConfig } from "../../testutil/fake-backend.ts";
import { HttpBackendClient } from "./http.ts";

const SECRET = "test-internal-secret";
const KEY = "0123456789abcdef0123456789abcdef";

/** A fetch that records the request and answers with `respond`. */
function capture(respond: () => Response | Promise<Response>) {
  const seen: Request[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    seen.push(new Request(input, init));
    return respond();
  };
  return { seen, fetchFn };
}

describe("HttpBackendClient.getProjectConfigs", () => {
  it("sends a signed GET and returns every requested key", async () => {
    const backend = new FakeBackend(SECRET).add(projectConfig({ publicKey: KEY }));
    const client = new HttpBackendClient({ baseUrl: "http://backend.test/", secret: SECRET, fetch: backend.fetch });
    const result = await client.getProjectConfigs([KEY, "unknown"]);
    expect(result).toEqual({ ok: true, value: { [KEY]: projectConfig({ publicKey: KEY }), unknown: null } });
    const [req] = backend.requests;
    expect(req?.url).toBe(`http://backend.test/internal/project-configs?keys=${KEY},unknown`);
    expect(verifySignature(SECRET, req?.headers.get(SIGNATURE_HEADER), "").ok).toBe(true);
  });

  it("keeps a path prefix of the base URL", async () => {
    const { seen, fetchFn } = capture(() => Response.json({ configs: {} }));
    await new HttpBackendClient({
      baseUrl: "http://backend.test/bw",
      secret: SECRET,
      fetch: fetchFn,
    }).getProjectConfigs([KEY]);
    expect(seen[0]?.url).toBe(`http://backend.test/bw/internal/project-configs?keys=${KEY}`);
  });

  it("treats keys missing from the answer as unknown", async () => {
    const { fetchFn } = capture(() => Response.json({ configs: {} }));
    const client = new HttpBackendClient({ baseUrl: "http://backend.test", secret: SECRET, fetch: fetchFn });
    expect(await client.getProjectConfigs([KEY])).toEqual({ ok: true, value: { [KEY]: null } });
  });

  it.each([
    ["not JSON", () => new Response("<html>")],
    ["wrong shape", () => Response.json({ configs: { [KEY]: { publicKey: KEY } } })],
  ])("rejects an answer that is %s", async (_name, respond) => {
    const { fetchFn } = capture(respond);
    const client = new HttpBackendClient({ baseUrl: "http://backend.test", secret: SECRET, fetch: fetchFn });
    const result = await client.getProjectConfigs([KEY]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("invalid_response");
  });

  it("reports a backend refusing the signature", async () => {
    const backend = new FakeBackend("another-secret");
    const client = new HttpBackendClient({ baseUrl: "http://backend.test", secret: SECRET, fetch: backend.fetch });
    expect(await client.getProjectConfigs([KEY])).toMatchObject({
      ok: false,
      error: { code: "http_status", status: 401 },
    });
  });

  it("reports network failures as unreachable", async () => {
    const fetchFn: typeof fetch = async () => {
      throw new TypeError("connection refused");
    };
    const client = new HttpBackendClient({ baseUrl: "http://backend.test", secret: SECRET, fetch: fetchFn });
    expect(await client.getProjectConfigs([KEY])).toEqual({
      ok: false,
      error: { code: "unreachable", detail: "connection refused" },
    });
  });
});

describe("HttpBackendClient.ingest", () => {
  it("posts gzip NDJSON signed over the exact bytes", async () => {
    const { seen, fetchFn } = capture(() => Response.json({ accepted: 2, duplicates: 1 }));
    const client = new HttpBackendClient({ baseUrl: "http://backend.test", secret: SECRET, fetch: fetchFn });
    const body = new Uint8Array([0x1f, 0x8b, 1, 2, 3]);
    expect(await client.ingest(body)).toEqual({ ok: true, value: { accepted: 2, duplicates: 1 } });
    const req = seen[0];
    expect(req?.method).toBe("POST");
    expect(req?.url).toBe("http://backend.test/internal/ingest");
    expect(req?.headers.get("content-type")).toBe("application/x-ndjson");
    expect(req?.headers.get("content-encoding")).toBe("gzip");
    const sent = new Uint8Array((await req?.arrayBuffer()) ?? new ArrayBuffer(0));
    expect(sent).toEqual(body);
    expect(verifySignature(SECRET, req?.headers.get(SIGNATURE_HEADER), sent).ok).toBe(true);
  });

  it("accepts a 2xx whose body it cannot read", async () => {
    const { fetchFn } = capture(() => new Response(null, { status: 202 }));
    const client = new HttpBackendClient({ baseUrl: "http://backend.test", secret: SECRET, fetch: fetchFn });
    expect(await client.ingest(new Uint8Array([1]))).toEqual({ ok: true, value: undefined });
  });

  it("reports a non-2xx with an excerpt of the body", async () => {
    const { fetchFn } = capture(() => new Response("x".repeat(1000), { status: 500 }));
    const client = new HttpBackendClient({ baseUrl: "http://backend.test", secret: SECRET, fetch: fetchFn });
    const result = await client.ingest(new Uint8Array([1]));
    expect(result).toMatchObject({ ok: false, error: { code: "http_status", status: 500 } });
    if (!result.ok && result.error.code === "http_status") expect(result.error.detail).toHaveLength(300);
  });
});
