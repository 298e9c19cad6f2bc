/**
 * @module
 * Just enough user-agent parsing for the legacy-browsers filter: a browser family and major version.
 * A table of ordered regexes instead of ua-parser-js / uap-core: those carry hundreds of device and
 * OS rules (tens of KB in every edge isolate) to answer a question we need for eight families.
 * Order matters: Opera and Edge announce themselves as Chrome, Chrome as Safari, IE Mobile as IE.
 */

/** A browser as the filter sees it; `family` uses uap-core's names, which Relay's tables key on. */
export interface Browser {
  family: "IE" | "Edge" | "Opera" | "Opera Mini" | "Firefox" | "Chrome" | "Android" | "Safari";
  major: number;
}

const BROWSER_PATTERNS: ReadonlyArray<readonly [Browser["family"], RegExp]> = [
  ["Opera Mini", /Opera Mini\/(\d+)/],
  ["Opera", /\bOPR\/(\d+)/],
  // Presto Opera froze its product token at 9.80 and moved the real version to `Version/`.
  ["Opera", /^Opera\/9\.80\b.*\bVersion\/(\d+)/],
  ["Opera", /^Opera[/ ](\d+)/],
  // EdgeHTML (12–18) says `Edge/`, Chromium Edge (79+) says `Edg/`, `EdgA/` or `EdgiOS/`.
  ["Edge", /\bEdge\/(\d+)/],
  ["Edge", /\bEdg(?:A|iOS)?\/(\d+)/],
  // IE Mobile counts as IE, as in Sentry's and Relay's filters.
  ["IE", /\bIEMobile[/ ](\d+)/],
  ["IE", /\bMSIE (\d+)/],
  ["IE", /\bTrident\/\d+.*\brv:(\d+)/],
  ["Firefox", /\b(?:Firefox|FxiOS)\/(\d+)/],
  ["Chrome", /\b(?:Chrome|CriOS|Chromium)\/(\d+)/],
  // The stock Android browser: no Chrome token, an Android version, WebKit's `Version/x Safari`.
  ["Android", /\bAndroid (\d+)[^)]*\).*\bVersion\/[\d.]+.*\bSafari\//],
  // Safari, desktop and iOS (`Mobile Safari` in uap-core, folded in here).
  ["Safari", /\bVersion\/(\d+)[\d.]*.*\bSafari\//],
];

/**
 * Family and major version of a browser user agent, or `undefined` for anything else (bots, SDKs,
 * apps).
 * @example
 * parseBrowser("Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; Trident/6.0)") // { family: "IE", major: 10 }
 */
export function parseBrowser(userAgent: string): Browser | undefined {
  for (const [family, pattern] of BROWSER_PATTERNS) {
    const match = pattern.exec(userAgent);
    if (match?.[1] !== undefined) return { family, major: Number(match[1]) };
  }
  return undefined;
}
