import type { ReactNode } from 'react';
import { ScrollBox } from './ScrollBox';

/** The colour of `value` on a blue (negative) - white - red (positive) scale, saturating at |value| = range, and the text colour readable on it. */
export function divergingColour(value: number, range: number): { background: string; color: string } {
  const t = Math.max(-1, Math.min(1, range > 0 ? value / range : 0));
  const [r, g, b] = (t < 0 ? [29, 95, 209] : [179, 38, 30]).map((c) => Math.round(255 + (c - 255) * Math.abs(t)));
  // WCAG relative luminance; white text where it contrasts better than near-black.
  const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const onWhite = 1.05 / (luminance + 0.05);
  const onBlack = (luminance + 0.05) / 0.05;
  return { background: `rgb(${r}, ${g}, ${b})`, color: onWhite > onBlack ? '#fff' : '#000' };
}

const fmt = (v: number) => (!Number.isFinite(v) ? (v > 0 ? '∞' : '−∞') : Math.abs(v) < 0.005 ? '0' : v.toFixed(2));

/**
 * The colour scale under a heatmap: from -range (blue) through 0 (white) to +range (red), with its values; for a
 * `sequential` one (weights, probabilities: never negative) from 0 (white) to range (red).
 */
export function ColourScale({ range, sequential = false }: { range: number; sequential?: boolean }) {
  const stops = (sequential ? [0, 0.25, 0.5, 0.75, 1] : [-1, -0.5, 0, 0.5, 1]).map((t) => divergingColour(t * range, range).background).join(', ');
  const value = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2));
  return (
    <div className="colour-scale" data-testid="colour-scale">
      <span>{sequential ? '0' : value(-range)}</span>
      <span className="colour-scale-bar" style={{ background: `linear-gradient(to right, ${stops})` }} aria-hidden="true" />
      <span>{value(range)}</span>
      <span className="visually-hidden">
        {sequential
          ? `White cells are near 0, red ones large; full colour at ${value(range)}.`
          : `Blue cells are negative, white near 0, red positive; full colour at ±${value(range)}.`}
      </span>
    </div>
  );
}

/**
 * A matrix [rows, cols] (row-major) as a table of coloured cells, with its colour scale. The numbers are always in the table for
 * screen readers and shown in the cells when `showValues`; the caption names it and gives its shape.
 */
export function Heatmap({
  values,
  rows,
  cols,
  caption,
  label,
  rowLabels,
  colLabels,
  range,
  showValues = true,
  sequential = false,
  testId,
}: {
  values: ArrayLike<number>;
  rows: number;
  cols: number;
  /** What the matrix is (may hold a formula); `label` says it in words for screen readers when it is not a string. */
  caption: ReactNode;
  label?: string;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  range?: number;
  showValues?: boolean;
  /** Values that are never negative (weights): white at 0, red at the top of the scale. */
  sequential?: boolean;
  testId?: string;
}) {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) max = Math.max(max, Math.abs(values[i]));
  const scale = range ?? (max || 1);
  const shape = rows === 1 ? String(cols) : `${rows} × ${cols}`;
  return (
    <figure className="heatmap-figure">
      <figcaption>
        {caption} <span className="muted">[{shape}]</span>
      </figcaption>
      <ScrollBox label={label ?? (typeof caption === 'string' ? caption : 'matrix')}>
        <table
          className={`heatmap${showValues ? '' : ' heatmap-compact'}`}
          data-testid={testId}
          aria-label={`${label ?? (typeof caption === 'string' ? caption : 'matrix')}, shape ${shape}`}
        >
          {colLabels && (
            <thead>
              <tr>
                {rowLabels && <td />}
                {colLabels.map((label, j) => (
                  <th key={j} scope="col">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
          )}
          <tbody>
            {Array.from({ length: rows }, (_, i) => (
              <tr key={i}>
                {rowLabels && <th scope="row">{rowLabels[i]}</th>}
                {Array.from({ length: cols }, (_, j) => {
                  const v = values[i * cols + j];
                  return (
                    <td key={j} style={divergingColour(v, scale)} title={Number.isFinite(v) ? v.toFixed(4) : fmt(v)}>
                      {showValues ? fmt(v) : <span className="visually-hidden">{fmt(v)}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <ColourScale range={scale} sequential={sequential} />
    </figure>
  );
}
