import { data, Form, Link, NavLink, Outlet, type ShouldRevalidateFunctionArgs, useParams } from "react-router";
import { GeneralErrorBoundary } from "../components/error-boundary.tsx";
import { requireApi, seg } from "../models/api.server.ts";
import { paths } from "../utils/paths.ts";
import type { Organization, ProjectSummary } from "../utils/types.ts";
import type { Route } from "./+types/org-layout";

/** Everything under an organization: the session, the switchers' lists, the CSRF token for forms. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const [{ body: orgs }, { body: projects }] = await Promise.all([
    api.get<Organization[]>("/api/0/organizations/"),
    api.get<ProjectSummary[]>(`/api/0/organizations/${seg(params.org)}/projects/`),
  ]);
  const org = orgs.find((o) => o.slug === params.org);
  if (!org) throw data({ detail: "Not found" }, { status: 404 });
  return { email: api.session.email, csrf: api.session.csrf, orgs, org, projects };
}

/** Only our own links and forms change these lists; no need to reload them on every navigation. */
export function shouldRevalidate({
  currentParams,
  nextParams,
  formMethod,
  defaultShouldRevalidate,
}: ShouldRevalidateFunctionArgs) {
  if (currentParams.org !== nextParams.org) return true;
  if (formMethod && formMethod !== "GET") return defaultShouldRevalidate;
  return false;
}

function Switcher({
  label,
  current,
  items,
}: {
  label: string;
  current: string;
  items: { key: string; to: string; text: string }[];
}) {
  return (
    <details className="switcher">
      <summary aria-label={`${label}: ${current}`}>
        <span className="muted small">{label}</span> {current}
      </summary>
      <ul>
        {items.map((i) => (
          <li key={i.key}>
            <Link to={i.to}>{i.text}</Link>
          </li>
        ))}
      </ul>
    </details>
  );
}

export default function OrgLayout({ loaderData }: Route.ComponentProps) {
  const { orgs, org, projects, email, csrf } = loaderData;
  const params = useParams();
  const project = projects.find((p) => p.slug === params.project) ?? projects[0];
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/" className="brand">
          Breakwater
        </Link>
        <Switcher
          label="Org"
          current={org.name || org.slug}
          items={orgs.map((o) => ({ key: o.slug, to: paths.org(o.slug), text: o.name || o.slug }))}
        />
        {project ? (
          <Switcher
            label="Project"
            current={project.slug}
            items={projects.map((p) => ({ key: p.slug, to: paths.issues(org.slug, p.slug), text: p.slug }))}
          />
        ) : null}
        <nav className="mainnav">
          {project ? <NavLink to={paths.issues(org.slug, project.slug)}>Issues</NavLink> : null}
          <NavLink to={paths.stats(org.slug)}>Stats</NavLink>
          {project ? <NavLink to={paths.settings(org.slug, project.slug)}>Settings</NavLink> : null}
        </nav>
        <Form method="post" action="/logout" className="logout">
          <input type="hidden" name="csrf" value={csrf} />
          <span className="muted small user-email">{email}</span>
          <button type="submit" className="link">
            Log out
          </button>
        </Form>
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <main className="page">
      <Link to="/" className="brand">
        Breakwater
      </Link>
      <GeneralErrorBoundary />
    </main>
  );
}
