import { data, Form, useNavigation } from "react-router";
import { z } from "zod";
import { CsrfInput } from "../components/csrf-input.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { requireAction, requireApi, seg } from "../models/api.server.ts";
import type { SpikeProtection } from "../utils/types.ts";
import type { Route } from "./+types/settings-spike-protection";

export function meta() {
  return [{ title: "Spike protection · Breakwater" }];
}

const spikePath = (org: string, project: string) => `/api/0/projects/${seg(org)}/${seg(project)}/spike-protection/`;

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const { body } = await api.get<SpikeProtection>(spikePath(params.org, params.project));
  return { spike: body };
}

const SpikeForm = z.object({
  enabled: z.literal("on").optional(),
  floor: z.coerce.number().int("Floor must be a whole number").min(0),
  multiplier: z.coerce.number().gt(0, "Multiplier must be above 0").max(1000),
});

export async function action({ request, params }: Route.ActionArgs) {
  const { api, form } = await requireAction(request);
  const parsed = SpikeForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ ok: null, error: parsed.error.issues[0]?.message ?? "Invalid" }, { status: 400 });
  const { enabled, floor, multiplier } = parsed.data;
  const res = await api.call("PUT", spikePath(params.org, params.project), {
    enabled: enabled === "on",
    floor,
    multiplier,
  });
  if (!res.ok) return data({ ok: null, error: res.detail }, { status: res.status });
  return { ok: "Spike protection saved. The edge applies it within 60 s.", error: null };
}

export default function SettingsSpikeProtection({ loaderData, actionData }: Route.ComponentProps) {
  const { spike } = loaderData;
  const navigation = useNavigation();
  return (
    <div>
      <h1>Spike protection</h1>
      <p className="muted">
        Caps error events per hour at <code>max(floor, multiplier × baseline)</code>, where the baseline is this
        project&apos;s mean accepted errors per hour over the last 7 days. Events over the ceiling are dropped at the
        edge with reason <code>spike_protection</code> (see Usage stats).
      </p>
      <dl className="figures" data-testid="spike-figures">
        <div>
          <dt>Baseline (errors / hour)</dt>
          <dd>{spike.baseline ?? "–"}</dd>
        </div>
        <div>
          <dt>Ceiling this hour</dt>
          <dd>{spike.enabled ? (spike.ceiling ?? "–") : "off"}</dd>
        </div>
      </dl>
      <p className="muted small">
        The backend computes these from the accepted-event outcomes it has stored; the edge keeps its own count in its
        quota Durable Object, so the edge&apos;s figure can differ by the last minutes of traffic.
      </p>
      <FormStatus result={actionData} />
      <Form method="post" className="panel stacked-form">
        <CsrfInput />
        <label className="check">
          <input type="checkbox" name="enabled" defaultChecked={spike.enabled} /> Enabled
        </label>
        <div className="form-row">
          <label>
            Floor (events / hour){" "}
            <input name="floor" type="number" min={0} step={1} defaultValue={spike.floor} required />
          </label>
          <label>
            Multiplier{" "}
            <input
              name="multiplier"
              type="number"
              min={0.01}
              max={1000}
              step="any"
              defaultValue={spike.multiplier}
              required
            />
          </label>
        </div>
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          Save
        </button>
      </Form>
    </div>
  );
}
