import { data, Form } from "react-router";
import { CsrfInput } from "../components/csrf-input.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { requireAction, requireApi, seg } from "../models/api.server.ts";
import type { ProjectDetails } from "../utils/types.ts";
import type { Route } from "./+types/settings-scrubbing";

export function meta() {
  return [{ title: "Data scrubbing · Breakwater" }];
}

const projectPath = (org: string, project: string) => `/api/0/projects/${seg(org)}/${seg(project)}/`;
const lines = (v: FormDataEntryValue | null) =>
  String(v ?? "")
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const { body } = await api.get<ProjectDetails>(projectPath(params.org, params.project));
  return { project: body };
}

export async function action({ request, params }: Route.ActionArgs) {
  const { api, form } = await requireAction(request);
  const advanced = String(form.get("relayPiiConfig") ?? "").trim();
  const res = await api.call("PUT", projectPath(params.org, params.project), {
    dataScrubber: form.get("dataScrubber") === "on",
    dataScrubberDefaults: form.get("dataScrubberDefaults") === "on",
    scrubIPAddresses: form.get("scrubIPAddresses") === "on",
    sensitiveFields: lines(form.get("sensitiveFields")),
    safeFields: lines(form.get("safeFields")),
    relayPiiConfig: advanced === "" ? null : advanced,
  });
  if (!res.ok) return data({ ok: null, error: res.detail }, { status: res.status });
  return { ok: "Scrubbing settings saved. The edge applies them within 60 s.", error: null };
}

export default function SettingsScrubbing({ loaderData, actionData }: Route.ComponentProps) {
  const { project: p } = loaderData;
  return (
    <div>
      <h1>Data scrubbing</h1>
      <p className="muted">
        The edge removes sensitive data from events before they leave it; nothing scrubbed is ever stored.
      </p>
      <FormStatus result={actionData} />
      <Form method="post" className="panel stacked-form">
        <CsrfInput />
        <label className="check">
          <input type="checkbox" name="dataScrubber" defaultChecked={p.dataScrubber} /> Data scrubber
        </label>
        <label className="check">
          <input type="checkbox" name="dataScrubberDefaults" defaultChecked={p.dataScrubberDefaults} /> Use default
          scrubbers (passwords, secrets, credit cards, …)
        </label>
        <label className="check">
          <input type="checkbox" name="scrubIPAddresses" defaultChecked={p.scrubIPAddresses} /> Prevent storing IP
          addresses
        </label>
        <label>
          Additional sensitive fields <span className="muted small">one per line</span>
          <textarea name="sensitiveFields" rows={3} defaultValue={p.sensitiveFields.join("\n")} spellCheck={false} />
        </label>
        <label>
          Safe fields <span className="muted small">one per line; never scrubbed</span>
          <textarea name="safeFields" rows={3} defaultValue={p.safeFields.join("\n")} spellCheck={false} />
        </label>
        <label>
          Advanced rules <span className="muted small">Relay&apos;s JSON: {'{"rules": {…}, "applications": {…}}'}</span>
          <textarea
            name="relayPiiConfig"
            rows={5}
            defaultValue={p.relayPiiConfig ?? ""}
            spellCheck={false}
            className="mono"
          />
        </label>
        <button type="submit" className="primary">
          Save
        </button>
      </Form>
    </div>
  );
}
