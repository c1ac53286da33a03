import type { RnnComparison } from '../models/compare';

const fmtDiff = (x: number) => (x === 0 ? '0' : x.toExponential(1));

/**
 * The notebook's "allclose" check, live: a button that runs it again with new weights, and a table giving,
 * for each case, the output shape and the largest |difference| between the hand-written network and
 * tfjs's `layer` (`compared`: what was compared), within `tolerance` or not.
 */
export function AllcloseCheck({
  check,
  seed,
  layer,
  compared = 'all outputs and the last state',
  onAgain,
  disabled,
  tolerance = 1e-5,
  testId,
}: {
  check: RnnComparison | undefined;
  seed: number;
  layer: string;
  compared?: string;
  onAgain: () => void;
  disabled?: boolean;
  tolerance?: number;
  testId?: string;
}) {
  const again = (
    <button type="button" onClick={onAgain} disabled={disabled}>
      Check again with new weights
    </button>
  );
  if (!check) return again;
  const rows = [
    ['a fresh sequence (zero state)', check.fresh, check.shapes.fresh],
    ['a continuation from the returned state', check.continuation, check.shapes.continuation],
    ['a batch of 4', check.batch, check.shapes.batch],
  ] as const;
  return (
    <>
      {again}
      <div className="table-scroll">
        <table className="numbers" data-testid={testId}>
          <caption>
            Largest absolute difference, hand-written against <code>{layer}</code> ({compared}; weights from seed {seed})
          </caption>
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
    </>
  );
}
