/**
 * @module
 * The browser-extensions filter (Relay's `browser_extensions.rs`): drops errors thrown by browser
 * extensions, toolbars and injected third-party scripts, known by the first exception's message or by
 * the source file of its most recent named frame.
 */
import { err, ok, type Result } from "../result.ts";
import type { Event } from "../schema/index.ts";
import type { FilterContext, FilterStatKey, FilterToggle } from "./config.ts";

/** Exception messages that only ever come from extensions or injected scripts. */
const EXTENSION_MESSAGES = new RegExp(
  [
    "top\\.GLOBALS",
    // http://blog.errorception.com/2012/03/tale-of-unfindable-js-error.html
    "originalCreateNotification",
    "canvas.contentDocument",
    "MyApp_RemoveAllHighlights",
    "http://tt\\.epicplay\\.com",
    "Can't\\sfind\\svariable:\\sZiteReader",
    "jigsaw\\sis\\snot\\sdefined",
    "ComboSearch\\sis\\snot\\sdefined",
    "http://loading\\.retry\\.widdit\\.com/",
    "atomicFindClose",
    "fb_xd_fragment",
    // ISP "optimizing" proxies
    "bmi_SafeAddOnload",
    "EBCallBackMessageReceived",
    // Chrome on iOS
    "_gCrWeb",
    // Conduit toolbar
    "conduitPage",
    // Google Search app on iOS
    "null\\sis\\snot\\san\\sobject\\s\\(evaluating\\s'elt.parentNode'\\)",
    // Dragon web extension (Nuance)
    "plugin\\.setSuspendState\\sis\\snot\\sa\\sfunction",
    "Extension\\scontext\\sinvalidated",
    "webkit-masked-url:",
    // Firefox, when an extension touches a DOM node that is gone
    "can't\\saccess\\sdead\\sobject",
  ].join("|"),
  "i",
);

/** Script URLs of extensions and of third-party scripts that fail on their own. */
const EXTENSION_SOURCES = new RegExp(
  [
    "graph\\.facebook\\.com",
    "connect\\.facebook\\.net",
    "eatdifferent\\.com\\.woopra-ns\\.com",
    "static\\.woopra\\.com/js/woopra\\.js",
    "^chrome(-extension)?://",
    "^moz-extension://",
    "^safari(-web)?-extension://",
    "webkit-masked-url",
    "127\\.0\\.0\\.1:4001/isrunning",
    "webappstoolbarba\\.texthelp\\.com/",
    "metrics\\.itunes\\.apple\\.com\\.edgesuite\\.net/",
    "kaspersky-labs\\.com",
  ].join("|"),
  "i",
);

/** Frames that say nothing about where the code came from. */
const ANONYMOUS_SOURCES = new Set(["<anonymous>", "[native code]"]);

function exceptionSource(event: Event): string | undefined {
  const frames = event.exception?.values[0]?.stacktrace?.frames ?? [];
  for (let i = frames.length - 1; i >= 0; i--) {
    const source = frames[i]?.abs_path ?? frames[i]?.filename;
    if (source !== undefined && !ANONYMOUS_SOURCES.has(source)) return source;
  }
  return undefined;
}

/**
 * True when the event's first exception comes from a known extension.
 * @example
 * isBrowserExtensionEvent(eventWithValue("Extension context invalidated.")) // true
 */
export function isBrowserExtensionEvent(event: Event): boolean {
  const value = event.exception?.values[0]?.value;
  if (value !== undefined && EXTENSION_MESSAGES.test(value)) return true;
  const source = exceptionSource(event);
  return source !== undefined && EXTENSION_SOURCES.test(source);
}

/**
 * Filters errors caused by browser extensions when enabled.
 * @example
 * shouldFilter(event, { isEnabled: true }, {}) // err("browser-extensions") for a chrome-extension:// frame
 */
export function shouldFilter(event: Event, config: FilterToggle, _ctx: FilterContext): Result<void, FilterStatKey> {
  if (config.isEnabled && isBrowserExtensionEvent(event)) return err("browser-extensions");
  return ok(undefined);
}
