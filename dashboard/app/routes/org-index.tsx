import { redirect } from "react-router";
import { requireApi, seg } from "../models/api.server.ts";
import { paths } from "../utils/paths.ts";
import type { ProjectSummary } from "../utils/types.ts";
import type { Route } from "./+types/org-index";

/** An organization's start page is its first project's issue stream. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const { body: projects } = await api.get<ProjectSummary[]>(`/api/0/organizations/${seg(params.org)}/projects/`);
  const first = projects[0];
  if (first) throw redirect(paths.issues(params.org, first.slug));
  return null;
}

export default function OrgIndex() {
  return (
    <div className="empty-state">
      <h2>No projects yet</h2>
      <p>
        This organization has no project. The backend seeds project <code>default</code> on its first start.
      </p>
    </div>
  );
}
