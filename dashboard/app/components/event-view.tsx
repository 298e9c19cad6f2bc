/**
 * @module
 * One event as Sentry shows it: exception with stack trace (in-app frames highlighted, context
 * lines), message, breadcrumbs, request, user, contexts, SDK, tags. Every section renders only when
 * the event has it, and unknown entry types are skipped.
 */
import type { Breadcrumb, Event, EventEntry, ExceptionValue, Frame } from "../utils/types.ts";

function KeyValues({ rows }: { rows: [string, unknown][] }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== "");
  if (shown.length === 0) return <p className="muted small">Nothing recorded.</p>;
  return (
    <table className="kv">
      <tbody>
        {shown.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>
              <code>{typeof v === "string" ? v : JSON.stringify(v)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FrameView({ frame, open }: { frame: Frame; open: boolean }) {
  const where = frame.filename ?? frame.absPath ?? frame.module ?? "?";
  const line = frame.lineNo ? `:${frame.lineNo}${frame.colNo ? `:${frame.colNo}` : ""}` : "";
  const context = frame.context ?? [];
  return (
    <li className={`frame${frame.inApp ? " in-app" : ""}`}>
      <details open={open}>
        <summary>
          <code className="frame-file">{where}</code>
          {line}
          {frame.function ? (
            <>
              {" in "}
              <code className="frame-fn">{frame.function}</code>
            </>
          ) : null}
          {frame.inApp ? <span className="badge">in app</span> : null}
        </summary>
        {context.length > 0 ? (
          <ol className="context" aria-label="Source context">
            {context.map(([n, text]) => (
              <li key={n} className={n === frame.lineNo ? "current" : ""}>
                <span className="lineno">{n}</span>
                <code>{text}</code>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted small">No source context.</p>
        )}
      </details>
    </li>
  );
}

function ExceptionView({ values }: { values: ExceptionValue[] }) {
  // Sentry lists the cause chain oldest first; show the outermost (last) first, as Sentry's UI does.
  const ordered = [...values].reverse();
  return (
    <>
      {ordered.map((ex, i) => {
        // Frames are oldest call first; the crashing frame is last. Show it first, open.
        const frames = [...(ex.stacktrace?.frames ?? [])].reverse();
        const firstInApp = frames.findIndex((f) => f.inApp);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a cause chain has no ids and never reorders
          <div key={`${ex.type}-${i}`} className="exception">
            <h4>
              {ex.type ?? "Error"}
              {ex.mechanism?.handled === false ? <span className="badge danger">unhandled</span> : null}
              {ex.mechanism?.type ? <span className="badge">{ex.mechanism.type}</span> : null}
            </h4>
            {ex.value ? <p className="exception-value">{ex.value}</p> : null}
            {frames.length > 0 ? (
              <ol className="frames" aria-label="Stack trace, most recent call first">
                {frames.map((f, j) => (
                  <FrameView
                    // biome-ignore lint/suspicious/noArrayIndexKey: frames have no id and the list never reorders
                    key={`${j}-${f.function}-${f.lineNo}`}
                    frame={f}
                    open={j === Math.max(firstInApp, 0)}
                  />
                ))}
              </ol>
            ) : null}
          </div>
        );
      })}
    </>
  );
}

function BreadcrumbsView({ values }: { values: Breadcrumb[] }) {
  const rows = values.slice(-100).reverse();
  return (
    <table className="breadcrumbs">
      <thead>
        <tr>
          <th>Category</th>
          <th>Message</th>
          <th>Level</th>
          <th>Time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((b, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: breadcrumbs have no ids and never reorder
          <tr key={`${b.timestamp}-${i}`}>
            <td>
              <code>{b.category ?? b.type ?? "default"}</code>
            </td>
            <td>
              {b.message ?? ""}
              {b.data ? <code className="muted small"> {JSON.stringify(b.data)}</code> : null}
            </td>
            <td>{b.level ?? "info"}</td>
            <td className="muted small">
              {typeof b.timestamp === "number"
                ? new Date(b.timestamp * 1000).toISOString().slice(11, 23)
                : String(b.timestamp ?? "").slice(11, 23)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function pairs(v: unknown): [string, unknown][] {
  if (Array.isArray(v))
    return v.filter((p): p is [string, unknown] => Array.isArray(p) && p.length === 2).map(([k, x]) => [String(k), x]);
  if (v && typeof v === "object") return Object.entries(v as Record<string, unknown>);
  return [];
}

function RequestView({ data }: { data: Record<string, unknown> }) {
  return (
    <>
      <p>
        <code>
          {String(data.method ?? "GET")} {String(data.url ?? "")}
        </code>
      </p>
      {pairs(data.query).length > 0 ? (
        <>
          <h5>Query</h5>
          <KeyValues rows={pairs(data.query)} />
        </>
      ) : null}
      <h5>Headers</h5>
      <KeyValues rows={pairs(data.headers)} />
      {pairs(data.cookies).length > 0 ? (
        <>
          <h5>Cookies</h5>
          <KeyValues rows={pairs(data.cookies)} />
        </>
      ) : null}
      {data.data !== undefined && data.data !== null ? (
        <>
          <h5>Body</h5>
          <pre className="code">{typeof data.data === "string" ? data.data : JSON.stringify(data.data, null, 2)}</pre>
        </>
      ) : null}
    </>
  );
}

function entry(event: Event, type: string): EventEntry | undefined {
  return event.entries?.find((e) => e.type === type);
}

/** The sections of one event. */
export function EventView({ event }: { event: Event }) {
  const exception = entry(event, "exception");
  const message = entry(event, "message");
  const breadcrumbs = entry(event, "breadcrumbs");
  const request = entry(event, "request");
  const stacktrace = entry(event, "stacktrace");
  const release = typeof event.release === "string" ? event.release : event.release?.version;
  return (
    <div className="event">
      {exception ? (
        <section className="panel" aria-labelledby="sec-exception">
          <h3 id="sec-exception">Exception</h3>
          <ExceptionView values={(exception.data.values as ExceptionValue[] | undefined) ?? []} />
        </section>
      ) : null}
      {stacktrace && !exception ? (
        <section className="panel">
          <h3>Stack trace</h3>
          <ExceptionView values={[{ type: "Stack trace", stacktrace: stacktrace.data as { frames?: Frame[] } }]} />
        </section>
      ) : null}
      {message ? (
        <section className="panel">
          <h3>Message</h3>
          <pre className="code">{String(message.data.formatted ?? message.data.message ?? "")}</pre>
        </section>
      ) : null}
      {event.tags && event.tags.length > 0 ? (
        <section className="panel">
          <h3>Tags</h3>
          <ul className="tag-pills">
            {event.tags.map((t) => (
              <li key={t.key}>
                <span className="muted">{t.key}</span> <code>{t.value}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {breadcrumbs ? (
        <section className="panel">
          <h3>Breadcrumbs</h3>
          <BreadcrumbsView values={(breadcrumbs.data.values as Breadcrumb[] | undefined) ?? []} />
        </section>
      ) : null}
      {request ? (
        <section className="panel">
          <h3>Request</h3>
          <RequestView data={request.data} />
        </section>
      ) : null}
      <div className="panel-grid">
        <section className="panel">
          <h3>User</h3>
          <KeyValues rows={Object.entries(event.user ?? {})} />
        </section>
        <section className="panel">
          <h3>SDK</h3>
          <KeyValues
            rows={[
              ["name", event.sdk?.name],
              ["version", event.sdk?.version],
              ["platform", event.platform],
              ["release", release],
              ["environment", event.environment],
            ]}
          />
        </section>
      </div>
      {event.contexts && Object.keys(event.contexts).length > 0 ? (
        <section className="panel">
          <h3>Contexts</h3>
          <div className="panel-grid">
            {Object.entries(event.contexts).map(([name, ctx]) => (
              <div key={name}>
                <h5>{name}</h5>
                <KeyValues rows={Object.entries(ctx ?? {}).filter(([k]) => k !== "type")} />
              </div>
            ))}
          </div>
        </section>
      ) : null}
      {event.context && Object.keys(event.context).length > 0 ? (
        <section className="panel">
          <h3>Additional data</h3>
          <KeyValues rows={Object.entries(event.context)} />
        </section>
      ) : null}
    </div>
  );
}
