/**
 * @module
 * The webhook URL and signing-secret inputs both alert rule editors share. A stored secret is never
 * sent to the browser: the field stays empty ("unchanged") and an empty field keeps it.
 */
import { REDACTED, type RuleAction } from "../utils/alert-rules.ts";

/** `webhook_url` + `webhook_secret` inputs for `webhook` (the stored action, redacted), if any. */
export function WebhookFields({ webhook }: { webhook: RuleAction | undefined }) {
  const stored = webhook?.id === "webhook" ? webhook : undefined;
  return (
    <div className="form-row">
      <label>
        Webhook URL <input name="webhook_url" type="url" defaultValue={stored?.url ?? ""} placeholder="https://…" />
      </label>
      <label>
        Signing secret{" "}
        <input
          name="webhook_secret"
          type="password"
          autoComplete="off"
          placeholder={stored?.secret === REDACTED ? "unchanged" : "optional"}
        />
      </label>
    </div>
  );
}
