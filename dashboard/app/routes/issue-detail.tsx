import { useMemo, useState } from "react";
import { data, Form, Link, useNavigation } from "react-router";
import { CsrfInput } from "../components/csrf-input.tsx";
import { GeneralErrorBoundary } from "../components/error-boundary.tsx";
import { EventView } from "../components/event-view.tsx";
import { LevelBadge } from "../components/level-badge.tsx";
import { TimeChart } from "../components/time-chart.tsx";
import { requireAction, requireApi, seg } from "../models/api.server.ts";
import { compactNumber, timeAgo } from "../utils/format.ts";
import { paths } from "../utils/paths.ts";
import type { Event, Issue, StatPoint, TagSummary } from "../utils/types.ts";
import type { Route } from "./+types/issue-detail";

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: d ? `${d.issue.shortId}: ${d.issue.title} · Breakwater` : "Issue · Breakwater" }];
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const eventId = new URL(request.url).searchParams.get("event");
  const issuePath = `/api/0/issues/${seg(params.issueId)}`;
  const [{ body: issue }, { body: event }, tags] = await Promise.all([
    api.get<Issue>(`${issuePath}/`),
    eventId
      ? api.get<Event>(`/api/0/projects/${seg(params.org)}/${seg(params.project)}/events/${seg(eventId)}/`)
      : api.get<Event>(`${issuePath}/events/latest/`),
    api.getOptional<TagSummary[]>(`${issuePath}/tags/`),
  ]);
  if (issue.project && issue.project.slug !== params.project) throw data({ detail: "Not found" }, { status: 404 });
  if (event.groupID && event.groupID !== issue.id) throw data({ detail: "Not found" }, { status: 404 });
  return { issue, event, tags };
}

/** Resolve, ignore or reopen (`PUT /api/0/issues/{id}/`). */
export async function action({ request, params }: Route.ActionArgs) {
  const { api, form } = await requireAction(request);
  const status = String(form.get("status") ?? "");
  if (!["resolved", "ignored", "unresolved"].includes(status))
    return data({ error: "Unknown action" }, { status: 400 });
  const res = await api.call("PUT", `/api/0/issues/${seg(params.issueId)}/`, { status });
  if (!res.ok) return data({ error: res.detail }, { status: res.status });
  return { error: null };
}

function TagBars({ tags }: { tags: TagSummary[] | null }) {
  if (tags === null) return <p className="muted small">Tag breakdown is not available from this backend.</p>;
  if (tags.length === 0) return <p className="muted small">No tags recorded.</p>;
  return (
    <div className="tag-bars">
      {tags.map((t) => {
        const total = t.totalValues || t.topValues.reduce((s, v) => s + v.count, 0) || 1;
        return (
          <div key={t.key} className="tag-bar-group">
            <h5>{t.name ?? t.key}</h5>
            {t.topValues.slice(0, 5).map((v) => {
              const pct = Math.round((v.count / total) * 100);
              return (
                <div key={v.value} className="tag-bar" title={`${v.value}: ${v.count} (${pct}%)`}>
                  <span className="tag-bar-fill" style={{ width: `${pct}%` }} />
                  <span className="tag-bar-label">{v.name ?? v.value}</span>
                  <span className="tag-bar-pct">{pct}%</span>
                </div>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}

const STATUS_ACTIONS: Record<Issue["status"], { status: string; label: string }[]> = {
  unresolved: [
    { status: "resolved", label: "Resolve" },
    { status: "ignored", label: "Ignore" },
  ],
  resolved: [{ status: "unresolved", label: "Reopen" }],
  ignored: [{ status: "unresolved", label: "Reopen" }],
};

export default function IssueDetail({ loaderData, actionData, params }: Route.ComponentProps) {
  const { issue, event, tags } = loaderData;
  const navigation = useNavigation();
  const [period, setPeriod] = useState<"24h" | "14d">("24h");
  const [showJson, setShowJson] = useState(false);
  const points: StatPoint[] = useMemo(() => {
    if (period === "24h") return issue.stats?.["24h"] ?? [];
    return issue.stats?.["14d"] ?? (issue.stats?.["30d"] ?? []).slice(-14);
  }, [issue, period]);
  const series = useMemo(() => [{ label: "Events", values: points.map((p) => p[1]), color: "#6c5fc7" }], [points]);
  const times = useMemo(() => points.map((p) => p[0]), [points]);
  const total = series[0]?.values.reduce((s, v) => s + v, 0) ?? 0;
  const here = paths.issue(params.org, params.project, issue.id);
  return (
    <article className="issue-detail">
      <p className="crumbs small">
        <Link to={paths.issues(params.org, params.project)}>Issues</Link> / {issue.shortId}
      </p>
      <header className="issue-header">
        <div>
          <h1>
            <LevelBadge level={issue.level} /> {issue.metadata?.type ?? issue.title}
          </h1>
          <p className="exception-value">{issue.metadata?.value ?? ""}</p>
          <p className="muted small">
            {issue.culprit ? <code>{issue.culprit}</code> : null} · status{" "}
            <strong data-testid="issue-status">{issue.status}</strong>
            {issue.substatus ? ` (${issue.substatus})` : ""}
          </p>
        </div>
        <dl className="issue-counts">
          <div>
            <dt>Events</dt>
            <dd>{compactNumber(issue.count)}</dd>
          </div>
          <div>
            <dt>Users</dt>
            <dd>{compactNumber(issue.userCount)}</dd>
          </div>
          <div>
            <dt>First seen</dt>
            <dd suppressHydrationWarning title={issue.firstSeen}>
              {timeAgo(issue.firstSeen)}
            </dd>
          </div>
          <div>
            <dt>Last seen</dt>
            <dd suppressHydrationWarning title={issue.lastSeen}>
              {timeAgo(issue.lastSeen)}
            </dd>
          </div>
        </dl>
        <Form method="post" className="status-actions">
          <CsrfInput />
          {STATUS_ACTIONS[issue.status].map((a) => (
            <button
              key={a.status}
              type="submit"
              name="status"
              value={a.status}
              className={a.status === "resolved" ? "primary" : ""}
              disabled={navigation.state === "submitting"}
            >
              {a.label}
            </button>
          ))}
          {actionData?.error ? <span className="form-error">{actionData.error}</span> : null}
        </Form>
      </header>

      <div className="detail-grid">
        <div className="detail-main">
          <section className="panel">
            <div className="panel-head">
              <h3>Events</h3>
              <fieldset className="segmented" aria-label="Chart period">
                {(["24h", "14d"] as const).map((p) => (
                  <button key={p} type="button" aria-pressed={period === p} onClick={() => setPeriod(p)}>
                    {p}
                  </button>
                ))}
              </fieldset>
            </div>
            <TimeChart times={times} series={series} height={120} summary={`${total} events in the last ${period}`} />
          </section>

          <nav className="event-nav panel-head" aria-label="Events of this issue">
            <h3>
              Event <code>{event.eventID.slice(0, 12)}</code>{" "}
              <span className="muted small" suppressHydrationWarning>
                {timeAgo(event.dateCreated)}
              </span>
            </h3>
            <span>
              {event.nextEventID ? (
                <Link to={`${here}?event=${event.nextEventID}`}>← Newer</Link>
              ) : (
                <span className="muted">← Newer</span>
              )}{" "}
              <Link to={here}>Latest</Link>{" "}
              {event.previousEventID ? (
                <Link to={`${here}?event=${event.previousEventID}`}>Older →</Link>
              ) : (
                <span className="muted">Older →</span>
              )}{" "}
              <button type="button" className="small" aria-pressed={showJson} onClick={() => setShowJson((v) => !v)}>
                JSON
              </button>
            </span>
          </nav>
          {showJson ? (
            <pre className="code json-view" data-testid="event-json">
              {JSON.stringify(event, null, 2)}
            </pre>
          ) : (
            <EventView event={event} />
          )}
        </div>
        <aside className="detail-side panel">
          <h3>Tags</h3>
          <TagBars tags={tags} />
          {issue.firstRelease ? (
            <p className="small">
              First release <code>{issue.firstRelease.version}</code>
            </p>
          ) : null}
        </aside>
      </div>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
