import { data, Form, Link, useNavigation } from "react-router";
import { CsrfInput } from "../components/csrf-input.tsx";
import { FormStatus } from "../components/form-status.tsx";
import { NotificationLog } from "../components/notification-log.tsx";
import { requireAction, requireApi, seg } from "../models/api.server.ts";
import { type AlertNotificationRow, describeConditions, type IssueAlertRule } from "../utils/alert-rules.ts";
import { timeAgo } from "../utils/format.ts";
import { paths } from "../utils/paths.ts";
import type { Route } from "./+types/settings-alert-history";

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.rule.name ?? "Alert"} history · Breakwater` }];
}

interface GroupHistory {
  group: { id: string; shortId: string; title: string; level: string; status: string };
  count: number;
  lastTriggered: string;
  eventId: string;
}

const rulePath = (org: string, project: string, id: string) =>
  `/api/0/projects/${seg(org)}/${seg(project)}/rules/${seg(id)}/`;

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const base = rulePath(params.org, params.project, params.ruleId);
  const [{ body: rule }, { body: groups }, { body: history }] = await Promise.all([
    api.get<IssueAlertRule>(base),
    api.get<GroupHistory[]>(`${base}group-history/?statsPeriod=30d`),
    api.get<{ notifications: AlertNotificationRow[] }>(`${base}history/`),
  ]);
  return { rule, groups, notifications: history.notifications };
}

/** Sends a test notification through the saved rule's actions. */
export async function action({ request, params }: Route.ActionArgs) {
  const { api } = await requireAction(request);
  const res = await api.call<{ results: { ok: boolean; error: string | null }[] }>(
    "POST",
    `/api/0/projects/${seg(params.org)}/${seg(params.project)}/rules/test-fire-actions/`,
    { ruleId: Number(params.ruleId) },
  );
  if (!res.ok) return data({ ok: null, error: res.detail }, { status: res.status });
  const failed = res.body.results.filter((r) => !r.ok);
  return failed.length === 0
    ? { ok: "Test notification sent.", error: null }
    : { ok: null, error: `Failed: ${failed.map((f) => f.error).join("; ")}` };
}

export default function SettingsAlertHistory({ loaderData, actionData, params }: Route.ComponentProps) {
  const { rule, groups, notifications } = loaderData;
  const navigation = useNavigation();
  return (
    <div>
      <p className="crumbs">
        <Link to={paths.settings(params.org, params.project, "alerts")}>Alert rules</Link> /{" "}
        <Link to={paths.settings(params.org, params.project, `alerts/${rule.id}`)}>{rule.name}</Link> /
      </p>
      <h1>Alert history: {rule.name}</h1>
      <p className="muted">
        When {describeConditions(rule)}; at most once per issue every {rule.frequency} min.
      </p>
      <FormStatus result={actionData} />
      <Form method="post" className="inline-form">
        <CsrfInput />
        <button type="submit" disabled={navigation.state === "submitting"}>
          Send test notification
        </button>
      </Form>
      <section className="panel">
        <h2>Issues it fired for (30 days)</h2>
        {groups.length === 0 ? (
          <p className="muted">It has not fired yet.</p>
        ) : (
          <table className="data-table" data-testid="group-history">
            <thead>
              <tr>
                <th>Issue</th>
                <th className="num">Times</th>
                <th>Last</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.group.id}>
                  <td>
                    <Link to={paths.issue(params.org, params.project, g.group.id)}>{g.group.title}</Link>{" "}
                    <span className="muted small">{g.group.shortId}</span>
                  </td>
                  <td className="num">{g.count}</td>
                  <td title={g.lastTriggered}>{timeAgo(g.lastTriggered)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <h2>Notifications</h2>
        <NotificationLog notifications={notifications} />
      </section>
    </div>
  );
}
