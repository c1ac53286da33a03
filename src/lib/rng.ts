// A small seeded random number generator, so that every run can be repeated and compared.

/** A source of uniform numbers in [0, 1), as `Math.random` but seeded. */
export type Rng = () => number;

/** mulberry32: a fast 32-bit generator, good enough for shuffling and initial weights. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box-Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Fills a new Float32Array of `n` values drawn uniformly from [-limit, limit). */
export function uniformArray(rng: Rng, n: number, limit: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rng() - 1) * limit;
  return out;
}

/** Shuffles `array` in place (Fisher-Yates) and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(array: T, rng: Rng): T {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = array[i];
    array[i] = array[j];
    array[j] = tmp;
  }
  return array;
}
