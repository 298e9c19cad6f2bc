import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { REDACT_PATHS } from "./logger.ts";

describe("log redaction", () => {
  it("removes alert secrets and SMTP credentials wherever they sit", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = pino({ redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, sink);
    logger.info({ action: { id: "webhook", url: "https://x.example/h", secret: "sign-key-1" } }, "a");
    logger.info({ rule: { actions: { secret: "sign-key-2" } }, webhookUrl: "https://hooks.slack.com/T/B/C" }, "b");
    logger.info({ alerts: { smtpUrl: "smtp://u:smtp-pass@h:25" }, auth: { user: "u", pass: "smtp-pass" } }, "c");
    const text = lines.join("");
    for (const secret of ["sign-key-1", "sign-key-2", "T/B/C", "smtp-pass"]) expect(text).not.toContain(secret);
    expect(text).toContain("https://x.example/h");
  });
});
