import { getEnv } from "../utils/env.server.ts";
import type { Route } from "./+types/_index";

/** How long the health probe may take before the backend counts as unreachable. */
const HEALTH_TIMEOUT_MS = 2_000;

export function meta(_: Route.MetaArgs) {
  return [{ title: "Breakwater" }, { name: "description", content: "Sentry-compatible error tracking" }];
}

export async function loader(_: Route.LoaderArgs) {
  const { backendUrl } = getEnv();
  try {
    const res = await fetch(`${backendUrl}/healthz`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    return { backendUrl, status: res.ok ? ("up" as const) : ("unhealthy" as const), httpStatus: res.status };
  } catch {
    // Connection refused or timeout: expected while the backend is down, so render it, don't throw.
    return { backendUrl, status: "unreachable" as const, httpStatus: null };
  }
}

export default function Index({ loaderData }: Route.ComponentProps) {
  const { backendUrl, status, httpStatus } = loaderData;
  return (
    <main>
      <h1>Breakwater</h1>
      <p>
        Backend <code>{backendUrl}</code>: {status === "up" && <strong>up</strong>}
        {status === "unhealthy" && <strong>unhealthy (HTTP {httpStatus})</strong>}
        {status === "unreachable" && <strong>backend unreachable</strong>}
      </p>
      <h2>Send your first event</h2>
      <p>
        Run <code>npm start</code> at the repository root; it prints a DSN in the terminal. Pass that DSN to any Sentry
        SDK (<code>Sentry.init({"{ dsn }"})</code>) and trigger an error.
      </p>
    </main>
  );
}
