/**
 * @module
 * DSN formatting: `<scheme>://<public key>@<edge host>/<project id>`, the form Sentry SDKs parse.
 */

/**
 * @example formatDsn("http://127.0.0.1:8787", "abc…", 1) // "http://abc…@127.0.0.1:8787/1"
 */
export function formatDsn(edgeUrl: string, publicKey: string, projectId: number): string {
  const url = new URL(edgeUrl);
  const base = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${publicKey}@${url.host}${base}/${projectId}`;
}
