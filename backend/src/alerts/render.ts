/**
 * @module
 * A notification in each action's format: the webhook JSON (after Sentry's legacy webhooks
 * plugin: `id`, `project`, `level`, `culprit`, `message`, `url`, `triggering_rules`, `event`, plus
 * `title` and an `alert` block), a Slack incoming-webhook message (`text` + Block Kit `blocks`),
 * and an email (subject, text, HTML).
 */
import type { AlertNotification } from "./notification.ts";

/** The webhook body. */
export function webhookPayload(n: AlertNotification) {
  return {
    id: n.issue ? String(n.issue.id) : null,
    project: n.project,
    project_slug: n.project,
    organization: n.organization,
    title: n.title,
    level: n.issue?.level ?? n.event?.level ?? null,
    culprit: n.issue?.culprit ?? null,
    message: n.reason,
    url: n.url,
    triggering_rules: [n.rule.name],
    event: n.event
      ? {
          event_id: n.event.eventId,
          level: n.event.level,
          environment: n.event.environment,
          release: n.event.release,
          timestamp: n.event.timestamp,
        }
      : null,
    alert: {
      kind: n.kind,
      rule: n.rule,
      reason: n.reason,
      triggered_at: n.triggeredAt,
      issue: n.issue ?? null,
      metric: n.metric ?? null,
    },
  };
}

// Slack mrkdwn needs &, < and > escaped; link labels must not contain `|`.
const slackEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The Slack-compatible incoming-webhook body. */
export function slackPayload(n: AlertNotification) {
  const title = slackEscape(n.title).replace(/\|/g, "¦");
  const facts = [
    `*Rule:* ${slackEscape(n.rule.name)}`,
    `*Project:* ${slackEscape(n.project)}`,
    ...(n.issue ? [`*Issue:* ${n.issue.shortId}`, `*Level:* ${n.issue.level}`] : []),
    ...(n.event?.environment ? [`*Environment:* ${slackEscape(n.event.environment)}`] : []),
    ...(n.metric ? [`*Value:* ${n.metric.value}`, `*State:* ${n.metric.state}`] : []),
  ];
  return {
    text: `<${n.url}|${title}> — ${slackEscape(n.reason)}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*<${n.url}|${title}>*\n${slackEscape(n.reason)}` } },
      ...(n.issue?.culprit
        ? [{ type: "context", elements: [{ type: "mrkdwn", text: slackEscape(n.issue.culprit) }] }]
        : []),
      { type: "section", fields: facts.map((text) => ({ type: "mrkdwn", text })) },
    ],
  };
}

const htmlEscape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The email. */
export function emailContent(n: AlertNotification): { subject: string; text: string; html: string } {
  const prefix = n.issue ? `[${n.issue.shortId}] ` : "";
  const lines = [
    n.title,
    "",
    n.reason,
    ...(n.issue?.culprit ? [`Culprit: ${n.issue.culprit}`] : []),
    ...(n.event ? [`Environment: ${n.event.environment ?? "-"}`, `Release: ${n.event.release ?? "-"}`] : []),
    ...(n.metric ? [`Value: ${n.metric.value} (${n.metric.aggregate}, ${n.metric.timeWindowMinutes} min)`] : []),
    `Rule: ${n.rule.name} (${n.organization}/${n.project})`,
    "",
    n.url,
  ];
  const html = `<h2><a href="${htmlEscape(n.url)}">${htmlEscape(n.title)}</a></h2>
<p>${htmlEscape(n.reason)}</p>
<pre>${htmlEscape(lines.slice(3, -2).join("\n"))}</pre>
<p><a href="${htmlEscape(n.url)}">View in Breakwater</a></p>`;
  return { subject: `${prefix}${n.title}`.slice(0, 250), text: lines.join("\n"), html };
}
