/**
 * @module
 * Deterministic randomness for the load generator: the same seed gives the same corpus, byte for
 * byte, so two runs (or two branches) are measured on the same payloads. mulberry32 is a tiny 32-bit
 * generator with good enough statistics for picking shapes; it is hand-written because no library is
 * needed for twelve lines, and `Math.random` cannot be seeded.
 */

/** A seeded source of numbers in [0, 1) with helpers. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** `bytes` random bytes as lowercase hex. */
  hex(bytes: number): string;
}

/**
 * A mulberry32 generator.
 * @param seed any 32-bit integer
 * @example createRng(42).int(1, 6)
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
    hex: (bytes: number) => {
      let out = "";
      for (let i = 0; i < bytes; i++) out += int(0, 255).toString(16).padStart(2, "0");
      return out;
    },
  };
}

/**
 * A Zipf sampler over ranks 0..n-1: rank k is drawn with probability ∝ 1/(k+1)^s. Real issue volume
 * is this skewed: a few issues carry most events, and a long tail is seen once or twice.
 * @param n number of ranks (distinct issues)
 * @param s exponent; 1.1 is typical of error streams
 * @returns a function that draws a rank with the given generator
 */
export function zipf(n: number, s: number): (rng: Rng) => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cdf[k] = total;
  }
  return (rng) => {
    const u = rng.next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] ?? 0) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
