import { describe, expect, it } from 'vitest';
import { decodeHalf, encodeHalf, fromHalf, toHalf } from '../../src/lib/float16';

describe('float16', () => {
  it("gives IEEE 754 half precision's bits for known values", () => {
    expect(toHalf(0)).toBe(0);
    expect(toHalf(-0)).toBe(0x8000);
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(0.5)).toBe(0x3800);
    expect(toHalf(65504)).toBe(0x7bff); // the largest half
    expect(toHalf(1e6)).toBe(0x7c00); // too large: infinity
    expect(toHalf(2 ** -24)).toBe(0x0001); // the smallest subnormal
    expect(toHalf(2 ** -14)).toBe(0x0400); // the smallest normal
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and the next half: to even
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway, odd below: up
    expect(fromHalf(0x3555)).toBeCloseTo(1 / 3, 3);
  });

  it('round-trips arrays through base64 within half precision', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10 ** ((i % 7) - 4));
    const back = decodeHalf(encodeHalf(values));
    expect(back).toHaveLength(1000);
    for (let i = 0; i < values.length; i++) {
      const tolerance = Math.max(Math.abs(values[i]) * 2 ** -11, 2 ** -25);
      expect(Math.abs(back[i] - values[i])).toBeLessThanOrEqual(tolerance);
    }
  });
});
