import { useEffect, useState } from "react";
import { data, Form, Link, useNavigate, useNavigation, useSearchParams } from "react-router";
import { CsrfInput } from "../components/csrf-input.tsx";
import { GeneralErrorBoundary } from "../components/error-boundary.tsx";
import { FirstEvent } from "../components/first-event.tsx";
import { LevelBadge } from "../components/level-badge.tsx";
import { Sparkline } from "../components/sparkline.tsx";
import { requireAction, requireApi, seg } from "../models/api.server.ts";
import { compactNumber, parseLinkHeader, statusOf, timeAgo, withStatus } from "../utils/format.ts";
import { paths } from "../utils/paths.ts";
import type { Issue, ProjectKey } from "../utils/types.ts";
import type { Route } from "./+types/issues";

/** Issues per page. */
const PAGE_SIZE = 25;
/** The stream's default search, as in Sentry. */
const DEFAULT_QUERY = "is:unresolved";
const TABS = [
  { status: "unresolved", label: "Unresolved" },
  { status: "resolved", label: "Resolved" },
  { status: "ignored", label: "Ignored" },
  { status: "", label: "All" },
];
/** Sentry's sort keys (`sort=`); the backend may support a subset, and then sorts by last seen. */
const SORTS = [
  { value: "date", label: "Last seen" },
  { value: "new", label: "First seen" },
  { value: "freq", label: "Events" },
  { value: "user", label: "Users" },
];

export function meta({ params }: Route.MetaArgs) {
  return [{ title: `Issues · ${params.project} · Breakwater` }];
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const api = await requireApi(request);
  const url = new URL(request.url);
  const query = url.searchParams.get("query") ?? DEFAULT_QUERY;
  const sort = url.searchParams.get("sort") ?? "date";
  const cursor = url.searchParams.get("cursor");
  const qs = new URLSearchParams({ query, statsPeriod: "24h", limit: String(PAGE_SIZE) });
  if (sort !== "date") qs.set("sort", sort);
  if (cursor) qs.set("cursor", cursor);
  const base = `/api/0/projects/${seg(params.org)}/${seg(params.project)}`;
  const res = await api.call<Issue[]>("GET", `${base}/issues/?${qs}`);
  if (res.status === 400) {
    // A search the backend cannot parse: show why next to the search bar, keep the page.
    return { issues: [], query, sort, searchError: res.detail, links: parseLinkHeader(null), firstEvent: null };
  }
  if (!res.ok) throw data({ detail: res.detail }, { status: res.status === 404 ? 404 : 502 });
  const issues = res.body;
  // An empty project (not just an empty search) gets the first-event guide with its DSN.
  let firstEvent: { dsn: string | null } | null = null;
  if (issues.length === 0 && !cursor) {
    const any = await api.get<Issue[]>(`${base}/issues/?query=&statsPeriod=&limit=1`);
    if (any.body.length === 0) {
      const keys = await api.get<ProjectKey[]>(`${base}/keys/?status=active`);
      firstEvent = { dsn: keys.body[0]?.dsn.public ?? null };
    }
  }
  return {
    issues,
    query,
    sort,
    searchError: null,
    links: parseLinkHeader(res.headers.get("Link")),
    firstEvent,
  };
}

/** Bulk resolve / ignore / reopen of the checked issues (Sentry's bulk mutation). */
export async function action({ request, params }: Route.ActionArgs) {
  const { api, form } = await requireAction(request);
  const status = String(form.get("status") ?? "");
  if (!["resolved", "ignored", "unresolved"].includes(status)) {
    return data({ error: "Unknown action", done: null }, { status: 400 });
  }
  const ids = form
    .getAll("id")
    .map(String)
    .filter((id) => /^\d+$/.test(id));
  if (ids.length === 0) return data({ error: "Select at least one issue first.", done: null }, { status: 400 });
  const qs = new URLSearchParams(ids.map((id) => ["id", id]));
  const res = await api.call("PUT", `/api/0/projects/${seg(params.org)}/${seg(params.project)}/issues/?${qs}`, {
    status,
  });
  if (!res.ok) return data({ error: res.detail, done: null }, { status: res.status });
  return { error: null, done: `${ids.length} issue${ids.length === 1 ? "" : "s"} marked ${status}.` };
}

/** j/k or arrows move, Enter opens, x selects, / searches; nothing while typing in a field. */
function useListKeyboard(items: readonly unknown[], open: (index: number) => void) {
  const count = items.length;
  const [active, setActive] = useState(-1);
  // A new page starts with no row active (React's "adjust state when a prop changes" pattern).
  const [seen, setSeen] = useState(items);
  if (seen !== items) {
    setSeen(items);
    setActive(-1);
  }
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      const typing =
        target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && (target as HTMLInputElement).type !== "checkbox";
      if (typing || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "j" || e.key === "ArrowDown") {
        e.preventDefault();
        setActive((i) => Math.min(count - 1, i + 1));
      } else if (e.key === "k" || e.key === "ArrowUp") {
        e.preventDefault();
        setActive((i) => Math.max(0, i - 1));
      } else if (e.key === "Enter" && active >= 0 && target?.tagName !== "BUTTON" && target?.tagName !== "A") {
        e.preventDefault();
        open(active);
      } else if (e.key === "x" && active >= 0) {
        const box = document.querySelector<HTMLInputElement>(`[data-row="${active}"] input[type=checkbox]`);
        box?.click();
      } else if (e.key === "/") {
        e.preventDefault();
        document.querySelector<HTMLInputElement>("#issue-search")?.focus();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [count, active, open]);
  useEffect(() => {
    if (active >= 0) document.querySelector(`[data-row="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);
  return active;
}

export default function Issues({ loaderData, actionData, params }: Route.ComponentProps) {
  const { issues, query, sort, searchError, links, firstEvent } = loaderData;
  const org = params.org;
  const project = params.project;
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [selectedFor, setSelectedFor] = useState(issues);
  if (selectedFor !== issues) {
    setSelectedFor(issues);
    setSelected(new Set());
  }
  const active = useListKeyboard(issues, (i) => {
    const issue = issues[i];
    if (issue) navigate(paths.issue(org, project, issue.id));
  });
  const tab = statusOf(query);
  const pageHref = (cursor: string) => {
    const next = new URLSearchParams(searchParams);
    next.set("cursor", cursor);
    return `?${next}`;
  };
  const tabHref = (status: string) => {
    const next = new URLSearchParams();
    next.set("query", withStatus(query, status));
    if (sort !== "date") next.set("sort", sort);
    return `?${next}`;
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const busy = navigation.state === "submitting";

  return (
    <section className="issues">
      <div className="toolbar">
        <Form method="get" className="search" role="search">
          <input
            id="issue-search"
            name="query"
            type="search"
            defaultValue={query}
            key={query}
            placeholder="is:unresolved TypeError — press / to search"
            aria-label="Search issues"
            spellCheck={false}
          />
          <select
            name="sort"
            defaultValue={sort}
            aria-label="Sort by"
            onChange={(e) => e.currentTarget.form?.requestSubmit()}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          <button type="submit">Search</button>
        </Form>
      </div>
      {searchError ? (
        <p className="form-error" role="alert">
          {searchError}
        </p>
      ) : null}
      <nav className="tabs" aria-label="Issue status">
        {TABS.map((t) => (
          <Link
            key={t.label}
            to={tabHref(t.status)}
            className={tab === t.status ? "active" : ""}
            aria-current={tab === t.status ? "page" : undefined}
          >
            {t.label}
          </Link>
        ))}
      </nav>

      {firstEvent ? (
        <FirstEvent dsn={firstEvent.dsn} settingsHref={paths.settings(org, project, "keys")} />
      ) : (
        <Form method="post" className="issue-form">
          <CsrfInput />
          <div className="bulk-bar">
            <input
              type="checkbox"
              aria-label="Select all issues on this page"
              checked={issues.length > 0 && selected.size === issues.length}
              onChange={(e) => setSelected(e.currentTarget.checked ? new Set(issues.map((i) => i.id)) : new Set())}
            />
            <button type="submit" name="status" value="resolved" disabled={busy}>
              Resolve
            </button>
            <button type="submit" name="status" value="ignored" disabled={busy}>
              Ignore
            </button>
            {tab !== "unresolved" ? (
              <button type="submit" name="status" value="unresolved" disabled={busy}>
                Reopen
              </button>
            ) : null}
            <span className="muted small">
              {selected.size > 0 ? `${selected.size} selected` : "j/k to move, x to select, Enter to open"}
            </span>
            {actionData?.error ? <span className="form-error">{actionData.error}</span> : null}
            {actionData?.done ? (
              <span className="form-ok" role="status">
                {actionData.done}
              </span>
            ) : null}
            <span className="col-head spark-head">Last 24h</span>
            <span className="col-head">Events</span>
            <span className="col-head">Users</span>
          </div>
          {issues.length === 0 ? (
            <div className="empty-state">
              <h2>No issues match</h2>
              <p>
                Nothing matches <code>{query || "(all issues)"}</code>. Try another status tab or clear the search.
              </p>
            </div>
          ) : (
            <ul className="issue-list" aria-label="Issues">
              {issues.map((issue, i) => (
                <li
                  key={issue.id}
                  data-row={i}
                  data-testid="issue-row"
                  className={`issue-row${i === active ? " active" : ""}${selected.has(issue.id) ? " selected" : ""}`}
                  aria-current={i === active ? "true" : undefined}
                >
                  <input
                    type="checkbox"
                    name="id"
                    value={issue.id}
                    checked={selected.has(issue.id)}
                    onChange={() => toggle(issue.id)}
                    aria-label={`Select ${issue.title}`}
                  />
                  <div className="issue-main">
                    <Link to={paths.issue(org, project, issue.id)} className="issue-title">
                      <LevelBadge level={issue.level} />
                      <strong>{issue.metadata?.type ?? issue.title.split(":")[0]}</strong>{" "}
                      <span className="issue-value">{issue.metadata?.value ?? issue.title}</span>
                    </Link>
                    <div className="issue-meta muted small">
                      <span>{issue.shortId}</span>
                      {issue.culprit ? <span className="culprit">{issue.culprit}</span> : null}
                      {issue.status !== "unresolved" ? (
                        <span className={`status ${issue.status}`}>{issue.status}</span>
                      ) : null}
                      <span suppressHydrationWarning title={issue.lastSeen}>
                        {timeAgo(issue.lastSeen)}
                      </span>
                      <span suppressHydrationWarning title={issue.firstSeen}>
                        first {timeAgo(issue.firstSeen)}
                      </span>
                    </div>
                  </div>
                  <Sparkline points={issue.stats?.["24h"]} />
                  <span className="num" title={`${issue.count} events`}>
                    {compactNumber(issue.count)}
                  </span>
                  <span className="num" title={`${issue.userCount} users`}>
                    {compactNumber(issue.userCount)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Form>
      )}
      <nav className="pager" aria-label="Pages">
        {links.previous?.results ? (
          <Link to={pageHref(links.previous.cursor)}>← Previous</Link>
        ) : (
          <span className="muted">← Previous</span>
        )}
        {links.next?.results ? (
          <Link to={pageHref(links.next.cursor)}>Next →</Link>
        ) : (
          <span className="muted">Next →</span>
        )}
      </nav>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
