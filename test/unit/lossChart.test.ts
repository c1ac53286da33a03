// The loss chart's text alternative: every line in its table (a sparse validation curve beside a dense training
// curve), and a reference line said point by point, two equal values kept apart.
import { describe, expect, it } from 'vitest';
import { referenceText, tableRows, thin } from '../../src/ui/LossChart';

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
