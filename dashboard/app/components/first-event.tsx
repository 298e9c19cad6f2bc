/**
 * @module
 * The empty state of a project without events: its DSN and a snippet that sends a first event.
 */
import { CopyButton } from "./copy-button.tsx";

/** How to send a first event with `dsn` (null when the project has no active key). */
export function FirstEvent({ dsn, settingsHref }: { dsn: string | null; settingsHref: string }) {
  const snippet = `npm install @sentry/node

// app.js
import * as Sentry from "@sentry/node";
Sentry.init({ dsn: "${dsn ?? "<your DSN>"}" });

Sentry.captureException(new Error("hello Breakwater"));
await Sentry.flush();`;
  return (
    <div className="empty-state first-event">
      <h2>Waiting for your first event</h2>
      <p>
        Point any Sentry SDK at this project&apos;s DSN; new errors show up here within seconds, grouped into issues.
      </p>
      {dsn ? (
        <p className="dsn-line">
          <span className="muted small">DSN</span> <code data-testid="first-event-dsn">{dsn}</code>{" "}
          <CopyButton text={dsn} />
        </p>
      ) : (
        <p>
          This project has no active DSN key. <a href={settingsHref}>Create one in the project settings.</a>
        </p>
      )}
      <pre className="code">{snippet}</pre>
      <p className="muted small">
        Browser: <code>@sentry/browser</code>, Python: <code>sentry-sdk</code>, and every other Sentry SDK work the same
        way with this DSN.
      </p>
    </div>
  );
}
