import { NavLink, Outlet, useParams } from "react-router";
import { GeneralErrorBoundary } from "../components/error-boundary.tsx";
import { paths } from "../utils/paths.ts";

/** Project settings pages, in nav order. A new page is one entry here plus one route in routes.ts. */
export const SETTINGS_PAGES = [
  { page: "keys", label: "Client keys (DSN)" },
  { page: "quotas", label: "Quotas" },
  { page: "spike-protection", label: "Spike protection" },
  { page: "filters", label: "Inbound filters" },
  { page: "scrubbing", label: "Data scrubbing" },
  { page: "alerts", label: "Alert rules" },
] as const;

export default function SettingsLayout() {
  const { org = "", project = "" } = useParams();
  return (
    <div className="settings">
      <nav className="settings-nav" aria-label="Project settings">
        <h2 className="small muted">Project {project}</h2>
        {SETTINGS_PAGES.map((p) => (
          <NavLink key={p.page} to={paths.settings(org, project, p.page)}>
            {p.label}
          </NavLink>
        ))}
      </nav>
      <div className="settings-body">
        <Outlet />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
