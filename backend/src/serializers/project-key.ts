/**
 * @module
 * DSN key JSON in Sentry's shape (the project key serializer), so tools written against Sentry's
 * keys API read it. `id` is the public key, as in Sentry.
 * @see https://docs.sentry.io/api/projects/retrieve-a-client-key/
 */
import { type KeyRateLimit, keyRateLimit } from "../db/queries/project-keys.ts";
import type { ProjectKey } from "../db/schema/index.ts";

/** The DSN variants Sentry lists for a key; every URL points at the edge. */
export interface KeyDsnJson {
  /** `<scheme>://<public>@<edge host>/<project id>`: what SDKs are configured with. */
  public: string;
  /** Legacy form with the secret key. */
  secret: string;
  csp: string;
  security: string;
  minidump: string;
  unreal: string;
  /** Sentry's JS loader script URL (not served by Breakwater). */
  cdn: string;
}

/** A DSN key. */
export interface ProjectKeyJson {
  id: string;
  name: string;
  label: string;
  public: string;
  secret: string;
  projectId: number;
  isActive: boolean;
  rateLimit: KeyRateLimit | null;
  dsn: KeyDsnJson;
  browserSdkVersion: string;
  dateCreated: string;
}

/** The DSN URLs of a key, on `edgeUrl` (which may carry a path prefix). */
export function keyDsns(edgeUrl: string, key: Pick<ProjectKey, "publicKey" | "secretKey" | "projectId">): KeyDsnJson {
  const url = new URL(edgeUrl);
  const base = url.pathname.replace(/\/+$/, "");
  const origin = `${url.protocol}//${url.host}${base}`;
  const pk = key.publicKey;
  const api = `${origin}/api/${key.projectId}`;
  return {
    public: `${url.protocol}//${pk}@${url.host}${base}/${key.projectId}`,
    secret: `${url.protocol}//${pk}:${key.secretKey}@${url.host}${base}/${key.projectId}`,
    csp: `${api}/csp-report/?sentry_key=${pk}`,
    security: `${api}/security/?sentry_key=${pk}`,
    minidump: `${api}/minidump/?sentry_key=${pk}`,
    unreal: `${api}/unreal/${pk}/`,
    cdn: `${origin}/js-sdk-loader/${pk}.min.js`,
  };
}

/** Serializes a key. */
export function serializeProjectKey(key: ProjectKey, edgeUrl: string): ProjectKeyJson {
  return {
    id: key.publicKey,
    name: key.label,
    label: key.label,
    public: key.publicKey,
    secret: key.secretKey,
    projectId: key.projectId,
    isActive: key.status === "active",
    rateLimit: keyRateLimit(key),
    dsn: keyDsns(edgeUrl, key),
    browserSdkVersion: "latest",
    dateCreated: key.createdAt.toISOString(),
  };
}
