/**
 * @module
 * Secrets in actions are write-only. The API shows `REDACTED` in their place (`secret`, and the
 * path of a Slack webhook URL, which is its credential); a client that sends the placeholder back
 * (the rule editor saving an unchanged action) keeps the stored value.
 */
import { type Action, REDACTED } from "./rule-config.ts";

/** An action as the API shows it. */
export function redactAction(action: Action): Action {
  switch (action.id) {
    case "webhook":
      return action.secret ? { ...action, secret: REDACTED } : action;
    case "slack":
      return { ...action, webhookUrl: `${new URL(action.webhookUrl).origin}/${REDACTED}` };
    case "email":
      return action;
  }
}

const hasPlaceholder = (a: Action): boolean =>
  (a.id === "webhook" && a.secret === REDACTED) || (a.id === "slack" && a.webhookUrl.includes(REDACTED));

/**
 * Puts stored secrets back where `incoming` carries the placeholder: from the stored action of the
 * same kind at the same position among actions of that kind.
 * @returns the actions, or the index of a placeholder with nothing stored to restore
 */
export function restoreSecrets(incoming: readonly Action[], stored: readonly Action[]): Action[] | { missing: number } {
  const out: Action[] = [];
  for (const [i, action] of incoming.entries()) {
    if (!hasPlaceholder(action)) {
      out.push(action);
      continue;
    }
    const position = incoming.slice(0, i).filter((a) => a.id === action.id).length;
    const previous = stored.filter((a) => a.id === action.id)[position];
    if (!previous) return { missing: i };
    if (action.id === "webhook" && previous.id === "webhook") out.push({ ...action, secret: previous.secret });
    else if (action.id === "slack" && previous.id === "slack") out.push({ ...action, webhookUrl: previous.webhookUrl });
    else return { missing: i };
  }
  return out;
}
