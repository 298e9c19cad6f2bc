import { describe, expect, it } from "vitest";
import { err, ok } from "../result.ts";
import { shouldFilter } from "./browser-extensions.ts";
import { browserEvent, makeEvent } from "./test-events.ts";

const on = { isEnabled: true };

describe("browser-extensions filter", () => {
  it.each([
    "https://graph.facebook.com/",
    "https://connect.facebook.net/en_US/sdk.js",
    "https://eatdifferent.com.woopra-ns.com/main.js",
    "https://static.woopra.com/js/woopra.js",
    "chrome-extension://gighmmpiobklfepjocnamgkkbiglidom/content.js",
    "chrome://my-extension/or/something",
    "moz-extension://0d8a6c5e-4b6d-4a9b-8f0a-1b2c3d4e5f60/inject.js",
    "safari-extension://com.example.ext/script.js",
    "safari-web-extension://E3B0C442/content.js",
    "127.0.0.1:4001/isrunning",
    "webappstoolbarba.texthelp.com/",
    "http://metrics.itunes.apple.com.edgesuite.net/itunespreview/itunes/browser:firefo",
    "https://fscr.kaspersky-labs.com/B-9B72-7B7/main.js",
    "webkit-masked-url://hidden/",
  ])("drops errors from %s", (source) => {
    const event = browserEvent({ frames: ["https://app.example.com/static/js/vendor.js", source] });
    expect(shouldFilter(event, on, {})).toEqual(err("browser-extensions"));
  });

  it("looks past anonymous frames to the most recent named source", () => {
    const event = browserEvent({ frames: ["chrome-extension://abc/content.js", "<anonymous>", "[native code]"] });
    expect(shouldFilter(event, on, {})).toEqual(err("browser-extensions"));
  });

  it.each([
    "what does conduitPage even do",
    "null is not an object (evaluating 'elt.parentNode')",
    "some error on top.GLOBALS",
    "biiig problem on originalCreateNotification",
    "canvas.contentDocument",
    "MyApp_RemoveAllHighlights",
    "http://tt.epicplay.com/not/very/good",
    "Can't find variable: ZiteReader, I wonder why?",
    "jigsaw is not defined and I'm not happy about it",
    "ComboSearch is not defined",
    "http://loading.retry.widdit.com/some/obscure/error",
    "atomicFindClose has messed up",
    "bad news, we have a fb_xd_fragment",
    "oh no! we have a case of: bmi_SafeAddOnload, again !",
    "watch out ! EBCallBackMessageReceived",
    "error _gCrWeb",
    "plugin.setSuspendState is not a function",
    "Extension context invalidated.",
    "useless error webkit-masked-url: please filter",
    "can't access dead object",
  ])("drops errors with message %j", (value) => {
    expect(shouldFilter(browserEvent({ value }), on, {})).toEqual(err("browser-extensions"));
  });

  it("keeps ordinary application errors", () => {
    expect(shouldFilter(browserEvent({}), on, {})).toEqual(ok(undefined));
    expect(shouldFilter(browserEvent({ frames: ["https://some/reasonable/source.js"] }), on, {})).toEqual(
      ok(undefined),
    );
    expect(shouldFilter(makeEvent({ logentry: { formatted: "top.GLOBALS" } }), on, {})).toEqual(ok(undefined));
  });

  it("keeps everything when disabled", () => {
    const event = browserEvent({ value: "fb_xd_fragment", frames: ["chrome-extension://x/y.js"] });
    expect(shouldFilter(event, { isEnabled: false }, {})).toEqual(ok(undefined));
  });
});
