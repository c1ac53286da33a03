import { describe, expect, it } from 'vitest';
import { createRng, normal, shuffleInPlace, uniformArray } from '../../src/lib/rng';

describe('the seeded generator', () => {
  it('repeats itself for a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const fromA = Array.from({ length: 100 }, a);
    expect(Array.from({ length: 100 }, b)).toEqual(fromA);
    expect(Array.from({ length: 100 }, c)).not.toEqual(fromA);
  });

  it('draws uniformly from [0, 1)', () => {
    const rng = createRng(1);
    const n = 100_000;
    const bins = new Array(10).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = rng();
      expect(u >= 0 && u < 1).toBe(true);
      bins[Math.floor(u * 10)]++;
      sum += u;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const count of bins) expect(Math.abs(count - n / 10)).toBeLessThan(0.05 * (n / 10));
  });

  it('gives standard normal samples and uniform arrays within their limit', () => {
    const rng = createRng(2);
    const n = 50_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const z = normal(rng);
      sum += z;
      squares += z * z;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.sqrt(squares / n - mean * mean)).toBeCloseTo(1, 1);
    const values = uniformArray(createRng(3), 10_000, 0.25);
    expect(Math.max(...values)).toBeLessThanOrEqual(0.25);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-0.25);
    expect(Math.max(...values)).toBeGreaterThan(0.24);
  });

  it('shuffles into a permutation, the same one for the same seed', () => {
    const order = (seed: number) =>
      shuffleInPlace(
        Int32Array.from({ length: 50 }, (_, i) => i),
        createRng(seed),
      );
    const shuffled = order(5);
    expect(Array.from(shuffled).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(shuffled)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(order(5))).toEqual(Array.from(shuffled));
    expect(Array.from(order(6))).not.toEqual(Array.from(shuffled));
  });
});
