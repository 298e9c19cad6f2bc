/**
 * @module
 * A rule's notifications with every delivery attempt (issue and metric alert history pages).
 */
import { type AlertNotificationRow, describeAction } from "../utils/alert-rules.ts";
import { timeAgo } from "../utils/format.ts";

/** The table of notifications, newest first. */
export function NotificationLog({ notifications }: { notifications: AlertNotificationRow[] }) {
  if (notifications.length === 0) return <p className="muted">No notifications yet.</p>;
  return (
    <table className="data-table" data-testid="notifications">
      <thead>
        <tr>
          <th>When</th>
          <th>Notification</th>
          <th>Action</th>
          <th>Status</th>
          <th>Attempts</th>
        </tr>
      </thead>
      <tbody>
        {notifications.map((n) => (
          <tr key={n.id}>
            <td title={n.dateCreated}>{timeAgo(n.dateCreated)}</td>
            <td>
              {n.kind === "test" && <span className="badge">test</span>} <a href={n.url}>{n.title}</a>
              <div className="muted small">{n.reason}</div>
            </td>
            <td>{describeAction(n.action)}</td>
            <td>
              <span className={`badge ${n.status === "delivered" ? "ok" : n.status === "failed" ? "danger" : ""}`}>
                {n.status}
              </span>
              {n.status === "pending" && n.nextAttemptAt && (
                <div className="muted small">next try {timeAgo(n.nextAttemptAt)}</div>
              )}
            </td>
            <td>
              <ol className="small">
                {n.deliveries.map((d) => (
                  <li key={d.attempt}>
                    {d.result === "success" ? "ok" : (d.error ?? "error")}
                    {d.httpStatus !== null && ` (HTTP ${d.httpStatus})`} · {d.durationMs} ms · {d.target}
                  </li>
                ))}
              </ol>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
