/**
 * @module
 * Finders: functions that return the character ranges of a string to redact. Regex rules become
 * finders too (`regexFinder`), so a rule that needs a checksum (cards, IBANs) or an address parser
 * (IPs) plugs in the same way as a plain pattern.
 */

/** Half-open `[start, end)` ranges into the scanned string. */
export type Range = readonly [number, number];
export type Finder = (text: string) => Range[];

/**
 * A finder from a regex: the whole match, or only the listed capture groups (Relay's
 * `replaceGroups`). An optional `accept` sees each match and may veto it.
 * @param regex any flags; `g` (and `d` for groups) are added
 * @example
 * regexFinder(/(Bearer\s+)(\S+)/i, [2])("Authorization: Bearer abc") // [[22, 25]]
 */
export function regexFinder(
  regex: RegExp,
  groups?: readonly number[],
  accept?: (m: RegExpExecArray) => boolean,
): Finder {
  const flags = new Set(regex.flags);
  flags.add("g");
  // Match indices (`d`) slow every match down; only group redactions need them.
  const needIndices = groups?.some((g) => g !== 0) ?? false;
  if (needIndices) flags.add("d");
  const re = new RegExp(regex.source, [...flags].join(""));
  return (text) => {
    const ranges: Range[] = [];
    // One shared regex, reset per call: finders run synchronously, and `matchAll` would clone it.
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0] === "") {
        re.lastIndex++;
        continue;
      }
      if (accept && !accept(m)) continue;
      if (!needIndices) {
        ranges.push([m.index, m.index + m[0].length]);
        continue;
      }
      for (const g of groups ?? [0]) {
        const span = m.indices?.[g];
        if (span && span[1] > span[0]) ranges.push([span[0], span[1]]);
      }
    }
    return ranges;
  };
}

/**
 * Sorts ranges and merges overlapping ones, so each character is redacted once.
 * @example
 * mergeRanges([[5, 9], [0, 2], [8, 12]]) // [[0, 2], [5, 12]]
 */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

const PERCENT_ESCAPE = /%[0-9a-fA-F]{2}/;

/**
 * Runs `find` on the text with percent-escapes decoded (`%20` → space, `%40` → `@`; other bytes →
 * `%`) and maps the ranges back, so `q=4111%201111%201111%201111` or `%20DE89…%20` in a logged URL
 * is seen as the card or IBAN it is. Each escape decodes to one character, keeping the mapping simple.
 * @example
 * percentDecoded(findCreditCards)("q=4111%201111%201111%201111") // [[2, 27]]
 */
export function percentDecoded(find: Finder): Finder {
  return (text) => {
    // Without an escape the decoded text is the text (`%s` decodes to itself).
    if (!PERCENT_ESCAPE.test(text)) return find(text);
    let scan = "";
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < text.length; ) {
      const hex = text[i] === "%" ? /^[0-9a-fA-F]{2}/.exec(text.slice(i + 1, i + 3)) : null;
      const code = hex ? Number.parseInt(hex[0], 16) : -1;
      const length = hex ? 3 : 1;
      scan += hex ? (code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : "%") : text[i];
      starts.push(i);
      ends.push(i + length);
      i += length;
    }
    return find(scan).map(([s, e]) => [starts[s]!, ends[e - 1]!] as const);
  };
}
