// Lesson 5's sweep widget: the settings, Run and Stop, and the accuracy per length, RNN against LSTM.

import type { LessonTrainer } from '../../client/useTrainer';
import type { BackendChoice, BackendInfo } from '../../train/types';
import { BackendBadge } from '../../ui/BackendBadge';
import { LossChart } from '../../ui/LossChart';
import { fitsInMemory, MemoryNote } from '../../ui/MemoryNote';
import { NumberField } from '../../ui/NumberField';
import { formatSeconds } from '../../ui/ProgressBar';
import type { LstmApi } from './api';
import { CELLS, type CellKind, NAMES, NOTEBOOK_RNN_ACCURACY, SWEEP_LENGTHS, SWEEP_SMALLER, type SweepState, sweepTrainingBytes } from './meta';
import type { MemorySweepRun } from './useMemorySweep';

export function SweepWidget({
  trainer,
  run,
  backend,
  chooseBackend,
  state,
  setState,
  workerError,
}: {
  trainer?: LessonTrainer<LstmApi>;
  run: MemorySweepRun;
  workerError?: string;
  backend?: BackendInfo;
  chooseBackend: (choice: BackendChoice) => void;
  state: SweepState;
  setState: (patch: Partial<SweepState>) => void;
}) {
  const { points, now, running, sweepError, sweepNote, sweep, resumable, estimate, secondsLeft } = run;
  const memory = sweepTrainingBytes(state);
  const left = (estimate?.models ?? []).filter((m) => !resumable || !points.some((p) => p.cell === m.cell && p.length === m.length));
  const seconds = left.reduce((sum, m) => sum + m.seconds, 0);
  const series = [
    ...CELLS.map((cell) => ({
      name: `${NAMES[cell]} (yours)`,
      points: points.filter((p) => p.cell === cell).map((p) => ({ x: p.length, y: p.accuracy })),
      color: cell === 'rnn' ? '#b3261e' : '#1d5fd1',
    })),
    { name: 'RNN (notebook)', points: SWEEP_LENGTHS.map((L, i) => ({ x: L, y: NOTEBOOK_RNN_ACCURACY[i] })), dashed: true, color: '#d08a84' },
    { name: 'LSTM (notebook)', points: SWEEP_LENGTHS.map((L) => ({ x: L, y: 1 })), dashed: true, color: '#8aa6d8' },
  ];

  return (
    <section className="widget" aria-labelledby="sweep-heading">
      <h3 id="sweep-heading">The sweep: L = 4, 6, …, 18</h3>
      <BackendBadge info={backend} onChoose={chooseBackend} disabled={running} />
      <div className="field-row">
        <NumberField
          id="mem-vocab"
          label="V (numbers 0…V−1)"
          min={20}
          max={2048}
          value={state.vocab}
          fallback={512}
          disabled={running}
          onChange={(v) => setState({ vocab: v })}
        />
        <NumberField
          id="mem-hidden"
          label="Hidden size"
          min={1}
          max={256}
          value={state.hidden}
          fallback={32}
          disabled={running}
          onChange={(v) => setState({ hidden: v })}
        />
        <NumberField
          id="mem-epochs"
          label="Epochs"
          min={1}
          max={1000}
          value={state.epochs}
          fallback={100}
          disabled={running}
          onChange={(v) => setState({ epochs: v })}
        />
        <NumberField
          id="mem-lr"
          label="Learning rate"
          min={0.000001}
          max={10}
          step={0.01}
          value={state.learningRate}
          fallback={0.1}
          disabled={running}
          onChange={(v) => setState({ learningRate: v })}
        />
        <NumberField id="mem-seed" label="Seed" min={0} value={state.seed} fallback={0} disabled={running} onChange={(v) => setState({ seed: v })} />
      </div>
      {!running && <MemoryNote bytes={memory} smaller={SWEEP_SMALLER} />}
      <div className="controls" role="group" aria-label="Sweep controls">
        {running ? (
          <button type="button" className="primary" onClick={() => void trainer?.pause()}>
            Stop
          </button>
        ) : resumable ? (
          <>
            <button type="button" className="primary" onClick={() => void sweep(true)} disabled={!trainer}>
              Continue the sweep ({SWEEP_LENGTHS.length * CELLS.length - points.length} models left)
            </button>
            <button type="button" onClick={() => void sweep()} disabled={!trainer}>
              Start again
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={() => void sweep()} disabled={!trainer}>
            Start the sweep
          </button>
        )}
      </div>
      <p className="progress-text" aria-live="polite" data-testid="sweep-status">
        {now
          ? `Training the ${NAMES[now.cell]} at L = ${now.length}: epoch ${now.epoch + 1} of ${now.epochs}, loss ${now.loss.toFixed(3)}${
              Number.isFinite(secondsLeft) ? `; about ${formatSeconds(secondsLeft)} left` : ''
            }`
          : (sweepNote ?? `${SWEEP_LENGTHS.length * CELLS.length} models to train, one per length and cell; each point appears as soon as its model is done.`)}
      </p>
      {!running && fitsInMemory(memory) && (
        <p className="note" data-testid="sweep-estimate">
          {estimate
            ? `On ${backend?.name.toUpperCase() ?? 'this backend'} here the ${left.length} models ${resumable ? 'left ' : ''}(${state.epochs} epochs each) take about ${formatSeconds(
                seconds,
              )} (timed from a few epochs of the longest models).${seconds > 120 ? ' Fewer epochs or a smaller V make it quicker.' : ''}`
            : 'Timing a few epochs to estimate how long the sweep takes here…'}
        </p>
      )}
      {sweepError && (
        <p className="message error" role="alert">
          {sweepError}
        </p>
      )}
      {workerError && (
        <p className="message error" role="alert">
          {workerError}
        </p>
      )}
      <LossChart title="Accuracy of the last step" xLabel="L" yLabel="accuracy" series={series} yDomain={[0, 1]} xTicks={SWEEP_LENGTHS} />
      <div className="table-scroll">
        <table className="numbers" data-testid="sweep-table">
          <caption className="visually-hidden">Last-step accuracy per length, yours and the notebook's</caption>
          <thead>
            <tr>
              <th scope="col">L</th>
              <th scope="col">RNN</th>
              <th scope="col">LSTM</th>
              <th scope="col">RNN (notebook)</th>
              <th scope="col">LSTM (notebook)</th>
            </tr>
          </thead>
          <tbody>
            {SWEEP_LENGTHS.map((L, i) => {
              const of = (cell: CellKind) => points.find((p) => p.cell === cell && p.length === L);
              return (
                <tr key={L}>
                  <td>{L}</td>
                  {CELLS.map((cell) => (
                    <td key={cell}>{of(cell)?.accuracy.toFixed(3) ?? '–'}</td>
                  ))}
                  <td>{NOTEBOOK_RNN_ACCURACY[i].toFixed(3)}</td>
                  <td>1.000</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
