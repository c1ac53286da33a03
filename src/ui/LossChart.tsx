import { memo, useEffect, useRef, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ScrollBox } from './ScrollBox';

export interface ChartPoint {
  x: number;
  y: number;
}

/** Loss points as chart points (x the step). */
export const chartPoints = (points: readonly { step: number; loss: number }[]): ChartPoint[] => points.map((p) => ({ x: p.step, y: p.loss }));

/** One line of the chart; `dashed` marks a reference (the notebook's curve, a theoretical bound). */
export interface ChartSeries {
  name: string;
  points: readonly ChartPoint[];
  dashed?: boolean;
  color: string;
}

/** At most `max` points, evenly spread, always keeping the last, so a long run stays cheap to draw. */
export function thin(points: readonly ChartPoint[], max: number): ChartPoint[] {
  if (points.length <= max) return points.slice();
  const stride = points.length / max;
  const out: ChartPoint[] = [];
  for (let i = 0; i < max - 1; i++) out.push(points[Math.floor(i * stride)]);
  out.push(points[points.length - 1]);
  return out;
}

/**
 * The table's rows: every line's points (each thinned to 40, so a sparse line such as a validation loss keeps all
 * of its few), one row per x, a value per line or none.
 */
export function tableRows(lines: readonly ChartSeries[]): { x: number; ys: (number | undefined)[] }[] {
  const byX = new Map<number, (number | undefined)[]>();
  lines.forEach((s, i) => {
    for (const p of thin(s.points, 40)) {
      const row = byX.get(p.x) ?? new Array<number | undefined>(lines.length).fill(undefined);
      row[i] = p.y;
      byX.set(p.x, row);
    }
  });
  return [...byX.entries()].sort((a, b) => a[0] - b[0]).map(([x, ys]) => ({ x, ys }));
}

/** A reference line in words: its one value where it is flat, else every point (none merged, even when two are equal). */
export function referenceText(points: readonly ChartPoint[], xLabel: string): string {
  if (points.every((p) => p.y === points[0].y)) return fmt(points[0].y);
  return points.map((p) => `${fmt(p.y)} at ${xLabel} ${p.x}`).join(', ');
}

const fmt = (y: number) => (Math.abs(y) >= 100 ? y.toFixed(0) : y.toFixed(3));

/**
 * Evenly spaced round ticks covering [min, max]: a step of 1, 2 or 5 times a power of ten giving at most `count`
 * intervals (whole numbers only where `integer`), from the last multiple at or below min to the first at or above max.
 */
export function niceTicks(min: number, max: number, count = 6, integer = true): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) max = min + (integer ? 1 : 1e-9 + Math.abs(min) * 0.1 || 1);
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  if (integer) step = Math.max(1, Math.round(step));
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let t = first; t < max + step; t += step) {
    ticks.push(Number(t.toPrecision(12)));
    if (t >= max) break;
  }
  return ticks;
}

/** `value`, but changed at most once every `ms` (the latest value always arrives, at most `ms` late). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const show = () => {
      last.current = performance.now();
      setShown(value);
    };
    const wait = last.current + ms - performance.now();
    if (wait <= 0) return show();
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}

/** How often a streaming chart is redrawn at most: recharts takes tens of ms a drawing on a slow machine. */
export const CHART_REDRAW_MS = 1000;

/**
 * A streaming line chart for losses (recharts), with dashed reference lines, and a text alternative: a
 * one-sentence summary for screen readers and the numbers as a table behind a disclosure.
 */
export function LossChart({
  series,
  xLabel,
  yLabel,
  title,
  yDomain,
  xTicks,
  integerX = true,
}: {
  series: readonly ChartSeries[];
  xLabel: string;
  yLabel: string;
  title: string;
  /** Fixed bounds of the y axis (an accuracy's 0 to 1); by default they follow the data. */
  yDomain?: [number, number];
  /** The x axis's ticks where the data has a few meaningful values (the lengths of a sweep). */
  xTicks?: readonly number[];
  /** Whole-number ticks on the x axis (steps, epochs, lengths): no 0.5 or 5.5. */
  integerX?: boolean;
}) {
  // The lines with points (a ready-trained model may bring its validation curve and no training loss).
  const drawn = series.filter((s) => !s.dashed);
  const lines = drawn.some((s) => s.points.length > 0) ? drawn.filter((s) => s.points.length > 0) : drawn;
  const main = lines[0];
  const last = main?.points[main.points.length - 1];
  const summary = [
    last ? `${title}: ${main!.points.length} points, latest ${yLabel} ${fmt(last.y)} at ${xLabel} ${last.x}.` : `${title}: no points yet.`,
    ...lines.slice(1).flatMap((s) => {
      const end = s.points.at(-1);
      return end ? [`${s.name}: latest ${fmt(end.y)} at ${xLabel} ${end.x}.`] : [];
    }),
    ...series.filter((s) => s.dashed && s.points.length > 0).map((s) => `${s.name}: ${fmt(s.points[s.points.length - 1].y)}.`),
  ].join(' ');
  const rows = tableRows(lines);
  // The drawing follows the data at most once a second (the summary, the table and the point count at once).
  const drawnSeries = useThrottled(series, CHART_REDRAW_MS);
  return (
    <figure className="chart" data-points={main?.points.length ?? 0}>
      <div className="chart-canvas" role="img" aria-label={summary}>
        <ChartCanvas series={drawnSeries} xLabel={xLabel} yLabel={yLabel} yDomain={yDomain} xTicks={xTicks} integerX={integerX} />
      </div>
      <figcaption className="visually-hidden">{summary}</figcaption>
      <details>
        <summary>{title} as a table</summary>
        <ScrollBox label={`${title} as a table`}>
          <table className="numbers">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{xLabel}</th>
                {lines.length > 1 ? (
                  lines.map((s) => (
                    <th scope="col" key={s.name}>
                      {s.name}
                    </th>
                  ))
                ) : (
                  <th scope="col">{yLabel}</th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.x}>
                  <td>{row.x}</td>
                  {row.ys.map((y, i) => (
                    <td key={lines[i].name}>{y === undefined ? '–' : fmt(y)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
        {series
          .filter((s) => s.dashed && s.points.length > 0)
          .map((s) => (
            <p key={s.name}>
              {s.name}: {referenceText(s.points, xLabel)}
            </p>
          ))}
      </details>
    </figure>
  );
}

interface CanvasProps {
  series: readonly ChartSeries[];
  xLabel: string;
  yLabel: string;
  yDomain?: [number, number];
  xTicks?: readonly number[];
  integerX: boolean;
}

/** The recharts drawing: redrawn only when its lines or settings change (not on every progress of a run). */
const ChartCanvas = memo(
  function ChartCanvas({ series, xLabel, yLabel, yDomain, xTicks, integerX }: CanvasProps) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const s of series)
      for (const p of s.points) {
        lo = Math.min(lo, p.x);
        hi = Math.max(hi, p.x);
      }
    const ticks = xTicks ? [...xTicks] : niceTicks(lo, hi, 6, integerX);
    return (
      <ResponsiveContainer width="100%" height={260}>
        <LineChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d8dce3" />
          <XAxis
            dataKey="x"
            type="number"
            domain={ticks.length > 1 ? [ticks[0], ticks[ticks.length - 1]] : ['dataMin', 'dataMax']}
            ticks={ticks.length > 1 ? ticks : undefined}
            allowDecimals={!integerX}
            allowDuplicatedCategory={false}
            label={{ value: xLabel, position: 'insideBottomRight', offset: -4 }}
          />
          <YAxis
            type="number"
            domain={yDomain ?? ['auto', 'auto']}
            width={68}
            tickFormatter={(v: number) => v.toFixed(yDomain && yDomain[1] - yDomain[0] <= 1 ? 2 : 1)}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 4, style: { textAnchor: 'middle' } }}
          />
          <Tooltip formatter={(value) => (typeof value === 'number' ? fmt(value) : String(value))} labelFormatter={(x) => `${xLabel} ${x}`} />
          <Legend />
          {series.map((s) => (
            <Line
              key={s.name}
              data={thin(s.points, 600)}
              dataKey="y"
              name={s.name}
              stroke={s.color}
              strokeWidth={s.dashed ? 1.5 : 2}
              strokeDasharray={s.dashed ? '6 4' : undefined}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    );
  },
  (a, b) =>
    a.series === b.series &&
    a.xLabel === b.xLabel &&
    a.yLabel === b.yLabel &&
    a.integerX === b.integerX &&
    String(a.yDomain) === String(b.yDomain) &&
    String(a.xTicks) === String(b.xTicks),
);
