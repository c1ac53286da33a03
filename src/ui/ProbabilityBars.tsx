import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/**
 * The most likely outcomes as a horizontal bar chart (recharts), with the same numbers as a list for
 * screen readers and anyone who prefers text.
 */
export function ProbabilityBars({ items, title, testId }: { items: readonly { label: string; probability: number }[]; title: string; testId?: string }) {
  const summary = `${title}: ${items.map((i) => `${i.label} ${(100 * i.probability).toFixed(1)}%`).join(', ')}.`;
  return (
    <figure className="chart" data-testid={testId}>
      <div className="chart-canvas bars" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={40 + 30 * items.length}>
          <BarChart data={items.map((i) => ({ label: i.label, p: i.probability }))} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#d8dce3" horizontal={false} />
            <XAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
            <YAxis type="category" dataKey="label" width={48} interval={0} />
            <Tooltip formatter={(value) => (typeof value === 'number' ? `${(100 * value).toFixed(1)}%` : String(value))} />
            <Bar dataKey="p" name="probability" fill="#1d5fd1" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <ol className="bar-list">
          {items.map((i) => (
            <li key={i.label}>
              {i.label}: {(100 * i.probability).toFixed(1)}%
            </li>
          ))}
        </ol>
      </figcaption>
    </figure>
  );
}
