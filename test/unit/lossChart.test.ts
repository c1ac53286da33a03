// The loss chart's text alternative: every line in its table (a sparse validation curve beside a dense training
// curve), and a reference line said point by point, two equal values kept apart.
import { describe, expect, it } from 'vitest';
import { niceTicks, referenceText, tableRows, thin } from '../../src/ui/LossChart';

describe('the loss chart as a table', () => {
  const training = { name: 'training', color: '#000', points: Array.from({ length: 1000 }, (_, i) => ({ x: i + 1, y: 5 - i / 1000 })) };
  const validation = { name: 'validation', color: '#f00', points: [0, 250, 500, 750, 1000].map((x) => ({ x, y: 6 - x / 1000 })) };

  it('has a column per line, every validation point, and the training curve thinned', () => {
    const rows = tableRows([training, validation]);
    expect(rows.filter((r) => r.ys[1] !== undefined).map((r) => r.x)).toEqual([0, 250, 500, 750, 1000]);
    expect(rows.filter((r) => r.ys[0] !== undefined).length).toBe(40);
    expect(rows.map((r) => r.x)).toEqual([...rows.map((r) => r.x)].sort((a, b) => a - b));
    expect(rows.at(-1)).toEqual({ x: 1000, ys: [4.001, 5] });
    expect(rows[0]).toEqual({ x: 0, ys: [undefined, 6] });
    expect(thin(training.points, 40).at(-1)).toEqual(training.points.at(-1));
  });

  it('says a reference line flat as one value, and a curve with every point, equal values kept', () => {
    expect(
      referenceText(
        [
          { x: 0, y: 4.8143 },
          { x: 900, y: 4.8143 },
        ],
        'step',
      ),
    ).toBe('4.814');
    const lengths = [4, 6, 8, 10, 12, 14, 16, 18].map((x, i) => ({ x, y: [1, 1, 0.9, 0.8, 0.8, 0.6, 0.5, 0.5][i] }));
    const text = referenceText(lengths, 'length');
    expect(text.split(', ').length).toBe(8);
    expect(text).toContain('1.000 at length 4, 1.000 at length 6');
  });
});

describe("the chart's x ticks", () => {
  it('are round and evenly spaced, covering the data, whole numbers for steps', () => {
    expect(niceTicks(0, 1234)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(1, 2000)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceTicks(0, 7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 0)).toEqual([0, 1]);
    expect(niceTicks(0, 0.9, 6, false)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(37, 12_345)).toEqual([0, 5000, 10000, 15000]);
    for (const [lo, hi] of [
      [0, 97],
      [5, 3333],
      [0, 31],
    ]) {
      const t = niceTicks(lo, hi);
      const steps = new Set(t.slice(1).map((v, i) => v - t[i]));
      expect(steps.size).toBe(1);
      expect(t[0]).toBeLessThanOrEqual(lo);
      expect(t.at(-1)!).toBeGreaterThanOrEqual(hi);
      expect(t.length).toBeLessThanOrEqual(8);
    }
  });
});
