// Lesson 5's look inside the last models of the sweep: the RNN's hidden state against the LSTM's cell state
// and gates, step by step, on a sequence the reader picks.

import { useCallback, useState } from 'react';
import { errorText } from '../../client/errors';
import type { LessonTrainer } from '../../client/useTrainer';
import { Heatmap } from '../../ui/Heatmap';
import { NumberField } from '../../ui/NumberField';
import { Tex } from '../../ui/Tex';
import type { LstmApi, MemoryInside, MemorySweepPoint } from './api';
import { CELLS, type CellKind, NAMES } from './meta';

/** A [L, D_h] row-major matrix as [D_h, L]: one row per unit, one column per step. */
function unitsByStep(values: Float32Array, length: number, hidden: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let t = 0; t < length; t++) for (let u = 0; u < hidden; u++) out[u * length + t] = values[t * hidden + u];
  return out;
}

export function InsideWidget({ trainer, points, running }: { trainer?: LessonTrainer<LstmApi>; points: MemorySweepPoint[]; running: boolean }) {
  const lastLength = Math.max(0, ...points.map((p) => p.length));
  // Looking inside the last models
  const [item, setItem] = useState(5);
  const [inside, setInside] = useState<Partial<Record<CellKind, MemoryInside & { length: number; vocab: number }>>>({});
  const [insideError, setInsideError] = useState<string>();
  const lookInside = useCallback(async () => {
    if (!trainer) return;
    try {
      const next: Partial<Record<CellKind, MemoryInside & { length: number; vocab: number }>> = {};
      for (const cell of CELLS) if (points.some((p) => p.cell === cell)) next[cell] = await trainer.lesson.inspect(cell, item);
      setInside(next);
      setInsideError(undefined);
    } catch (error) {
      setInsideError(errorText(error));
    }
  }, [trainer, item, points]);

  return (
    <section className="widget" aria-labelledby="inside-heading">
      <h3 id="inside-heading">Where the memory lives</h3>
      <p>
        Look inside the last models the sweep trained{lastLength ? ` (L = ${lastLength})` : ''}: the RNN's hidden state, and the LSTM's cell state and forget
        gate, for one sequence. Watch for units of <Tex>{'c_t'}</Tex> that hold a value from the first step to the last while <Tex>{'f_t'}</Tex> stays near 1.
      </p>
      <div className="field-row">
        <NumberField
          id="mem-item"
          label="Sequence (its first number)"
          min={0}
          value={item}
          fallback={5}
          onChange={(v) => setItem(Math.max(0, Math.round(v)))}
        />
        <button type="button" onClick={() => void lookInside()} disabled={points.length === 0 || running}>
          Look inside
        </button>
      </div>
      {insideError && (
        <p className="message error" role="alert">
          {insideError}
        </p>
      )}
      <div className="step-grid">
        {CELLS.map((cell) => {
          const seen = inside[cell];
          if (!seen) return null;
          const hidden = seen.hidden.length / seen.length;
          const steps = seen.sequence.map(String);
          // Every map here is one row per unit and one column per step.
          const byStep = { rows: hidden, cols: seen.length, colLabels: steps, showValues: false };
          return (
            <div key={cell} data-testid={`inside-${cell}`}>
              <p>
                {NAMES[cell]} answers <strong>{seen.answer}</strong> ({(100 * seen.probability).toFixed(0)}%) for the first number of {seen.sequence[0]} …{' '}
                {seen.sequence[seen.length - 1]}{' '}
                <span className={seen.answer === seen.sequence[0] ? 'ok' : 'bad'}>{seen.answer === seen.sequence[0] ? '✓' : '✗'}</span>
              </p>
              <Heatmap
                caption={
                  <>
                    {NAMES[cell]}: hidden state <Tex>{'h_t'}</Tex>
                  </>
                }
                label={`${NAMES[cell]} hidden state`}
                values={unitsByStep(seen.hidden, seen.length, hidden)}
                {...byStep}
                range={1}
              />
              {seen.cell && (
                <Heatmap
                  caption={
                    <>
                      LSTM: cell state <Tex>{'c_t'}</Tex>
                    </>
                  }
                  label="LSTM cell state"
                  values={unitsByStep(seen.cell, seen.length, hidden)}
                  {...byStep}
                />
              )}
              {seen.gates && (
                <Heatmap
                  caption={
                    <>
                      LSTM: forget gate <Tex>{'f_t'}</Tex> (0 to 1)
                    </>
                  }
                  label="LSTM forget gate"
                  values={unitsByStep(seen.gates.forget, seen.length, hidden)}
                  {...byStep}
                  range={1}
                />
              )}
              {seen.gates && (
                <details>
                  <summary>The other gates: input, candidate, output</summary>
                  <Heatmap
                    caption={
                      <>
                        input gate <Tex>{'i_t'}</Tex>
                      </>
                    }
                    label="LSTM input gate"
                    values={unitsByStep(seen.gates.input, seen.length, hidden)}
                    {...byStep}
                    range={1}
                  />
                  <Heatmap
                    caption={
                      <>
                        candidate <Tex>{'g_t'}</Tex>
                      </>
                    }
                    label="LSTM candidate"
                    values={unitsByStep(seen.gates.candidate, seen.length, hidden)}
                    {...byStep}
                    range={1}
                  />
                  <Heatmap
                    caption={
                      <>
                        output gate <Tex>{'o_t'}</Tex>
                      </>
                    }
                    label="LSTM output gate"
                    values={unitsByStep(seen.gates.output, seen.length, hidden)}
                    {...byStep}
                    range={1}
                  />
                </details>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}
