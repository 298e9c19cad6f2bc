/**
 * @module
 * Check digits that tell real card numbers and IBANs from other digit runs. Relay matches card
 * numbers by shape only; checking Luhn (and IBAN's mod 97) keeps order ids, timestamps and phone
 * numbers out of `[creditcard]` / `[iban]`.
 */

/**
 * The Luhn (mod 10) check of a string of ASCII digits.
 * @example
 * luhnValid("4111111111111111") // true
 * luhnValid("4111111111111112") // false
 */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Country codes that issue IBANs (Relay's list). */
const IBAN_COUNTRIES = new Set(
  (
    "AT AD AE AL AZ BA BE BG BH BR BY CH CR CY CZ DE DK DO EE EG ES FI FO FR GB GE GI GL GR GT HR HU IE IL IQ IS " +
    "IT JO KW KZ LB LC LI LT LU LV LY MC MD ME MK MR MT MU NL NO PK PL PS PT QA RO RU RS SA SC SE SI SK SM ST SV " +
    "TL TN TR UA VA VG XK DZ AO BJ BF BI CV CM CF TD KM CG CI DJ GQ GA GW HN IR MG ML MA MZ NI NE SN TG"
  ).split(" "),
);

/**
 * ISO 13616 validation of a compact (no spaces) IBAN: known country, 15–34 characters, and the
 * number formed by moving the first four characters to the end (letters as 10–35) is 1 mod 97.
 * @example
 * ibanValid("DE89370400440532013000") // true
 */
export function ibanValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban) || !IBAN_COUNTRIES.has(iban.slice(0, 2))) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const c of rearranged) {
    const value = c >= "A" ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 48;
    // Letters expand to two digits; fold them in one at a time so the remainder stays small.
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}
