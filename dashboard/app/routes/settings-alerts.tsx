import { Link } from "react-router";
import { RuleListPanel } from "../components/alert-rule-parts.tsx";
import { requireApi, seg } from "../models/api.server.ts";
import { describeAction, describeConditions, type IssueAlertRule, type MetricAlertRule } from "../utils/alert-rules.ts";
import { timeAgo } from "../utils/format.ts";
import { paths } from "../utils/paths.ts";
import type { Route } from "./+types/settings-alerts";

export function meta() {
  return [{ title: "Alert rules · Breakwater" }];
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const [{ body: rules }, { body: metricRules }] = await Promise.all([
    api.get<IssueAlertRule[]>(`/api/0/projects/${seg(params.org)}/${seg(params.project)}/rules/`),
    api.get<MetricAlertRule[]>(`/api/0/organizations/${seg(params.org)}/alert-rules/`),
  ]);
  return { rules, metricRules: metricRules.filter((r) => r.projects.includes(params.project)) };
}

function StateBadge({ state }: { state: MetricAlertRule["state"] }) {
  return <span className={`badge ${state === "ok" ? "ok" : "danger"}`}>{state}</span>;
}

export default function SettingsAlerts({ loaderData, params }: Route.ComponentProps) {
  const { rules, metricRules } = loaderData;
  const page = (p: string) => paths.settings(params.org, params.project, p);
  return (
    <div>
      <h1>Alert rules</h1>
      <p className="muted">
        Issue alerts are checked as events arrive: a new issue, a regression, or an issue seen too often or by too many
        users, narrowed by level, environment, release and tags. After a rule fires for an issue it stays quiet for that
        issue for its cool-down, so a storm sends one notification. Metric alerts measure a count over a window on a
        schedule and notify when it crosses a threshold and when it resolves.
      </p>
      <RuleListPanel
        title="Issue alerts"
        newLabel="New issue alert"
        newTo={page("alerts/new")}
        empty="No issue alert rules yet."
        testId="issue-rules"
        columns={["When", "Then", "Cool-down", ""]}
        rules={rules}
        ruleTo={(r) => page(`alerts/${r.id}`)}
        cells={(r) => (
          <>
            <td>{describeConditions(r)}</td>
            <td>{r.actions.map(describeAction).join("; ")}</td>
            <td className="num">{r.frequency} min</td>
            <td>
              <Link to={page(`alerts/${r.id}/history`)}>History</Link>
            </td>
          </>
        )}
      />
      <RuleListPanel
        title="Metric alerts"
        newLabel="New metric alert"
        newTo={page("metric-alerts/new")}
        empty="No metric alert rules yet."
        testId="metric-rules"
        columns={["Measures", "State", "Last evaluated"]}
        rules={metricRules}
        ruleTo={(r) => page(`metric-alerts/${r.id}`)}
        cells={(r) => (
          <>
            <td>
              <code>{r.aggregate}</code> {r.query && <code>{r.query}</code>} over {r.timeWindow} min
            </td>
            <td>
              <StateBadge state={r.state} />
            </td>
            <td>{r.lastEvaluated ? timeAgo(r.lastEvaluated) : "never"}</td>
          </>
        )}
      />
    </div>
  );
}
