import { data, Form, useNavigation } from "react-router";
import { CopyButton } from "../components/copy-button.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { requireAction, requireApi, seg } from "../models/api.server.ts";
import type { ProjectKey } from "../utils/types.ts";
import type { Route } from "./+types/settings-keys";

export function meta() {
  return [{ title: "Client keys · Breakwater" }];
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const { body: keys } = await api.get<ProjectKey[]>(`/api/0/projects/${seg(params.org)}/${seg(params.project)}/keys/`);
  return { keys };
}

/** Optional non-negative integer field; "" → null. */
function intField(form: FormData, name: string): number | null | "invalid" {
  const v = String(form.get(name) ?? "").trim();
  if (v === "") return null;
  return /^\d{1,10}$/.test(v) ? Number(v) : "invalid";
}

/** Create a key, enable/disable one, or set its rate limit (Sentry's `rateLimit`). */
export async function action({ request, params }: Route.ActionArgs) {
  const { api, form } = await requireAction(request);
  const base = `/api/0/projects/${seg(params.org)}/${seg(params.project)}/keys/`;
  const intent = String(form.get("intent") ?? "");
  const keyId = String(form.get("keyId") ?? "");
  if (intent === "create") {
    const name = String(form.get("name") ?? "").trim();
    const res = await api.call("POST", base, name ? { name } : {});
    return res.ok ? { ok: "Key created.", error: null } : data({ ok: null, error: res.detail }, { status: res.status });
  }
  if (!/^[0-9a-f]{32}$/.test(keyId)) return data({ ok: null, error: "Unknown key" }, { status: 400 });
  let body: unknown;
  if (intent === "enable" || intent === "disable") body = { isActive: intent === "enable" };
  else if (intent === "rate-limit") {
    const count = intField(form, "count");
    const window = intField(form, "window");
    if (count === "invalid" || window === "invalid") {
      return data({ ok: null, error: "Count and window must be whole numbers." }, { status: 400 });
    }
    if ((count === null) !== (window === null)) {
      return data(
        { ok: null, error: "Give both a count and a window, or neither to remove the limit." },
        { status: 400 },
      );
    }
    body = { rateLimit: count === null || window === null ? null : { count, window } };
  } else return data({ ok: null, error: "Unknown action" }, { status: 400 });
  const res = await api.call("PUT", `${base}${keyId}/`, body);
  if (!res.ok) return data({ ok: null, error: res.detail }, { status: res.status });
  return {
    ok: intent === "rate-limit" ? "Rate limit saved. The edge applies it within 60 s." : `Key ${intent}d.`,
    error: null,
  };
}

function KeyCard({ k }: { k: ProjectKey }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <section className="panel key-card" data-testid="key-card" aria-label={`Key ${k.name}`}>
      <div className="panel-head">
        <h3>
          {k.name}{" "}
          {k.isActive ? <span className="badge ok">active</span> : <span className="badge danger">disabled</span>}
        </h3>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="keyId" value={k.id} />
          <button type="submit" name="intent" value={k.isActive ? "disable" : "enable"} disabled={busy}>
            {k.isActive ? "Disable" : "Enable"}
          </button>
        </Form>
      </div>
      <p className="dsn-line">
        <span className="muted small">DSN</span> <code>{k.dsn.public}</code> <CopyButton text={k.dsn.public} />
      </p>
      <Form method="post" className="inline-form">
        <CsrfInput />
        <input type="hidden" name="keyId" value={k.id} />
        <span className="muted small">Rate limit</span>
        <label>
          <input
            name="count"
            type="number"
            min={0}
            defaultValue={k.rateLimit?.count ?? ""}
            aria-label="Events per window"
            placeholder="events"
          />
        </label>
        <span>events per</span>
        <label>
          <input
            name="window"
            type="number"
            min={0}
            max={2678400}
            defaultValue={k.rateLimit?.window ?? ""}
            aria-label="Window in seconds"
            placeholder="seconds"
          />
        </label>
        <span>s</span>
        <button type="submit" name="intent" value="rate-limit" disabled={busy}>
          Save limit
        </button>
        <span className="muted small">
          {k.rateLimit ? `now ${k.rateLimit.count} / ${k.rateLimit.window} s` : "no limit"}
        </span>
      </Form>
    </section>
  );
}

export default function SettingsKeys({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <div>
      <h1>Client keys (DSN)</h1>
      <p className="muted">
        SDKs authenticate with a key&apos;s DSN. A disabled key is refused at the edge (403); a rate limit caps the
        events one key may send per window (429 with <code>Retry-After</code>). Leave both fields empty to remove a
        limit.
      </p>
      <FormStatus result={actionData} />
      {loaderData.keys.map((k) => (
        <KeyCard key={k.id} k={k} />
      ))}
      <Form method="post" className="inline-form panel">
        <CsrfInput />
        <label>
          New key name <input name="name" placeholder="Default" maxLength={64} />
        </label>
        <button type="submit" name="intent" value="create" className="primary">
          Create key
        </button>
      </Form>
    </div>
  );
}
