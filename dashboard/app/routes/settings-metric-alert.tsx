import { data, Form, Link, redirect, useNavigation } from "react-router";
import { RuleFormButtons, RuleIdentityFields } from "../components/alert-rule-parts.tsx";
import { CsrfInput } from "../components/csrf-input.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { NotificationLog } from "../components/notification-log.tsx";
import { TimeChart } from "../components/time-chart.tsx";
import { WebhookFields } from "../components/webhook-fields.tsx";
import { metricRuleBody } from "../models/alert-rule-form.server.ts";
import { requireAction, requireApi, seg } from "../models/api.server.ts";
import type { AlertNotificationRow, MetricAlertRule } from "../utils/alert-rules.ts";
import { timeAgo } from "../utils/format.ts";
import { paths } from "../utils/paths.ts";
import type { Route } from "./+types/settings-metric-alert";

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.rule ? d.rule.name : "New metric alert"} · Breakwater` }];
}

interface Evaluation {
  dateEvaluated: string;
  value: number;
  state: MetricAlertRule["state"];
  changed: boolean;
}

const rulesPath = (org: string) => `/api/0/organizations/${seg(org)}/alert-rules/`;
/** `metric-alerts/new` creates; `metric-alerts/{id}` edits. */
const savedId = (ruleId: string): string | null => (ruleId === "new" ? null : ruleId);

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const ruleId = savedId(params.ruleId);
  if (!ruleId) return { rule: null, evaluations: [], history: null };
  const base = `${rulesPath(params.org)}${seg(ruleId)}/`;
  const [{ body: rule }, { body: evaluations }, { body: history }] = await Promise.all([
    api.get<MetricAlertRule>(base),
    api.get<Evaluation[]>(`${base}evaluations/?statsPeriod=24h`),
    api.get<{
      stateChanges: { dateChanged: string; value: number; state: string }[];
      notifications: AlertNotificationRow[];
    }>(`${base}history/`),
  ]);
  if (!rule.projects.includes(params.project)) throw data({ detail: "Not found" }, { status: 404 });
  return { rule, evaluations, history };
}

/** Save (create or replace) or delete. */
export async function action({ request, params }: Route.ActionArgs) {
  const { api, form } = await requireAction(request);
  const ruleId = savedId(params.ruleId);
  const base = rulesPath(params.org);
  if (String(form.get("intent")) === "delete" && ruleId) {
    const res = await api.call("DELETE", `${base}${seg(ruleId)}/`);
    if (!res.ok) return data({ ok: null, error: res.detail }, { status: res.status });
    return redirect(paths.settings(params.org, params.project, "alerts"));
  }
  const stored = ruleId ? (await api.call<MetricAlertRule>("GET", `${base}${seg(ruleId)}/`)).body : null;
  const built = metricRuleBody(form, params.project, stored);
  if ("error" in built) return data({ ok: null, error: built.error }, { status: 400 });
  const res = ruleId
    ? await api.call<MetricAlertRule>("PUT", `${base}${seg(ruleId)}/`, built.body)
    : await api.call<MetricAlertRule>("POST", base, built.body);
  if (!res.ok) return data({ ok: null, error: res.detail }, { status: res.status });
  if (!ruleId) return redirect(paths.settings(params.org, params.project, `metric-alerts/${res.body.id}`));
  return { ok: "Rule saved. It starts again from OK.", error: null };
}

export default function SettingsMetricAlert({ loaderData, actionData, params }: Route.ComponentProps) {
  const { rule, evaluations, history } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const critical = rule?.triggers.find((t) => t.label === "critical");
  const warning = rule?.triggers.find((t) => t.label === "warning");
  const webhook = critical?.actions.find((a) => a.id === "webhook");
  const email = critical?.actions.find((a) => a.id === "email");
  const points = [...evaluations].reverse();
  return (
    <div>
      <p className="crumbs">
        <Link to={paths.settings(params.org, params.project, "alerts")}>Alert rules</Link> /
      </p>
      <h1>
        {rule ? rule.name : "New metric alert"}{" "}
        {rule && (
          <span className={`badge ${rule.state === "ok" ? "ok" : "danger"}`} data-testid="metric-state">
            {rule.state}
          </span>
        )}
      </h1>
      {rule && (
        <section className="panel">
          <h2>Last 24 hours</h2>
          {points.length === 0 ? (
            <p className="muted">Not evaluated yet.</p>
          ) : (
            <TimeChart
              kind="lines"
              times={points.map((p) => Math.floor(Date.parse(p.dateEvaluated) / 1000))}
              series={[
                { label: rule.aggregate, values: points.map((p) => p.value), color: "#6c5fc7" },
                ...(critical
                  ? [{ label: "critical", values: points.map(() => critical.alertThreshold), color: "#e03e2f" }]
                  : []),
              ]}
              summary={`${points.length} evaluations; latest value ${points.at(-1)?.value ?? 0}`}
            />
          )}
          <p className="muted small">
            Last evaluated {rule.lastEvaluated ? timeAgo(rule.lastEvaluated) : "never"}
            {rule.dateStateChanged && `; state since ${timeAgo(rule.dateStateChanged)}`}.
          </p>
          {history && history.stateChanges.length > 0 && (
            <table className="data-table" data-testid="state-changes">
              <thead>
                <tr>
                  <th>When</th>
                  <th>State</th>
                  <th className="num">Value</th>
                </tr>
              </thead>
              <tbody>
                {history.stateChanges.map((c) => (
                  <tr key={c.dateChanged}>
                    <td title={c.dateChanged}>{timeAgo(c.dateChanged)}</td>
                    <td>{c.state}</td>
                    <td className="num">{c.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <FormStatus result={actionData} />
      <Form method="post" className="panel stacked-form" data-testid="metric-rule-form">
        <CsrfInput />
        <RuleIdentityFields rule={rule} />
        <div className="form-row">
          <label>
            Measure{" "}
            <select name="aggregate" defaultValue={rule?.aggregate ?? "count()"}>
              <option value="count()">number of events</option>
              <option value="count_unique(user)">users affected</option>
            </select>
          </label>
          <label>
            over the last{" "}
            <input name="timeWindow" type="number" min={1} max={1440} defaultValue={rule?.timeWindow ?? 60} required />{" "}
            min
          </label>
        </div>
        <label>
          Of events matching{" "}
          <input name="query" defaultValue={rule?.query ?? ""} placeholder="level:error browser:Firefox" />
        </label>
        <label>
          Environment <input name="environment" defaultValue={rule?.environment ?? ""} placeholder="any environment" />
        </label>
        <div className="form-row">
          <label>
            Alert when the value is{" "}
            <select name="thresholdType" defaultValue={String(rule?.thresholdType ?? 0)}>
              <option value="0">above</option>
              <option value="1">below</option>
            </select>
          </label>
          <label>
            critical{" "}
            <input name="critical" type="number" step="any" required defaultValue={critical?.alertThreshold ?? ""} />
          </label>
          <label>
            warning <input name="warning" type="number" step="any" defaultValue={warning?.alertThreshold ?? ""} />
          </label>
          <label>
            resolve at <input name="resolve" type="number" step="any" defaultValue={rule?.resolveThreshold ?? ""} />
          </label>
        </div>
        <WebhookFields webhook={webhook} />
        <label>
          Email <input name="email" defaultValue={email?.id === "email" ? email.targetIdentifier.join(", ") : ""} />
        </label>
        <RuleFormButtons saved={Boolean(rule)} busy={busy} />
      </Form>
      {history && (
        <section className="panel">
          <h2>Notifications</h2>
          <NotificationLog notifications={history.notifications} />
        </section>
      )}
    </div>
  );
}
