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
  return (
    <figure className="chart" data-points={main?.points.length ?? 0}>
      <div className="chart-canvas" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#d8dce3" />
            <XAxis
              dataKey="x"
              type="number"
              domain={xTicks ? [xTicks[0], xTicks[xTicks.length - 1]] : ['dataMin', 'dataMax']}
              ticks={xTicks ? [...xTicks] : undefined}
              allowDecimals={!integerX}
              allowDuplicatedCategory={false}
              tickCount={6}
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
