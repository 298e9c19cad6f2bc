/**
 * @module
 * Test helper: a realistic server-side error event (as @sentry/node or sentry-python send it, after
 * normalization) full of the personal data the default rules must catch.
 */
import { makeEvent } from "../grouping/test-event.ts";
import type { Event } from "../schema/index.ts";
import { type CompiledPiiConfig, compilePiiConfig } from "./compile.ts";
import { PiiConfigSchema } from "./config.ts";

export { makeEvent };

/** Compiles a config given in its JSON form. */
export function compiled(config: unknown = {}): CompiledPiiConfig {
  return compilePiiConfig(PiiConfigSchema.parse(config));
}

export const PEM = "-----BEGIN PRIVATE KEY-----\nMIIJRAIBADANBgkqhkiG9w0BAQEFAASCCS4w\n-----END PRIVATE KEY-----";

export function sampleEvent(): Event {
  return makeEvent({
    platform: "python",
    release: "shop@2.4.1",
    environment: "production",
    server_name: "web-1",
    transaction: "/api/checkout",
    logentry: { message: "Payment failed for order %s", formatted: "Payment failed for order 1234", params: ["1234"] },
    exception: {
      values: [
        {
          type: "PaymentError",
          value: "card 4111 1111 1111 1111 declined",
          stacktrace: {
            frames: [
              {
                filename: "/home/jane/shop/checkout.py",
                abs_path: "/home/jane/shop/checkout.py",
                function: "charge",
                module: "shop.checkout",
                lineno: 42,
                context_line: "    gateway.charge(card_number, amount)",
                vars: {
                  card_number: "4111111111111111",
                  amount: 1999,
                  password: "hunter2",
                  api_key: "sk_live_abc",
                  customer: { email: "jane@example.com", iban: "DE89370400440532013000" },
                  ok: true,
                },
              },
            ],
          },
        },
      ],
    },
    request: {
      url: "https://shop.example.com/api/checkout?step=2",
      method: "POST",
      headers: [
        ["Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc"],
        ["Cookie", "sessionid=s3ss10n; theme=dark"],
        ["User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"],
        ["X-Request-Id", "r-1"],
      ],
      cookies: { sessionid: "s3ss10n", csrftoken: "c5rf", theme: "dark" },
      query_string: [["step", "2"]],
      data: { card: "5555 5555 5555 4444", note: "call me at 078-05-1120", key: PEM },
      env: { REMOTE_ADDR: "203.0.113.7" },
    },
    user: { id: "42", email: "jane@example.com", ip_address: "203.0.113.7" },
    tags: [
      ["server_name", "web-1"],
      ["auth_method", "sso"],
      ["db_url", "postgres://shop:pg-s3cret@db.internal/shop"],
    ],
    extra: { session: "abc", order: { id: 7, paid_with: "378282246310005" }, connect: "redis://:r3d1s@cache:6379/0" },
    breadcrumbs: {
      values: [
        { category: "http", message: "GET https://api.example.com/v1/me", data: { status_code: 200 } },
        { category: "query", message: "SELECT * FROM users WHERE ip = '198.51.100.23'" },
      ],
    },
    contexts: { os: { type: "os", name: "Linux" }, payment: { card: "6011111111111117" } },
  });
}
