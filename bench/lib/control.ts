/**
 * @module
 * What the benchmark asks of a running stack: the backend's REST API (keys, spike protection) with
 * the stack's API token, numeric key ids from the signed internal config endpoint, and QuotaDO
 * counters from the edge's signed `/_debug/quota` (on with `BREAKWATER_DEBUG_ENDPOINTS=1`).
 */
import { signRequest } from "@breakwater/core/signature";

/** A QuotaDO as the edge's debug route shows it. */
export interface DoState {
  acquireCalls: number;
  leases: number;
  counters: Array<{ key: string; limit: number; committed: number; windowEnd: number }>;
}

/** A DSN key: its public key and the numeric id QuotaDO scopes are named after (`key:<id>`). */
export interface BenchKey {
  publicKey: string;
  id: number;
}

export interface StackControl {
  /** Calls the backend's REST API; throws on a non-2xx. */
  api<T>(path: string, method?: string, body?: unknown): Promise<T>;
  /** Creates a key of project `default`, optionally with Sentry's `rateLimit`. */
  createKey(name: string, rateLimit?: { window: number; count: number }): Promise<BenchKey>;
  /** Turns spike protection of project `default` on (with `floor` per hour) or off. */
  spikeProtection(enabled: boolean, floor?: number): Promise<void>;
  /** The isolate's DO-call counter and the named QuotaDOs' state. */
  quotaState(scopes: string[]): Promise<{ isolate: number; scopes: Record<string, DoState> }>;
}

/** A client for the stack at `backendUrl` / `edgeUrl`. */
export function stackControl(o: {
  backendUrl: string;
  edgeUrl: string;
  apiToken: string;
  internalSecret: string;
}): StackControl {
  const api = async <T>(path: string, method = "GET", body?: unknown): Promise<T> => {
    const res = await fetch(`${o.backendUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${o.apiToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  const keyId = async (publicKey: string): Promise<number> => {
    const res = await fetch(`${o.backendUrl}/internal/project-configs?keys=${publicKey}`, {
      headers: { "x-breakwater-signature": signRequest(o.internalSecret, "") },
    });
    const body = (await res.json()) as { configs: Record<string, { keyId: number } | null> };
    const config = body.configs[publicKey];
    if (!config) throw new Error(`no project config for key ${publicKey}`);
    return config.keyId;
  };

  return {
    api,
    async createKey(name, rateLimit) {
      const key = await api<{ id: string }>("/api/0/projects/default/default/keys/", "POST", { name, rateLimit });
      return { publicKey: key.id, id: await keyId(key.id) };
    },
    async spikeProtection(enabled, floor) {
      await api("/api/0/projects/default/default/spike-protection/", "PUT", {
        enabled,
        ...(floor === undefined ? {} : { floor, multiplier: 1 }),
      });
    },
    async quotaState(scopes) {
      // Signed over path and query exactly as the edge sees them (no dangling "?").
      const query = scopes.map((s) => `scope=${s}`).join("&");
      const path = query ? `/_debug/quota?${query}` : "/_debug/quota";
      const res = await fetch(`${o.edgeUrl}${path}`, {
        headers: { "x-breakwater-signature": signRequest(o.internalSecret, path) },
      });
      if (!res.ok) throw new Error(`debug quota: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { isolate: { acquireCalls: number }; scopes: Record<string, DoState> };
      return { isolate: body.isolate.acquireCalls, scopes: body.scopes };
    },
  };
}
