import { redirect } from "react-router";
import { requireAction } from "../models/api.server.ts";
import { destroySession } from "../models/session.server.ts";
import type { Route } from "./+types/logout";

/** Logging out is a POST (a link or an image tag must not log anyone out). */
export function loader() {
  throw redirect("/");
}

/** Ends the backend session (`DELETE /api/0/auth/`), then the cookie. */
export async function action({ request }: Route.ActionArgs) {
  const { api } = await requireAction(request);
  await api.call("DELETE", "/api/0/auth/");
  throw redirect("/login", { headers: { "Set-Cookie": await destroySession(request) } });
}
