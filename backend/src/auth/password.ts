/**
 * @module
 * Password hashing with node:crypto scrypt and a random 16-byte salt per password.
 *
 * Stored format (one string, `$`-separated, base64 without padding):
 * `scrypt$<N>$<r>$<p>$<salt>$<hash>`, e.g. `scrypt$16384$8$1$Jx0...$m2V...`. The cost parameters
 * travel with the hash, so raising them later keeps old hashes verifiable.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt cost: N=2^14, r=8, p=1 (~16 MiB, tens of ms): the OWASP minimum for interactive logins. */
const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, options, (e, key) => (e ? reject(e) : resolve(key)));
  });
}

/**
 * Hashes a password for storage in `users.password_hash`.
 * @example
 * const stored = await hashPassword("hunter22"); // "scrypt$16384$8$1$...$..."
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Checks a password against a stored hash; false for any malformed hash instead of throwing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!N || !r || !p) return false;
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const expected = Buffer.from(parts[5] ?? "", "base64url");
  if (salt.length === 0 || expected.length === 0) return false;
  const key = await scryptAsync(password, salt, expected.length, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
  return timingSafeEqual(key, expected);
}
