/**
 * @module
 * Events shaped like what real SDKs send: @sentry/browser (minified bundle frames, `ui.click` and
 * `fetch` breadcrumbs, a request with the page URL and user agent), @sentry/node (an Express handler's
 * TypeError with source context on in-app frames, OS/runtime/app contexts, `server_name`) and
 * sentry-python (a Django view's exception with frame `vars`, SQL breadcrumbs, a WSGI request).
 * Shapes follow the SDKs' own serializers (event field order included) closely enough that the edge's
 * normalizer, grouping and PII scrubbing do the same work as for real traffic: frames carry
 * passwords and tokens in `vars`, requests carry cookies and authorization headers, users carry
 * e-mail addresses.
 *
 * An {@link IssueTemplate} fixes what grouping looks at (exception type, in-app frames), so every event
 * drawn from it lands in one issue; the rest (user, breadcrumbs, ids in messages, tags) varies per
 * event. No `event_id` is set: the corpus is replayed many times, and the edge gives each request a
 * fresh id, as it would to an SDK that leaves it out.
 * @see https://develop.sentry.dev/sdk/data-model/event-payloads/
 */
import type { Rng } from "./random.ts";

/** The SDK whose output an event imitates. */
export type SdkShape = "javascript" | "node" | "python";

/** What stays the same for every event of one issue. */
export interface IssueTemplate {
  index: number;
  shape: SdkShape;
  exceptionType: string;
  /** `{n}` is replaced by a number per event (grouping does not look at values with frames). */
  valuePattern: string;
  frames: Record<string, unknown>[];
  transaction: string;
  release: string;
  environment: string;
}

const JS_ERRORS: ReadonlyArray<readonly [string, string]> = [
  ["TypeError", "Cannot read properties of undefined (reading '{w}')"],
  ["TypeError", "{w} is not a function"],
  ["ReferenceError", "{w} is not defined"],
  ["Error", "Request failed with status code {n}"],
  ["RangeError", "Invalid array length {n}"],
  ["SyntaxError", "Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON"],
];
const PY_ERRORS: ReadonlyArray<readonly [string, string]> = [
  ["KeyError", "'{w}'"],
  ["ValueError", "invalid literal for int() with base 10: '{n}'"],
  ["AttributeError", "'NoneType' object has no attribute '{w}'"],
  ["IntegrityError", 'duplicate key value violates unique constraint "{w}_pkey"'],
  ["TimeoutError", "timed out after {n} ms"],
];
const WORDS = ["items", "total", "user", "config", "price", "session", "cart", "address", "token", "order", "map"];
const ROUTES = ["/checkout", "/orders/:id", "/cart", "/account/settings", "/search", "/products/:slug", "/api/v2/sync"];
const JS_LIBS = ["react-dom", "react", "scheduler", "axios", "zustand", "@tanstack/react-query", "lodash"];
const NODE_LIBS = [
  "express/lib/router/layer.js",
  "express/lib/router/index.js",
  "pg/lib/client.js",
  "undici/lib/fetch",
];
const PY_LIBS = ["django/core/handlers/base.py", "django/core/handlers/exception.py", "django/db/models/query.py"];
const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
];

const camel = (rng: Rng) =>
  `${rng.pick(["handle", "load", "render", "compute", "fetch", "apply"])}${rng.pick(["Cart", "Order", "User", "Price", "Item", "Step"])}`;

/** Frame count in [10, 40], skewed to the short end as real stacks are (mean ~16). */
const frameCount = (rng: Rng) => 10 + Math.floor(31 * rng.next() ** 4);

function jsFrames(rng: Rng, n: number): Record<string, unknown>[] {
  const bundle = `https://shop.example.com/assets/index-${rng.hex(4)}.js`;
  const vendor = `https://shop.example.com/assets/vendor-${rng.hex(4)}.js`;
  return Array.from({ length: n }, (_, i) => {
    const inApp = i >= n - Math.max(3, n >> 2);
    return {
      filename: inApp ? bundle : vendor,
      function: inApp
        ? camel(rng)
        : `${rng.pick(JS_LIBS)}.${rng.pick(["commitRoot", "invokeGuarded", "dispatch", "flush"])}`,
      in_app: inApp,
      lineno: rng.int(1, 3),
      colno: rng.int(100, 90_000),
    };
  });
}

function nodeFrames(rng: Rng, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const inApp = i >= n - Math.max(3, n >> 2);
    const file = inApp
      ? `/srv/app/src/${rng.pick(WORDS)}/${rng.pick(WORDS)}.js`
      : `/srv/app/node_modules/${rng.pick(NODE_LIBS)}`;
    const lineno = rng.int(5, 400);
    return {
      filename: file,
      module: inApp ? file.slice(13, -3).replaceAll("/", ":") : file.slice(27, -3).replaceAll("/", "."),
      function: inApp
        ? camel(rng)
        : rng.pick(["Layer.handle [as handle_request]", "next", "Client._handleReadyForQuery"]),
      lineno,
      colno: rng.int(3, 60),
      in_app: inApp,
      ...(i === n - 1
        ? {
            pre_context: [`  const ${rng.pick(WORDS)} = await load(req.params.id);`, "  if (!order) return next();"],
            context_line: `  const total = ${rng.pick(WORDS)}.lines.reduce((s, l) => s + l.price * l.qty, 0);`,
            post_context: ["  res.json({ id: order.id, total });", "}"],
          }
        : {}),
    };
  });
}

function pythonFrames(rng: Rng, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const inApp = i >= n - Math.max(3, n >> 2);
    const lib = rng.pick(PY_LIBS);
    const file = inApp ? `shop/${rng.pick(WORDS)}/views.py` : lib;
    const absPath = inApp ? `/app/${file}` : `/usr/local/lib/python3.12/site-packages/${lib}`;
    return {
      filename: file,
      abs_path: absPath,
      function: inApp
        ? `${rng.pick(["get", "post", "apply", "charge"])}_${rng.pick(WORDS)}`
        : rng.pick(["_get_response", "inner", "__iter__"]),
      module: file.slice(0, -3).replaceAll("/", "."),
      lineno: rng.int(10, 600),
      in_app: inApp,
      ...(i === n - 1
        ? {
            pre_context: ["    order = Order.objects.get(pk=pk)", "    if order.paid:"],
            context_line: `        return self.${rng.pick(WORDS)}(request, order)`,
            post_context: ["    raise Http404"],
            vars: {
              request: "<WSGIRequest: POST '/api/v2/checkout'>",
              pk: `'${rng.int(1000, 9999)}'`,
              password: "'hunter2'",
              self: "<shop.views.CheckoutView object at 0x7f3a2c1d9e50>",
            },
          }
        : {}),
    };
  });
}

/**
 * The issue with this index: its SDK shape, exception and frames, drawn from `rng`.
 * @param shapes the shapes to cycle through (issue i gets shapes[i % length])
 */
export function issueTemplate(index: number, rng: Rng, shapes: readonly SdkShape[]): IssueTemplate {
  const shape = shapes[index % shapes.length] ?? "node";
  const [exceptionType, valuePattern] = rng.pick(shape === "python" ? PY_ERRORS : JS_ERRORS);
  const n = frameCount(rng);
  const frames =
    shape === "javascript" ? jsFrames(rng, n) : shape === "node" ? nodeFrames(rng, n) : pythonFrames(rng, n);
  return {
    index,
    shape,
    exceptionType,
    valuePattern: valuePattern.replace("{w}", rng.pick(WORDS)),
    frames,
    transaction: rng.pick(ROUTES),
    release: `${shape === "python" ? "shop-api" : shape === "node" ? "api" : "web"}@${rng.int(1, 4)}.${rng.int(0, 30)}.${rng.int(0, 9)}`,
    environment: rng.chance(0.9) ? "production" : "staging",
  };
}

/** Who an event is about: one of the configured users. */
export interface EventUser {
  id: string;
  email: string;
  ip: string;
}

/** The `n`-th user of the corpus (stable across runs). */
export function corpusUser(n: number): EventUser {
  return {
    id: `u-${(n * 7919) % 1_000_003}`,
    email: `user${n}@example.com`,
    ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
  };
}

function breadcrumbs(rng: Rng, shape: SdkShape, now: number): Record<string, unknown>[] {
  const count = rng.int(1, 6);
  return Array.from({ length: count }, (_, i) => {
    const timestamp = Math.round((now - (count - i) * rng.int(1, 4)) * 1000) / 1000;
    if (shape === "python") {
      return rng.chance(0.6)
        ? {
            type: "default",
            category: "query",
            message: `SELECT "shop_order"."id" FROM "shop_order" WHERE "shop_order"."id" = %s`,
            data: {},
            timestamp,
            level: "info",
          }
        : {
            type: "http",
            category: "httplib",
            data: {
              url: `https://payments.internal/v1/charges/${rng.int(1, 99_999)}`,
              method: "POST",
              status_code: 502,
            },
            timestamp,
          };
    }
    if (shape === "javascript" && rng.chance(0.5)) {
      return { timestamp, category: "ui.click", message: `div.cart > button.checkout[data-id="${rng.int(1, 500)}"]` };
    }
    return rng.chance(0.5)
      ? {
          timestamp,
          category: "fetch",
          data: { method: "GET", url: `/api/items/${rng.int(1, 5000)}`, status_code: 200 },
          type: "http",
        }
      : {
          timestamp,
          category: "console",
          level: "log",
          message: `loaded ${rng.int(1, 90)} items for ${rng.pick(WORDS)}`,
        };
  });
}

/**
 * One event of `issue` as its SDK would serialize it.
 * @param now Unix seconds of the event (the corpus is generated just before it is sent)
 */
export function sdkEvent(issue: IssueTemplate, user: EventUser, rng: Rng, now: number): Record<string, unknown> {
  const value = issue.valuePattern.replace("{n}", String(rng.int(100, 599)));
  const exception = {
    values: [
      {
        type: issue.exceptionType,
        value,
        stacktrace: { frames: issue.frames },
        mechanism: {
          type: issue.shape === "javascript" ? "onerror" : issue.shape === "node" ? "onuncaughtexception" : "django",
          handled: false,
        },
      },
    ],
  };
  const crumbs = { values: breadcrumbs(rng, issue.shape, now) };
  const url = `https://${issue.shape === "javascript" ? "shop" : "api"}.example.com${issue.transaction.replace(/:\w+/, String(rng.int(1, 99_999)))}`;
  if (issue.shape === "javascript") {
    return {
      exception,
      level: "error",
      platform: "javascript",
      request: { url, headers: { "User-Agent": rng.pick(BROWSERS), Referer: "https://shop.example.com/cart" } },
      timestamp: now,
      environment: issue.environment,
      release: issue.release,
      sdk: {
        integrations: [
          "InboundFilters",
          "FunctionToString",
          "BrowserApiErrors",
          "Breadcrumbs",
          "GlobalHandlers",
          "LinkedErrors",
          "Dedupe",
          "HttpContext",
          "BrowserSession",
        ],
        name: "sentry.javascript.react",
        version: "9.12.0",
        packages: [{ name: "npm:@sentry/react", version: "9.12.0" }],
      },
      user: { id: user.id, email: user.email, ip_address: "{{auto}}" },
      tags: { locale: rng.pick(["en-US", "de-DE", "fr-FR"]), plan: rng.pick(["free", "pro", "team"]) },
      contexts: { trace: { trace_id: rng.hex(16), span_id: rng.hex(8) } },
      transaction: issue.transaction,
      breadcrumbs: crumbs,
    };
  }
  if (issue.shape === "node") {
    return {
      exception,
      level: "error",
      platform: "node",
      contexts: {
        trace: { trace_id: rng.hex(16), span_id: rng.hex(8) },
        runtime: { name: "node", version: "v22.12.0" },
        app: { app_start_time: "2026-11-20T08:00:00.000Z", app_memory: rng.int(90, 400) * 1_048_576 },
        os: { kernel_version: "6.1.0-27-cloud-amd64", name: "Linux", version: "6.1.0" },
        device: {
          boot_time: "2026-11-01T00:00:00.000Z",
          arch: "x64",
          memory_size: 8_589_934_592,
          cpu_description: "AMD EPYC",
        },
      },
      server_name: `api-${rng.hex(3)}-${rng.int(1, 8)}`,
      environment: issue.environment,
      release: issue.release,
      timestamp: now,
      transaction: `${rng.pick(["GET", "POST"])} ${issue.transaction}`,
      request: {
        method: "POST",
        url,
        headers: {
          host: "api.example.com",
          "user-agent": "okhttp/4.12.0",
          cookie: `session=${rng.hex(12)}`,
          authorization: `Bearer ${rng.hex(16)}`,
        },
      },
      user: { id: user.id, ip_address: user.ip },
      tags: { region: rng.pick(["eu-west-1", "us-east-1"]), shard: String(rng.int(1, 16)) },
      sdk: {
        integrations: [
          "InboundFilters",
          "FunctionToString",
          "LinkedErrors",
          "RequestData",
          "Console",
          "Http",
          "Express",
          "OnUncaughtException",
        ],
        name: "sentry.javascript.node",
        version: "9.12.0",
        packages: [{ name: "npm:@sentry/node", version: "9.12.0" }],
      },
      breadcrumbs: crumbs,
    };
  }
  return {
    level: "error",
    exception,
    timestamp: new Date(now * 1000).toISOString(),
    contexts: {
      trace: {
        trace_id: rng.hex(16),
        span_id: rng.hex(8),
        parent_span_id: null,
        op: "http.server",
        status: "internal_error",
      },
      runtime: { name: "CPython", version: "3.12.7", build: "3.12.7 (main, Oct 19 2024) [GCC 12.2.0]" },
    },
    transaction: issue.transaction,
    transaction_info: { source: "route" },
    breadcrumbs: crumbs,
    extra: { "sys.argv": ["/usr/local/bin/gunicorn", "shop.wsgi", "--workers", "4"] },
    request: {
      url,
      query_string: `page=${rng.int(1, 20)}`,
      method: "POST",
      env: { SERVER_NAME: "shop-api", SERVER_PORT: "8000" },
      headers: {
        Host: "api.example.com",
        "Content-Type": "application/json",
        Cookie: `sessionid=${rng.hex(12)}; csrftoken=${rng.hex(8)}`,
      },
    },
    user: { id: user.id, email: user.email, ip_address: user.ip },
    modules: { django: "5.1.3", "sentry-sdk": "2.19.0", psycopg: "3.2.3", gunicorn: "23.0.0" },
    release: issue.release,
    environment: issue.environment,
    server_name: `shop-api-${rng.hex(3)}`,
    sdk: {
      name: "sentry.python.django",
      version: "2.19.0",
      packages: [{ name: "pypi:sentry-sdk", version: "2.19.0" }],
      integrations: ["argv", "atexit", "dedupe", "django", "excepthook", "logging", "modules", "stdlib", "threading"],
    },
    platform: "python",
  };
}

/** The envelope header and item header the SDK of `shape` writes before the payload. */
export function envelopeFor(shape: SdkShape, payload: string, now: number, dsn: string): string {
  const sdk =
    shape === "python"
      ? { name: "sentry.python.django", version: "2.19.0" }
      : { name: shape === "node" ? "sentry.javascript.node" : "sentry.javascript.react", version: "9.12.0" };
  const header = JSON.stringify({ sent_at: new Date(now * 1000).toISOString(), sdk, dsn });
  return `${header}\n${JSON.stringify({ type: "event", length: Buffer.byteLength(payload) })}\n${payload}\n`;
}
