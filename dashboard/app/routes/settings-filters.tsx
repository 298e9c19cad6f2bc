import { data, Form } from "react-router";
import { CsrfInput } from "../components/csrf-input.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { requireAction, requireApi, seg } from "../models/api.server.ts";
import type { InboundFilter, ProjectDetails } from "../utils/types.ts";
import type { Route } from "./+types/settings-filters";

/** Legacy-browser classes the edge implements. */
const LEGACY = [
  "ie_pre_9",
  "ie9",
  "ie10",
  "ie11",
  "opera_pre_15",
  "opera_mini_pre_8",
  "android_pre_4",
  "safari_pre_6",
  "edge_pre_79",
];
/** The list-valued filters, stored as Sentry's project options (one entry per line). */
const LIST_OPTIONS = [
  { key: "filters:blacklisted_ips", label: "IP addresses", hint: "One address or CIDR network per line" },
  { key: "filters:releases", label: "Releases", hint: "One glob per line, e.g. 1.0.* or *-beta" },
  { key: "filters:error_messages", label: "Error messages", hint: "One glob per line, matched against Type: value" },
];

export function meta() {
  return [{ title: "Inbound filters · Breakwater" }];
}

const projectPath = (org: string, project: string) => `/api/0/projects/${seg(org)}/${seg(project)}/`;

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const base = projectPath(params.org, params.project);
  const [{ body: filters }, { body: project }] = await Promise.all([
    api.get<InboundFilter[]>(`${base}filters/`),
    api.get<ProjectDetails>(base),
  ]);
  return { filters, options: project.options };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { api, form } = await requireAction(request);
  const base = projectPath(params.org, params.project);
  const intent = String(form.get("intent") ?? "");
  let res: Awaited<ReturnType<typeof api.call>>;
  if (intent === "toggle") {
    const id = String(form.get("filter") ?? "");
    const body =
      id === "legacy-browsers"
        ? {
            subfilters: form
              .getAll("subfilters")
              .map(String)
              .filter((s) => LEGACY.includes(s)),
          }
        : { active: form.get("active") === "on" };
    res = await api.call("PUT", `${base}filters/${encodeURIComponent(id)}/`, body);
  } else if (intent === "lists") {
    const options = Object.fromEntries(LIST_OPTIONS.map((o) => [o.key, String(form.get(o.key) ?? "")]));
    res = await api.call("PUT", base, { options });
  } else return data({ ok: null, error: "Unknown action" }, { status: 400 });
  if (!res.ok) return data({ ok: null, error: res.detail }, { status: res.status });
  return { ok: "Filters saved. The edge applies them within 60 s.", error: null };
}

export default function SettingsFilters({ loaderData, actionData }: Route.ComponentProps) {
  const { filters, options } = loaderData;
  return (
    <div>
      <h1>Inbound filters</h1>
      <p className="muted">
        Filtered events are dropped at the edge before they count against quotas, and show up as <em>filtered</em> in
        Usage stats.
      </p>
      <FormStatus result={actionData} />
      {filters.map((f) => (
        <Form method="post" key={f.id} className="panel filter-row">
          <CsrfInput />
          <input type="hidden" name="filter" value={f.id} />
          <div>
            <h3>{f.name}</h3>
            <p className="muted small">{f.description}</p>
            {f.id === "legacy-browsers" ? (
              <fieldset className="form-row">
                {LEGACY.map((l) => (
                  <label key={l} className="check">
                    <input
                      type="checkbox"
                      name="subfilters"
                      value={l}
                      defaultChecked={f.active === true || (Array.isArray(f.active) && f.active.includes(l))}
                    />{" "}
                    {l}
                  </label>
                ))}
              </fieldset>
            ) : (
              <label className="check">
                <input type="checkbox" name="active" defaultChecked={f.active === true} /> Enabled
              </label>
            )}
          </div>
          <button type="submit" name="intent" value="toggle">
            Save
          </button>
        </Form>
      ))}
      <Form method="post" className="panel stacked-form">
        <CsrfInput />
        <h3>Custom filters</h3>
        {LIST_OPTIONS.map((o) => (
          <label key={o.key}>
            {o.label} <span className="muted small">{o.hint}</span>
            <textarea name={o.key} rows={3} defaultValue={options[o.key] ?? ""} spellCheck={false} />
          </label>
        ))}
        <button type="submit" name="intent" value="lists" className="primary">
          Save custom filters
        </button>
      </Form>
    </div>
  );
}
