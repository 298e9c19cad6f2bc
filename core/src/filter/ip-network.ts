/**
 * @module
 * IP addresses and CIDR networks as bytes, for the client-IP and localhost filters and the PII IP
 * rule. Hand-written because core may not use Node's `net` and no tiny, pure, maintained parser
 * ships with the workspace; the grammar (RFC 4291 text form, dotted quads) is small.
 */

/** 4 bytes for IPv4, 16 for IPv6. */
export type IpBytes = Uint8Array;

/** An address with the number of leading bits that must match. */
export interface IpNetwork {
  bytes: IpBytes;
  prefix: number;
}

function parseIpv4(s: string): IpBytes | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseGroups(s: string): number[] | undefined {
  if (s === "") return [];
  const groups: number[] = [];
  const parts = s.split(":");
  for (const [i, p] of parts.entries()) {
    if (i === parts.length - 1 && p.includes(".")) {
      const v4 = parseIpv4(p);
      if (!v4) return undefined;
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) groups.push(Number.parseInt(p, 16));
    else return undefined;
  }
  return groups;
}

function parseIpv6(s: string): IpBytes | undefined {
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!);
  const tail = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  for (const [i, g] of groups.entries()) {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  }
  return out;
}

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/**
 * Parses an IPv4 or IPv6 address (brackets and an IPv6 zone are not accepted). IPv4-mapped IPv6
 * (`::ffff:1.2.3.4`) comes back as the 4-byte IPv4 address, so one IPv4 rule covers both spellings.
 * @example
 * parseIp("::1") // Uint8Array(16) [0, …, 1]
 */
export function parseIp(s: string): IpBytes | undefined {
  const bytes = s.includes(":") ? parseIpv6(s) : parseIpv4(s);
  if (bytes?.length === 16 && V4_MAPPED_PREFIX.every((b, i) => bytes[i] === b)) return bytes.slice(12);
  return bytes;
}

/**
 * Parses `addr` or `addr/prefix`; host bits beyond the prefix are ignored, as Relay's `IpNetwork`.
 * @example
 * parseNetwork("10.0.0.0/8") // { bytes: [10, 0, 0, 0], prefix: 8 }
 */
export function parseNetwork(s: string): IpNetwork | undefined {
  const [addr, prefixText, extra] = s.trim().split("/");
  if (addr === undefined || extra !== undefined) return undefined;
  const bytes = parseIp(addr);
  if (!bytes) return undefined;
  const written = addr.includes(":") ? 128 : 32;
  if (prefixText === undefined) return { bytes, prefix: bytes.length * 8 };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > written) return undefined;
  // A mapped IPv6 network (`::ffff:10.0.0.0/104`) was turned into IPv4: shift its prefix too.
  return { bytes, prefix: written === 128 && bytes.length === 4 ? Math.max(0, prefix - 96) : prefix };
}

/**
 * True when `ip` lies in `network` (same family only).
 * @example
 * networkContains(parseNetwork("10.0.0.0/8")!, parseIp("10.1.2.3")!) // true
 */
export function networkContains(network: IpNetwork, ip: IpBytes): boolean {
  if (network.bytes.length !== ip.length) return false;
  const full = Math.floor(network.prefix / 8);
  for (let i = 0; i < full; i++) if (network.bytes[i] !== ip[i]) return false;
  const rest = network.prefix % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((network.bytes[full]! ^ ip[full]!) & mask) === 0;
}
