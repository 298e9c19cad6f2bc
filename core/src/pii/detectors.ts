/**
 * @module
 * Finders that need more than a regex: card numbers (Luhn), IBANs (mod 97) and IP addresses
 * (a real parser, so `10:30:00` is a time and not IPv6).
 */
import { parseIp } from "../filter/ip-network.ts";
import { ibanValid, luhnValid } from "./checksums.ts";
import { type Finder, type Range, regexFinder } from "./finders.ts";

/** Maximal runs of digits joined by at most one space, dash or `+` (a space in query strings). */
const DIGIT_RUN = /[0-9](?:[ +-]?[0-9])*/g;

/**
 * Card numbers: 13–19 digits, optionally grouped with single spaces or dashes, starting with an
 * issuer digit 2–6 (Mastercard 2-series, Amex/Diners/JCB, Visa, Mastercard, Discover/UnionPay) and
 * passing Luhn. Inside a longer run a card must start and end at a group boundary, so
 * `4111 1111 1111 1111 2024` loses the card and keeps the year, while a 20-digit id is left alone.
 * Letters around the number do not protect it (`card4111111111111111` is still a card).
 */
export const findCreditCards: Finder = (text) => {
  const ranges: Range[] = [];
  DIGIT_RUN.lastIndex = 0;
  for (let run = DIGIT_RUN.exec(text); run !== null; run = DIGIT_RUN.exec(text)) {
    if (run[0].length < 13) continue;
    const positions: number[] = [];
    const cuts = new Set<number>([0]);
    for (let i = 0; i < run[0].length; i++) {
      const c = run[0][i]!;
      if (c >= "0" && c <= "9") positions.push(run.index + i);
      else cuts.add(positions.length);
    }
    if (positions.length < 13) continue;
    cuts.add(positions.length);
    const digits = run[0].replace(/[ +-]/g, "");
    const bounds = [...cuts].sort((a, b) => a - b);
    let from = 0;
    for (const start of bounds) {
      if (start < from) continue;
      for (let e = bounds.length - 1; e >= 0; e--) {
        const end = bounds[e]!;
        const len = end - start;
        if (len < 13) break;
        if (len > 19 || !/[2-6]/.test(digits[start]!) || !luhnValid(digits.slice(start, end))) continue;
        ranges.push([positions[start]!, positions[end - 1]! + 1]);
        from = end;
        break;
      }
    }
  }
  return ranges;
};

/** IBAN candidates: compact, or in groups of up to four separated by single spaces. */
const IBAN_CANDIDATE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){3,8}\b/g;

/**
 * IBANs of the countries that issue them, validated by mod 97. A candidate that swallowed a trailing
 * word (`DE89 3704 0044 0532 0130 00 EUR`) is retried without its last groups.
 */
export const findIbans: Finder = (text) => {
  const ranges: Range[] = [];
  IBAN_CANDIDATE.lastIndex = 0;
  for (let m = IBAN_CANDIDATE.exec(text); m !== null; m = IBAN_CANDIDATE.exec(text)) {
    let candidate = m[0];
    while (candidate.replace(/ /g, "").length >= 15) {
      if (ibanValid(candidate.replace(/ /g, ""))) {
        ranges.push([m.index, m.index + candidate.length]);
        break;
      }
      const cut = candidate.lastIndexOf(" ");
      if (cut === -1) break;
      candidate = candidate.slice(0, cut);
    }
  }
  return ranges;
};

const IPV4_CANDIDATE = /\b\d{1,3}(?:\.\d{1,3}){3}\b/;
const IPV6_CANDIDATE =
  /(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?![0-9A-Za-z:])/;

/** IPv4 and IPv6 addresses (IPv4-mapped and embedded forms included), each checked by the parser. */
export const findIps: Finder = (() => {
  const v4 = regexFinder(IPV4_CANDIDATE, undefined, (m) => parseIp(m[0]) !== undefined);
  const v6 = regexFinder(IPV6_CANDIDATE, undefined, (m) => m[0].length > 2 && parseIp(m[0]) !== undefined);
  return (text: string) => [...v6(text), ...v4(text)];
})();
