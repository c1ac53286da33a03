// Lesson 4's training widget: the notebook's recipe in fields, Train, the loss per batch and per epoch, and the accuracy.

import type { LessonTrainer } from '../../client/useTrainer';
import { BackendBadge } from '../../ui/BackendBadge';
import { LossChart } from '../../ui/LossChart';
import { MemoryNote } from '../../ui/MemoryNote';
import { NumberField } from '../../ui/NumberField';
import { ProgressBar } from '../../ui/ProgressBar';
import { RunControls } from '../../ui/RunControls';
import type { CountingApi, CountingConfig } from './api';
import { COUNTING_SMALLER, countingTrainingBytes, NOTEBOOK_LOSSES, NOTEBOOK_RECIPE } from './meta';
import type { CountingRun } from './useCountingRun';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function CountingTrainWidget({
  trainer,
  run: counting,
  state,
  setState,
}: {
  trainer?: LessonTrainer<CountingApi>;
  run: CountingRun;
  state: CountingConfig;
  setState: (patch: Partial<CountingConfig>) => void;
}) {
  const { trained, accuracy, training, backend, chooseBackend, reset } = counting;
  const { run, progress } = training;
  const items = Math.max(0, state.vocab - state.length);
  const editable = run === 'idle';
  const perEpoch = trained?.stepsPerEpoch ?? 1;
  const epochPoints = training.history.epochs.map((e) => ({ x: e.epoch + 1, y: e.loss }));
  const lastEpoch = epochPoints.at(-1);
  const series = [
    { name: 'mean loss per epoch', points: epochPoints, color: '#b3261e' },
    { name: 'loss per batch', points: training.history.steps.map((p) => ({ x: p.step / perEpoch, y: p.loss })), color: '#1d5fd1' },
    { name: 'notebook', points: NOTEBOOK_LOSSES.map((e) => ({ x: e.epoch, y: e.loss })), dashed: true, color: '#8a93a3' },
  ];

  return (
    <section className="widget" aria-labelledby="train-heading">
      <h3 id="train-heading">Train it</h3>
      <BackendBadge info={backend} onChoose={chooseBackend} disabled={run === 'running'} />
      <div className="field-row">
        <NumberField
          id="count-vocab"
          label="V (numbers 0…V−1)"
          min={4}
          max={1024}
          value={state.vocab}
          fallback={128}
          disabled={!editable}
          onChange={(v) => setState({ vocab: v })}
        />
        <NumberField
          id="count-length"
          label="L (sequence length)"
          min={1}
          max={64}
          value={state.length}
          fallback={6}
          disabled={!editable}
          onChange={(v) => setState({ length: v })}
        />
        <NumberField
          id="count-hidden"
          label="Hidden size"
          min={1}
          max={256}
          value={state.hidden}
          fallback={32}
          disabled={!editable}
          onChange={(v) => setState({ hidden: v })}
        />
        <NumberField
          id="count-batch"
          label="Batch"
          min={1}
          max={1024}
          value={state.batch}
          fallback={61}
          disabled={!editable}
          onChange={(v) => setState({ batch: v })}
        />
        <NumberField
          id="count-epochs"
          label="Epochs"
          min={1}
          max={2000}
          value={state.epochs}
          fallback={25}
          disabled={!editable}
          onChange={(v) => setState({ epochs: v })}
        />
        <NumberField
          id="count-lr"
          label="Learning rate"
          min={0.000001}
          max={10}
          step={0.01}
          value={state.learningRate}
          fallback={0.1}
          disabled={!editable}
          onChange={(v) => setState({ learningRate: v })}
        />
        <NumberField id="count-seed" label="Seed" min={0} value={state.seed} fallback={0} disabled={!editable} onChange={(v) => setState({ seed: v })} />
      </div>
      {editable && (
        <p className="muted">
          {items} items, {Math.floor(items / Math.max(1, state.batch))} batches an epoch (a last, short batch is dropped),{' '}
          {Math.floor(items / Math.max(1, state.batch)) * state.epochs} steps in all.{' '}
          <button type="button" className="link-button" onClick={() => setState(NOTEBOOK_RECIPE)}>
            Back to the notebook's recipe
          </button>
        </p>
      )}
      {editable && <MemoryNote bytes={countingTrainingBytes(state)} smaller={COUNTING_SMALLER} />}
      <RunControls training={training} disabled={!trainer} onPause={() => void trainer?.pause()} onReset={() => void reset()} />
      {run === 'done' && trained && (
        <p className="muted">
          The notebook's schedule ends at its starting learning rate divided by the number of epochs; “{training.more?.label}” goes on at that rate (
          {Number((trained.config.learningRate / trained.config.epochs).toPrecision(2))}).
        </p>
      )}
      {progress && trained && (
        <ProgressBar
          step={progress.step}
          totalSteps={trained.totalSteps}
          examplesPerSecond={progress.examplesPerSecond}
          secondsLeft={progress.secondsLeft}
          unit="sequences"
        />
      )}
      <ul className="stats" aria-live="polite">
        <li>
          epoch{' '}
          <strong data-testid="count-epoch">{trained ? `${training.history.epochs.length} of ${trained.totalSteps / trained.stepsPerEpoch}` : '–'}</strong>
        </li>
        <li>
          loss, last epoch <strong data-testid="count-loss">{lastEpoch ? lastEpoch.y.toFixed(3) : '–'}</strong>
        </li>
        <li>
          right predictions <strong data-testid="count-accuracy">{accuracy ? `${accuracy.correct} of ${accuracy.total}` : '–'}</strong>
        </li>
        <li>
          accuracy <strong>{accuracy ? pct(accuracy.accuracy) : '–'}</strong>
        </li>
      </ul>
      <LossChart title="Training loss" xLabel="epoch" yLabel="loss" series={series} />
      <p className="muted">
        The dashed line is the loss the notebook printed (5.032 after the first epoch, 0.0879 after the last). Your curve differs in the details, because the
        random start and the shuffling differ, but not in shape.
      </p>
    </section>
  );
}
