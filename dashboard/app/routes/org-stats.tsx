import { useMemo } from "react";
import { Form, useSubmit } from "react-router";
import { GeneralErrorBoundary } from "../components/error-boundary.tsx";
import { TimeChart } from "../components/time-chart.tsx";
import { requireApi, seg } from "../models/api.server.ts";
import type { ProjectSummary, StatsV2 } from "../utils/types.ts";
import type { Route } from "./+types/org-stats";

const CATEGORIES = ["error", "transaction", "attachment", "session", "user_report", "monitor"];
/** Period → the interval that gives a readable number of buckets. */
const PERIODS: Record<string, string> = { "1h": "5m", "24h": "1h", "7d": "1d", "14d": "1d", "30d": "1d" };
const OUTCOMES = [
  { outcome: "accepted", label: "Accepted", color: "#2ba185" },
  { outcome: "filtered", label: "Filtered", color: "#8c7fd1" },
  { outcome: "rate_limited", label: "Rate limited", color: "#f2b712" },
  { outcome: "invalid", label: "Invalid", color: "#f55459" },
  { outcome: "client_discard", label: "Client discard", color: "#a0a0a0" },
];

export function meta() {
  return [{ title: "Usage stats · Breakwater" }];
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const url = new URL(request.url);
  const category = CATEGORIES.includes(url.searchParams.get("category") ?? "")
    ? (url.searchParams.get("category") as string)
    : "error";
  const period = (url.searchParams.get("period") ?? "") in PERIODS ? (url.searchParams.get("period") as string) : "24h";
  const project = url.searchParams.get("project") ?? "";
  const qs = (groupBy: string[]) => {
    const q = new URLSearchParams({
      field: "sum(quantity)",
      category,
      statsPeriod: period,
      interval: PERIODS[period] ?? "1h",
    });
    for (const g of groupBy) q.append("groupBy", g);
    if (/^\d+$/.test(project)) q.set("project", project);
    return `/api/0/organizations/${seg(params.org)}/stats_v2/?${q}`;
  };
  const [{ body: byOutcome }, { body: byReason }, { body: projects }] = await Promise.all([
    api.get<StatsV2>(qs(["outcome"])),
    api.get<StatsV2>(qs(["outcome", "reason"])),
    api.get<ProjectSummary[]>(`/api/0/organizations/${seg(params.org)}/projects/`),
  ]);
  return { byOutcome, byReason, projects, category, period, project };
}

export default function OrgStats({ loaderData }: Route.ComponentProps) {
  const { byOutcome, byReason, projects, category, period, project } = loaderData;
  const submit = useSubmit();
  const times = useMemo(() => byOutcome.intervals.map((t) => Date.parse(t) / 1000), [byOutcome]);
  const totals = new Map(byOutcome.groups.map((g) => [String(g.by.outcome), g.totals["sum(quantity)"] ?? 0]));
  const series = useMemo(
    () =>
      OUTCOMES.flatMap((o) => {
        const g = byOutcome.groups.find((x) => x.by.outcome === o.outcome);
        return g ? [{ label: o.label, color: o.color, values: g.series["sum(quantity)"] ?? [] }] : [];
      }),
    [byOutcome],
  );
  const reasons = byReason.groups
    .filter((g) => g.by.outcome !== "accepted")
    .sort((a, b) => (b.totals["sum(quantity)"] ?? 0) - (a.totals["sum(quantity)"] ?? 0));
  return (
    <section className="stats">
      <div className="panel-head">
        <h1>Usage stats</h1>
        <Form method="get" className="inline-form" onChange={(e) => submit(e.currentTarget)}>
          <select name="category" defaultValue={category} aria-label="Category">
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <select name="period" defaultValue={period} aria-label="Period">
            {Object.keys(PERIODS).map((p) => (
              <option key={p} value={p}>
                last {p}
              </option>
            ))}
          </select>
          <select name="project" defaultValue={project} aria-label="Project">
            <option value="">all projects</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.slug}
              </option>
            ))}
          </select>
          <noscript>
            <button type="submit">Show</button>
          </noscript>
        </Form>
      </div>
      <dl className="figures" data-testid="stats-totals">
        {OUTCOMES.slice(0, 4).map((o) => (
          <div key={o.outcome}>
            <dt>
              <span className="swatch" style={{ background: o.color }} /> {o.label}
            </dt>
            <dd data-testid={`stats-${o.outcome}`}>{totals.get(o.outcome) ?? 0}</dd>
          </div>
        ))}
      </dl>
      <div className="panel">
        {series.length === 0 ? (
          <p className="muted">
            No {category} items in the last {period}. Send an event with your DSN and it shows up here within a minute.
          </p>
        ) : (
          <TimeChart
            times={times}
            series={series}
            kind="lines"
            height={220}
            summary={`${category} outcomes over the last ${period}`}
          />
        )}
      </div>
      <div className="panel">
        <h3>Dropped, by reason</h3>
        {reasons.length === 0 ? (
          <p className="muted small">Nothing was filtered, rate limited or invalid in this period.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th>Outcome</th>
                <th>Reason</th>
                <th className="num">Items</th>
              </tr>
            </thead>
            <tbody>
              {reasons.map((g) => (
                <tr key={`${g.by.outcome}-${g.by.reason}`}>
                  <td>{String(g.by.outcome)}</td>
                  <td>
                    <code>{String(g.by.reason || "–")}</code>
                  </td>
                  <td className="num">{g.totals["sum(quantity)"] ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
