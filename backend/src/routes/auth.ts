/**
 * @module
 * Dashboard login with email and password (DESIGN 3.3 "Bearer API tokens or dashboard session"):
 * - `POST /api/0/auth/login/` `{email, password}` → `201 {token, expiresAt, user, organizations}`;
 *   wrong email or password → `401`; too many failures for the email (and client address) → `429`
 *   with `Retry-After`. Not behind the bearer middleware.
 * - `GET /api/0/auth/` → who the caller is (`{kind, user, organizations}`), for a session or a token.
 * - `DELETE /api/0/auth/` → `204`, ends the calling session (Sentry's logout path).
 * The token is sent back as `Authorization: Bearer <token>`; the dashboard keeps it in its cookie.
 */

import type { Hono } from "hono";
import { z } from "zod";
import { checkLoginLimit, recordLoginAttempt } from "../auth/login-limit.ts";
import { hashPassword, verifyPassword } from "../auth/password.ts";
import { generateSessionToken, SESSION_TTL_MS } from "../auth/session-token.ts";
import {
  createSession,
  deleteSession,
  findUserByEmail,
  getUser,
  listUserOrganizations,
} from "../db/queries/sessions.ts";
import { ApiError } from "../errors/http.ts";
import type { HonoEnv } from "../hono/env.ts";
import { clientIp } from "../http/client-ip.ts";
import { zv } from "../middleware/validate.ts";
import { organizationsJson } from "../serializers/organization.ts";

const LoginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(320),
  password: z.string().min(1).max(1024),
});

// A real scrypt hash of a random password, so that an unknown email costs as much as a wrong password
// and the timing does not tell which emails have accounts.
let dummyHash: Promise<string> | undefined;

/** Registers the three routes. */
export function registerAuth(app: Hono<HonoEnv>): void {
  app.post("/api/0/auth/login", zv("json", LoginSchema), async (c) => {
    const { email, password } = c.req.valid("json");
    const { db } = c.var.services;
    const ip = clientIp(c);
    const verdict = await checkLoginLimit(db, email, ip);
    if (verdict.limited) {
      c.header("Retry-After", String(verdict.retryAfterSeconds));
      throw new ApiError({ code: "TOO_MANY_REQUESTS", detail: "Too many failed login attempts. Try again later." });
    }
    const user = await findUserByEmail(db, email);
    dummyHash ??= hashPassword(crypto.randomUUID());
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
    await recordLoginAttempt(db, email, ip, ok && user !== null);
    if (!ok || !user) throw new ApiError({ code: "UNAUTHORIZED", detail: "Invalid email or password" });

    const token = generateSessionToken();
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await createSession(db, user.id, token, expiresAt);
    const orgs = await organizationsJson(db, await listUserOrganizations(db, user.id));
    return c.json(
      {
        token,
        expiresAt: expiresAt.toISOString(),
        user: { id: String(user.id), email: user.email, name: user.name },
        organizations: orgs,
      },
      201,
    );
  });

  app.get("/api/0/auth", async (c) => {
    const { principal, services } = c.var;
    const user = principal.userId === null ? null : await getUser(services.db, principal.userId);
    return c.json({
      kind: principal.kind,
      user: user ? { id: String(user.id), email: user.email, name: user.name } : null,
      organizations: await organizationsJson(services.db, principal.organizations),
    });
  });

  app.delete("/api/0/auth", async (c) => {
    const { principal, services } = c.var;
    if (principal.kind !== "session") {
      throw new ApiError({ code: "BAD_REQUEST", detail: "Only a dashboard session can log out; API tokens stay." });
    }
    const token = /^Bearer\s+(\S+)/i.exec(c.req.header("Authorization") ?? "")?.[1] ?? "";
    await deleteSession(services.db, token);
    return c.body(null, 204);
  });
}
