import { data, Form } from "react-router";
import { z } from "zod";
import { CsrfInput } from "../components/csrf-input.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { requireAction, requireApi, seg } from "../models/api.server.ts";
import type { ProjectKey, Quota } from "../utils/types.ts";
import type { Route } from "./+types/settings-quotas";

/** Data categories a quota may name (core's DataCategory); none checked = all. */
const CATEGORIES = ["error", "default", "security", "transaction", "attachment", "session", "user_report", "monitor"];

export function meta() {
  return [{ title: "Quotas · Breakwater" }];
}

const quotasPath = (org: string, project: string) => `/api/0/projects/${seg(org)}/${seg(project)}/quotas/`;
const orgQuotasPath = (org: string) => `/api/0/organizations/${seg(org)}/quotas/`;

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const [{ body: quotas }, { body: orgQuotas }, { body: keys }] = await Promise.all([
    api.get<{ quotas: Quota[] }>(quotasPath(params.org, params.project)),
    api.get<{ quotas: Quota[] }>(orgQuotasPath(params.org)),
    api.get<ProjectKey[]>(`/api/0/projects/${seg(params.org)}/${seg(params.project)}/keys/`),
  ]);
  return { quotas: quotas.quotas, orgQuotas: orgQuotas.quotas, keys };
}

const NewQuota = z.object({
  id: z.string().trim().min(1, "Give the quota an id").max(64),
  scope: z.enum(["project", "key", "organization"]),
  keyId: z.string().optional(),
  limit: z.coerce.number().int().min(0),
  window: z.coerce.number().int().min(1),
  reasonCode: z.string().trim().min(1).max(64),
});

/**
 * Adds or removes one quota: the backend replaces the whole list, so read, change, write. Quotas of
 * scope `organization` live in the organization's list, the others in the project's.
 */
export async function action({ request, params }: Route.ActionArgs) {
  const { api, form } = await requireAction(request);
  const path =
    form.get("scope") === "organization" ? orgQuotasPath(params.org) : quotasPath(params.org, params.project);
  const current = await api.get<{ quotas: Quota[] }>(path);
  let quotas = current.body.quotas;
  const intent = String(form.get("intent") ?? "");
  if (intent === "delete") {
    const id = String(form.get("id") ?? "");
    quotas = quotas.filter((q) => q.id !== id);
  } else if (intent === "add") {
    const parsed = NewQuota.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return data({ ok: null, error: `${i?.path.join(".")}: ${i?.message}` }, { status: 400 });
    }
    const q = parsed.data;
    const categories = form
      .getAll("categories")
      .map(String)
      .filter((c) => CATEGORIES.includes(c));
    quotas = [
      ...quotas,
      {
        id: q.id,
        scope: q.scope,
        ...(q.scope === "key" ? { keyId: q.keyId ?? "" } : {}),
        categories,
        limit: q.limit,
        window: q.window,
        reasonCode: q.reasonCode,
      },
    ];
  } else return data({ ok: null, error: "Unknown action" }, { status: 400 });
  const res = await api.call("PUT", path, { quotas });
  if (!res.ok) return data({ ok: null, error: res.detail }, { status: res.status });
  return { ok: "Quotas saved. The edge applies them within 60 s.", error: null };
}

/** One list of quotas with a remove button per row. */
function QuotaTable({ quotas, keys, empty }: { quotas: Quota[]; keys: ProjectKey[]; empty: string }) {
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th>Id</th>
          <th>Scope</th>
          <th>Categories</th>
          <th>Limit</th>
          <th>Window</th>
          <th>Reason</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {quotas.length === 0 ? (
          <tr>
            <td colSpan={7} className="muted">
              {empty}
            </td>
          </tr>
        ) : (
          quotas.map((q) => (
            <tr key={`${q.scope}-${q.keyId ?? ""}-${q.id}`}>
              <td>
                <code>{q.id}</code>
              </td>
              <td>
                {q.scope}
                {q.keyId ? (
                  <code className="small"> {keys.find((k) => k.id === q.keyId)?.name ?? q.keyId.slice(0, 8)}</code>
                ) : null}
              </td>
              <td>{q.categories.length === 0 ? "all" : q.categories.join(", ")}</td>
              <td className="num">{q.limit}</td>
              <td className="num">{q.window} s</td>
              <td>
                <code>{q.reasonCode}</code>
              </td>
              <td>
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="id" value={q.id} />
                  <input type="hidden" name="scope" value={q.scope} />
                  <button type="submit" name="intent" value="delete" className="small">
                    Remove
                  </button>
                </Form>
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

export default function SettingsQuotas({ loaderData, actionData }: Route.ComponentProps) {
  const { quotas, orgQuotas, keys } = loaderData;
  return (
    <div>
      <h1>Quotas</h1>
      <p className="muted">
        Fixed-window caps per DSN key, per project or for the whole organization, enforced at the edge. An item is
        accepted only when every quota that applies has room; <code>limit 0</code> refuses everything. Refused items are
        counted as <em>rate limited</em> with the reason code in Usage stats.
      </p>
      <FormStatus result={actionData} />
      <h3>This project</h3>
      <QuotaTable
        quotas={quotas}
        keys={keys}
        empty="No project quotas: this project is limited only by key rate limits, organization quotas and spike protection."
      />
      <h3>Whole organization</h3>
      <QuotaTable quotas={orgQuotas} keys={keys} empty="No organization quotas." />
      <Form method="post" className="panel stacked-form">
        <CsrfInput />
        <h3>Add a quota</h3>
        <div className="form-row">
          <label>
            Id <input name="id" required maxLength={64} placeholder="errors-per-hour" />
          </label>
          <label>
            Scope
            <select name="scope" defaultValue="project">
              <option value="project">project</option>
              <option value="key">key</option>
              <option value="organization">organization (all projects)</option>
            </select>
          </label>
          <label>
            Key (key scope)
            <select name="keyId">
              {keys.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name} ({k.id.slice(0, 8)})
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="form-row">
          <label>
            Limit <input name="limit" type="number" min={0} required defaultValue={1000} />
          </label>
          <label>
            Window (s) <input name="window" type="number" min={1} required defaultValue={3600} />
          </label>
          <label>
            Reason code <input name="reasonCode" required defaultValue="project_quota" maxLength={64} />
          </label>
        </div>
        <fieldset className="form-row">
          <legend className="small muted">Categories (none = all)</legend>
          {CATEGORIES.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" name="categories" value={c} /> {c}
            </label>
          ))}
        </fieldset>
        <button type="submit" name="intent" value="add" className="primary">
          Add quota
        </button>
      </Form>
    </div>
  );
}
