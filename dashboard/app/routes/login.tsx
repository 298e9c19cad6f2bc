import { data, Form, redirect, useNavigation } from "react-router";
import { z } from "zod";
import { errorDetail } from "../models/api.server.ts";
import { commitNewSession, getSession, safeRedirect } from "../models/session.server.ts";
import { getEnv } from "../utils/env.server.ts";
import type { Route } from "./+types/login";

export function meta(_: Route.MetaArgs) {
  return [{ title: "Log in · Breakwater" }];
}

const LoginForm = z.object({
  email: z.string().trim().min(1, "Enter your email").max(320),
  password: z.string().min(1, "Enter your password").max(1024),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: Route.LoaderArgs) {
  const session = await getSession(request);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (session.get("token")) throw redirect(redirectTo);
  return { redirectTo };
}

/**
 * Logs in against the backend (`POST /api/0/auth/login/`) and keeps its session token in the
 * signed HttpOnly cookie. The origin check ran in the root middleware; there is no session yet, so
 * no CSRF token to compare (login CSRF is what the origin check and SameSite stop).
 */
export async function action({ request }: Route.ActionArgs) {
  const parsed = LoginForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data({ error: parsed.error.issues[0]?.message ?? "Invalid form" }, { status: 400 });
  }
  const { email, password, redirectTo } = parsed.data;
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  // Lets the backend rate-limit per client address when a proxy in front of us names it.
  const forwarded = request.headers.get("X-Forwarded-For");
  if (forwarded) headers["X-Forwarded-For"] = forwarded;
  let res: Response;
  try {
    res = await fetch(`${getEnv().backendUrl}/api/0/auth/login/`, {
      method: "POST",
      headers,
      body: JSON.stringify({ email, password }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return data({ error: "The backend is unreachable. Try again in a moment." }, { status: 502 });
  }
  const body = (await res.json().catch(() => null)) as { token?: string; user?: { email?: string } } | null;
  if (res.status === 401) return data({ error: "Wrong email or password." }, { status: 401 });
  if (res.status === 429) {
    return data({ error: "Too many failed attempts. Wait a few minutes, then try again." }, { status: 429 });
  }
  if (!res.ok || !body?.token) return data({ error: errorDetail(body, res.status) }, { status: 502 });
  const cookie = await commitNewSession(request, { token: body.token, email: body.user?.email ?? email });
  throw redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <main className="login">
      <Form method="post" className="card login-card">
        <h1 className="brand">Breakwater</h1>
        <p className="muted">Log in to triage your issues.</p>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        {actionData?.error ? (
          <p className="form-error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
        <p className="muted small">
          <code>npm start</code> prints the admin email and password on its first run.
        </p>
      </Form>
    </main>
  );
}
