// Lesson 7's widgets: training both models with their curves and accuracy by length, and the attention weights
// of the reader's own sequence.

import type { LessonTrainer } from '../../client/useTrainer';
import { BackendBadge } from '../../ui/BackendBadge';
import { Heatmap } from '../../ui/Heatmap';
import { LossChart } from '../../ui/LossChart';
import { fitsInMemory, MemoryNote } from '../../ui/MemoryNote';
import { NumberField } from '../../ui/NumberField';
import { formatSeconds, ProgressBar } from '../../ui/ProgressBar';
import { RunControls } from '../../ui/RunControls';
import type { AttentionApi, Variant } from './api';
import { ATTENTION_DEFAULTS, ATTENTION_FIELDS, ATTENTION_SMALLER, type AttentionState, attentionTrainingBytes, EVAL_LENGTHS, MAX_PROBE } from './meta';
import type { AttentionRun } from './useAttentionRun';

const COLOURS: Record<Variant, string> = { with: '#1d5fd1', without: '#b3261e' };
const NAMES: Record<Variant, string> = { with: 'with attention', without: 'without attention' };
const pct = (x: number) => `${Math.round(100 * x)}%`;

type NumericKey = Exclude<keyof AttentionState, 'probe'>;
const SETTINGS: [NumericKey, string, string][] = [
  ['vocab', 'attn-vocab', 'V (numbers 0…V−1)'],
  ['hidden', 'attn-hidden', 'Hidden size'],
  ['embed', 'attn-embed', 'Embedding size'],
  ['minLength', 'attn-min-length', 'Shortest length'],
  ['maxLength', 'attn-max-length', 'Longest length'],
  ['batch', 'attn-batch', 'Batch'],
  ['steps', 'attn-steps', 'Steps'],
  ['learningRate', 'attn-lr', 'Learning rate'],
  ['seed', 'attn-seed', 'Seed'],
];

export function AttentionTrainWidget({
  trainer,
  run: attn,
  state,
  setState,
}: {
  trainer?: LessonTrainer<AttentionApi>;
  run: AttentionRun;
  state: AttentionState;
  setState: (patch: Partial<AttentionState>) => void;
}) {
  const { trained, evaluations, training, backend, chooseBackend, reset, estimate, config } = attn;
  const memory = attentionTrainingBytes(config);
  const { run, progress } = training;
  const editable = run === 'idle';
  const last = evaluations.at(-1);
  const lossSeries = (['with', 'without'] as const).map((v) => ({
    name: NAMES[v],
    points: evaluations.filter((e) => e.step > 0).map((e) => ({ x: e.step, y: e.loss[v] })),
    color: COLOURS[v],
  }));
  const accuracySeries = (['with', 'without'] as const).map((v) => ({
    name: NAMES[v],
    points: last ? last.lengths.map((L, i) => ({ x: L, y: last.accuracy[v][i] })) : [],
    color: COLOURS[v],
  }));

  return (
    <section className="widget" aria-labelledby="attn-train-heading">
      <h3 id="attn-train-heading">Train both, side by side</h3>
      <BackendBadge info={backend} onChoose={chooseBackend} disabled={run === 'running'} />
      <fieldset className="field-row" disabled={!editable}>
        <legend>The task and the models</legend>
        {SETTINGS.map(([key, id, label]) => (
          <NumberField
            key={key}
            id={id}
            label={label}
            min={ATTENTION_FIELDS[key].min}
            max={ATTENTION_FIELDS[key].max}
            step={key === 'learningRate' ? 0.001 : undefined}
            value={state[key]}
            fallback={ATTENTION_DEFAULTS[key]}
            onChange={(v) => setState({ [key]: v })}
          />
        ))}
      </fieldset>
      {editable && !trained && <MemoryNote bytes={memory} smaller={ATTENTION_SMALLER} />}
      {editable && !trained && fitsInMemory(memory) && (
        <p className="muted" data-testid="attn-estimate">
          {estimate
            ? `${config.steps.toLocaleString('en')} steps of both models take about ${formatSeconds(estimate.seconds)} on ${
                backend?.name.toUpperCase() ?? 'this backend'
              } here (timed from a few steps; the measurements every 50 steps add a little).${
                estimate.seconds > 300 ? ' Fewer steps, a smaller hidden size or shorter sequences make it quicker.' : ''
              }`
            : 'Timing a few steps to estimate how long training takes here…'}
        </p>
      )}
      <RunControls training={training} disabled={!trainer} onPause={() => void trainer?.pause()} onReset={() => void reset()} />
      {progress && trained && (
        <ProgressBar
          step={progress.step}
          totalSteps={trained.totalSteps}
          examplesPerSecond={progress.examplesPerSecond}
          secondsLeft={run === 'running' ? progress.secondsLeft : Number.NaN}
          unit="sequences"
        />
      )}
      {trained?.parameters && (
        <p className="muted">
          {trained.parameters.with.toLocaleString('en')} weights with attention, {trained.parameters.without.toLocaleString('en')} without (the attentional
          layer reads the context and the state: twice the inputs).
        </p>
      )}
      <LossChart title="Training loss, mean since the last measurement" xLabel="step" yLabel="loss" series={lossSeries} />
      <LossChart
        title={`Accuracy by length${last ? ` after step ${last.step}` : ''}`}
        xLabel="length"
        yLabel="numbers right"
        series={accuracySeries}
        yDomain={[0, 1]}
        xTicks={last?.lengths ?? EVAL_LENGTHS}
      />
      <div className="table-scroll">
        <table className="numbers" data-testid="attn-accuracy">
          <caption>
            Reversals written right, by length{last ? ` (step ${last.step}, ${64} held-out sequences each)` : ''}: the share of output numbers that are right
          </caption>
          <thead>
            <tr>
              <th scope="col">length</th>
              <th scope="col">with attention</th>
              <th scope="col">without</th>
            </tr>
          </thead>
          <tbody>
            {(last?.lengths ?? EVAL_LENGTHS.filter((L) => L <= Math.max(state.maxLength, EVAL_LENGTHS[0]))).map((L, i) => (
              <tr key={L}>
                <td>{L}</td>
                <td>{last ? pct(last.accuracy.with[i]) : '–'}</td>
                <td>{last ? pct(last.accuracy.without[i]) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {last && last.step > 0 && <AccuracyVerdict lengths={last.lengths} accuracy={last.accuracy} />}
    </section>
  );
}

/** What the measurement says, in words that follow it. */
function AccuracyVerdict({ lengths, accuracy }: { lengths: number[]; accuracy: Record<Variant, number[]> }) {
  const i = lengths.length - 1;
  const gap = accuracy.with[i] - accuracy.without[i];
  return (
    <p data-testid="attn-verdict">
      At length {lengths[i]} the model with attention writes {pct(accuracy.with[i])} of the numbers right, the one without {pct(accuracy.without[i])}
      {gap > 0.1
        ? ': the single vector between encoder and decoder is the bottleneck, and attention goes around it.'
        : gap < -0.1
          ? ': here the model without attention is ahead, which happens early in training; watch the longer lengths as it goes on.'
          : ': so far they are close; the gap opens at the longer lengths as training goes on.'}
    </p>
  );
}

export function AttentionMapWidget({
  trainer,
  run: attn,
  state,
  setState,
}: {
  trainer?: LessonTrainer<AttentionApi>;
  run: AttentionRun;
  state: AttentionState;
  setState: (patch: Partial<AttentionState>) => void;
}) {
  const { probe, probeProblem, ask, askError, trained, training } = attn;
  const vocab = (trained?.config ?? state).vocab;
  const problem = probeProblem ?? askError;
  const right = (answers: number[]) => (probe ? answers.filter((a, t) => a === probe.sequence[probe.sequence.length - 1 - t]).length : 0);
  return (
    <section className="widget" aria-labelledby="attn-map-heading">
      <h3 id="attn-map-heading">Where the decoder looks</h3>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="attn-probe">Your sequence (numbers from 0 to {vocab - 1})</label>
          <input
            id="attn-probe"
            type="text"
            value={state.probe}
            maxLength={200}
            aria-invalid={problem ? true : undefined}
            aria-describedby="attn-probe-message"
            onChange={(e) => setState({ probe: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void ask();
            }}
          />
        </div>
        <button type="button" onClick={() => void ask()} disabled={!trainer || training.run === 'running'}>
          Reverse it
        </button>
      </div>
      <p id="attn-probe-message" className={problem ? 'message error' : 'muted'} role={problem ? 'alert' : undefined}>
        {problem ??
          (training.run === 'running'
            ? 'While the models train, this map refreshes with every measurement (every 50 steps).'
            : trained
              ? `Up to ${MAX_PROBE} numbers; press Enter or “Reverse it”.`
              : 'Train the models first: untrained, they answer at random.')}
      </p>
      {probe && (
        <>
          <dl className="answers" data-testid="attn-answers">
            <dt>reversed</dt>
            <dd>{[...probe.sequence].reverse().join(' ')}</dd>
            <dt>with attention</dt>
            <dd>
              {probe.answers.with.join(' ')} ({right(probe.answers.with)} of {probe.sequence.length} right)
            </dd>
            <dt>without</dt>
            <dd>
              {probe.answers.without.join(' ')} ({right(probe.answers.without)} of {probe.sequence.length} right)
            </dd>
          </dl>
          <Heatmap
            values={probe.weights}
            rows={probe.sequence.length}
            cols={probe.sequence.length}
            caption="Attention weights: output step (rows, with the number written) × input position (columns, with its number)"
            label="Attention weights, output step by input position"
            rowLabels={probe.answers.with.map((a, t) => `${t + 1}: ${a}`)}
            colLabels={probe.sequence.map(String)}
            range={1}
            sequential
            showValues={probe.sequence.length <= 12}
            testId="attn-heatmap"
          />
          <p className="muted">
            Each row sums to 1. Reversing, output step 1 should read the last input, step 2 the one before: a trained model draws the anti-diagonal, from top
            right to bottom left.
          </p>
        </>
      )}
    </section>
  );
}
