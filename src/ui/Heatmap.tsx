/** The colour of `value` on a blue (negative) - white - red (positive) scale, saturating at |value| = range. */
export function divergingColour(value: number, range: number): string {
  const t = Math.max(-1, Math.min(1, range > 0 ? value / range : 0));
  const [r, g, b] = t < 0 ? [29, 95, 209] : [179, 38, 30];
  const mix = (c: number) => Math.round(255 + (c - 255) * Math.abs(t));
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

const fmt = (v: number) => (Math.abs(v) < 0.005 ? '0' : v.toFixed(2));

/**
 * A matrix [rows, cols] (row-major) as a table of coloured cells. The numbers are always in the table for
 * screen readers and shown in the cells when `showValues`; the caption names it and gives its shape.
 */
export function Heatmap({
  values,
  rows,
  cols,
  caption,
  rowLabels,
  colLabels,
  range,
  showValues = true,
  testId,
}: {
  values: ArrayLike<number>;
  rows: number;
  cols: number;
  caption: string;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  range?: number;
  showValues?: boolean;
  testId?: string;
}) {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  const scale = range ?? (max || 1);
  return (
    <div className="table-scroll">
      <table className={`heatmap${showValues ? '' : ' heatmap-compact'}`} data-testid={testId}>
        <caption>
          {caption} <span className="muted">[{rows === 1 ? cols : `${rows} × ${cols}`}]</span>
        </caption>
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
                  <td key={j} style={{ background: divergingColour(v, scale), color: Math.abs(v) / scale > 0.6 ? '#fff' : '#111' }} title={v.toFixed(4)}>
                    {showValues ? fmt(v) : <span className="visually-hidden">{fmt(v)}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
