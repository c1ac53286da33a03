import type { ReactNode } from 'react';
import type { RnnComparison } from '../train/api';

const fmtDiff = (x: number) => (x === 0 ? '0' : x.toExponential(1));

/** The notebook's "allclose" check as a table: for each case, the output shape and the largest |difference|, within `tolerance` or not. */
export function AllcloseTable({ check, caption, tolerance = 1e-5, testId }: { check: RnnComparison; caption: ReactNode; tolerance?: number; testId?: string }) {
  const rows = [
    ['a fresh sequence (zero state)', check.fresh, check.shapes.fresh],
    ['a continuation from the returned state', check.continuation, check.shapes.continuation],
    ['a batch of 4', check.batch, check.shapes.batch],
  ] as const;
  return (
    <div className="table-scroll">
    <table className="numbers" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">case</th>
          <th scope="col">output shape</th>
          <th scope="col">max |difference|</th>
          <th scope="col">within {tolerance.toExponential(0)}?</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, diff, shape]) => (
          <tr key={name}>
            <td>{name}</td>
            <td>[{shape.join(', ')}]</td>
            <td>{fmtDiff(diff)}</td>
            <td className={diff < tolerance ? 'ok' : 'bad'}>{diff < tolerance ? 'yes ✓' : 'no ✗'}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
