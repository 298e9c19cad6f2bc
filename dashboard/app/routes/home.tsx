import { redirect } from "react-router";
import { requireApi } from "../models/api.server.ts";
import { getSession } from "../models/session.server.ts";
import type { Organization, ProjectSummary } from "../utils/types.ts";
import type { Route } from "./+types/home";

/** `/`: the first project's issues when logged in, else the login page. */
export async function loader({ request }: Route.LoaderArgs) {
  const session = await getSession(request);
  if (!session.get("token")) throw redirect("/login");
  const api = await requireApi(request);
  const { body: orgs } = await api.get<Organization[]>("/api/0/organizations/");
  const org = orgs[0];
  if (!org) return { email: api.session.email, csrf: api.session.csrf };
  const { body: projects } = await api.get<ProjectSummary[]>(
    `/api/0/organizations/${encodeURIComponent(org.slug)}/projects/`,
  );
  const project = projects[0];
  throw redirect(
    project
      ? `/organizations/${encodeURIComponent(org.slug)}/projects/${encodeURIComponent(project.slug)}/issues`
      : `/organizations/${encodeURIComponent(org.slug)}`,
  );
}

export default function Home({ loaderData }: Route.ComponentProps) {
  return (
    <main className="page narrow">
      <h1 className="brand">Breakwater</h1>
      <p>You are logged in as {loaderData.email} but belong to no organization yet. Ask an owner to add you.</p>
      <form method="post" action="/logout">
        <input type="hidden" name="csrf" value={loaderData.csrf} />
        <button type="submit">Log out</button>
      </form>
    </main>
  );
}
