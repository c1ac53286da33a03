import { describe, expect, it } from 'vitest';
import { placeLabels, textWidth } from '../../src/ui/labels';

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y - a.height < b.y && b.y - b.height < a.y;

describe('placing the labels of a scatter', () => {
  it('puts a lone label to the right of its point', () => {
    const [box] = placeLabels([{ x: 100, y: 100, text: 'king' }], 13, 640, 320);
    expect(box.x).toBeGreaterThan(100);
    expect(box.width).toBeCloseTo(textWidth('king', 13), 6);
  });

  it('keeps the labels of points that crowd together from covering each other, inside the drawing', () => {
    const words = ['king', 'queen', 'prince', 'father', 'mother', 'son'];
    const points = words.map((text, i) => ({ x: 300 + i, y: 150 + (i % 2), text }));
    const boxes = placeLabels(points, 13, 640, 320);
    for (let i = 0; i < boxes.length; i++) {
      expect(boxes[i].x).toBeGreaterThanOrEqual(0);
      expect(boxes[i].x + boxes[i].width).toBeLessThanOrEqual(640);
      for (let j = 0; j < i; j++) expect(overlap(boxes[i], boxes[j])).toBe(false);
    }
  });

  it('keeps a label at the right edge inside the drawing', () => {
    const [box] = placeLabels([{ x: 630, y: 100, text: 'village' }], 13, 640, 320);
    expect(box.x + box.width).toBeLessThanOrEqual(640);
  });
});
