/**
 * @module
 * Sends one notification through one action: a signed webhook POST, a Slack incoming-webhook POST,
 * or an email over SMTP (nodemailer). Each returns a result, never throws: the worker records it in
 * the delivery log and decides about retries. `retryable: false` for answers that will not change
 * (a 4xx other than 408/429, no SMTP server configured).
 */
import { signRequest } from "@breakwater/core/signature";
import type { Transporter } from "nodemailer";
import type { AlertNotification } from "../notification.ts";
import { emailContent, slackPayload, webhookPayload } from "../render.ts";
import type { Action } from "../rule-config.ts";

/** The webhook signature header: `t=<unix>, n=<nonce>, v1=<hex hmac-sha256(secret, t + "." + n + "." + body)>`. */
export const WEBHOOK_SIGNATURE_HEADER = "X-Breakwater-Signature";

/** The outcome of one attempt. */
export interface SendResult {
  ok: boolean;
  retryable: boolean;
  httpStatus: number | null;
  error: string | null;
}

/** What senders use. */
export interface SendContext {
  /** SMTP transport; null when no server is configured. */
  mailer: Transporter | null;
  /** From address of alert emails. */
  mailFrom: string;
  /** Per-request timeout, ms. */
  timeoutMs: number;
}

/** Where an action sends to, without secrets: for logs and the delivery log. */
export function redactedTarget(action: Action): string {
  switch (action.id) {
    case "webhook": {
      const u = new URL(action.url);
      return `${u.origin}${u.pathname}`;
    }
    case "slack":
      // The path of a Slack webhook URL is its credential.
      return `${new URL(action.webhookUrl).origin}/…`;
    case "email":
      return action.targetIdentifier.join(", ");
  }
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number) {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Breakwater-Alerts/1", ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300)
      return { ok: true, retryable: false, httpStatus: res.status, error: null };
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    return { ok: false, retryable, httpStatus: res.status, error: `HTTP ${res.status}` };
  } catch (e) {
    // Messages of fetch errors name the host at most, never the path or body.
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
    return {
      ok: false,
      retryable: true,
      httpStatus: null,
      error: `${e instanceof Error ? e.message : String(e)}${cause}`,
    };
  }
}

/** Sends `n` through `action`. */
export async function sendNotification(action: Action, n: AlertNotification, ctx: SendContext): Promise<SendResult> {
  switch (action.id) {
    case "webhook": {
      const body = JSON.stringify(webhookPayload(n));
      const headers: Record<string, string> = { "x-breakwater-alert-kind": n.kind };
      if (action.secret) headers[WEBHOOK_SIGNATURE_HEADER] = signRequest(action.secret, body);
      return post(action.url, body, headers, ctx.timeoutMs);
    }
    case "slack":
      return post(action.webhookUrl, JSON.stringify(slackPayload(n)), {}, ctx.timeoutMs);
    case "email": {
      if (!ctx.mailer) return { ok: false, retryable: false, httpStatus: null, error: "no SMTP server configured" };
      const content = emailContent(n);
      try {
        await ctx.mailer.sendMail({ from: ctx.mailFrom, to: action.targetIdentifier, ...content });
        return { ok: true, retryable: false, httpStatus: null, error: null };
      } catch (e) {
        const smtp = e as { responseCode?: number; message?: string };
        // 5xx SMTP replies are permanent (bad recipient, refused); the rest (4xx, network) may pass later.
        const permanent = typeof smtp.responseCode === "number" && smtp.responseCode >= 500;
        return { ok: false, retryable: !permanent, httpStatus: null, error: smtp.message ?? String(e) };
      }
    }
  }
}
