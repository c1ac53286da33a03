// Where to write the labels of a scatter so that they do not cover each other: each label tries the spots
// around its point in turn (right, left, above, below, then further out) and takes the first that overlaps no
// label placed before it and stays inside the drawing.

export interface LabelBox {
  /** The text's anchor: its left end and baseline. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Rough width of `text` at `fontSize` px (an average glyph is about 0.6 em wide). */
export const textWidth = (text: string, fontSize: number) => text.length * fontSize * 0.6;

const overlaps = (a: LabelBox, b: LabelBox) => a.x < b.x + b.width && b.x < a.x + a.width && a.y - a.height < b.y && b.y - b.height < a.y;

/** Label positions for points (in drawing coordinates) in a width x height drawing; the first free spot wins. */
export function placeLabels(points: readonly { x: number; y: number; text: string }[], fontSize: number, width: number, height: number): LabelBox[] {
  const placed: LabelBox[] = [];
  for (const p of points) {
    const w = textWidth(p.text, fontSize);
    const h = fontSize;
    const gap = 5;
    const spots: [number, number][] = [];
    for (const far of [0, 1, 2]) {
      const d = far * h;
      spots.push(
        [p.x + gap, p.y + h / 3 + d],
        [p.x - gap - w, p.y + h / 3 + d],
        [p.x - w / 2, p.y - gap - d],
        [p.x - w / 2, p.y + gap + h + d],
        [p.x + gap, p.y + h / 3 - d],
        [p.x - gap - w, p.y + h / 3 - d],
      );
    }
    const inside = ([x, y]: [number, number]) => x >= 0 && x + w <= width && y - h >= 0 && y <= height;
    const free = spots.find((s) => inside(s) && !placed.some((b) => overlaps({ x: s[0], y: s[1], width: w, height: h }, b)));
    const [x, y] = free ?? spots.find(inside) ?? spots[0];
    placed.push({ x, y, width: w, height: h });
  }
  return placed;
}
