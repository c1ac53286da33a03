// Lesson 2's training widget: the corpus, the settings with what they cost, Train, and the loss curves.

import type { LessonTrainer } from '../../client/useTrainer';
import { megabytes } from '../../lib/memoryBudget';
import { BackendBadge } from '../../ui/BackendBadge';
import { CorpusPicker } from '../../ui/CorpusPicker';
import { chartPoints, LossChart } from '../../ui/LossChart';
import { NumberField } from '../../ui/NumberField';
import { formatSeconds, ProgressBar } from '../../ui/ProgressBar';
import { RunControls } from '../../ui/RunControls';
import type { Word2vecApi, Word2vecConfig } from './api';
import { FAST_DEFAULTS, FULL_DEFAULTS, NOTEBOOK_EPOCH_LOSSES, WINDOWS, type Word2vecState } from './meta';
import type { Word2vecRun } from './useWord2vecRun';

const fmtInt = (n: number) => Math.round(n).toLocaleString('en');
/** The chart's batch axis ticked at the ends of epochs, ten ticks at most. */
const epochTicks = (epochs: number, perEpoch: number) => {
  const every = Math.ceil(epochs / 10);
  const ticks = Array.from({ length: Math.floor(epochs / every) + 1 }, (_, i) => i * every * perEpoch);
  if (ticks.at(-1) !== epochs * perEpoch) ticks.push(epochs * perEpoch);
  return ticks;
};

const CORPUS_CHOICES = [
  { value: 'wikitext', label: 'WikiText-2, train split (10.8 MB download)' },
  { value: 'sotu', label: 'State of the Union addresses (from this site)' },
] as const;

export function TrainWidget({
  trainer,
  run: w2v,
  state,
  setState,
}: {
  trainer?: LessonTrainer<Word2vecApi>;
  run: Word2vecRun;
  state: Word2vecState;
  setState: (patch: Partial<Word2vecState>) => void;
}) {
  const { corpus, corpusLoad, trained, pausing, setPausing, training, backend, chooseBackend, reset, plan, setPlan, planError, loadPretrained } = w2v;
  const { run, progress } = training;
  const epochs = trained ? trained.config.epochs + trained.extraEpochs : state.epochs;
  const totalSteps = trained ? trained.plan.batchesPerEpoch * epochs : 0;
  const perEpoch = trained?.plan.batchesPerEpoch ?? plan?.batchesPerEpoch ?? 93;
  const series = [
    { name: 'loss per batch', points: chartPoints(training.history.steps), color: '#1d5fd1' },
    { name: 'mean per epoch', points: training.history.epochs.map((e) => ({ x: (e.epoch + 1) * perEpoch, y: e.loss })), color: '#b3261e' },
    ...((trained?.config.mode ?? state.mode) === 'full'
      ? [{ name: 'notebook (mean per epoch)', points: NOTEBOOK_EPOCH_LOSSES.map((y, e) => ({ x: (e + 1) * perEpoch, y })), dashed: true, color: '#8a93a3' }]
      : []),
  ];
  const editable = run === 'idle';

  return (
    <section className="widget" aria-labelledby="train-heading">
      <h3 id="train-heading">Word2vec in your browser</h3>
      <BackendBadge info={backend} onChoose={chooseBackend} disabled={run === 'running'} />
      <CorpusPicker
        ids={{ menu: 'w2v-corpus', file: 'w2v-file' }}
        label="Corpus"
        choices={CORPUS_CHOICES}
        choice={state.corpus}
        onChoose={(choice) => {
          setState({ corpus: choice });
          setPlan(undefined);
        }}
        loader={corpusLoad}
        kept={trained ? 'The model trained before is kept.' : undefined}
        disabled={!trainer}
        editable={editable}
        accept=".txt,.tokens,text/plain"
        tokenizing="cleaning and tokenizing"
      />
      {corpus && (
        <p data-testid="w2v-corpus-info">
          <strong>{corpus.name}</strong>: {fmtInt(corpus.paragraphs)} paragraphs, {fmtInt(corpus.tokens)} tokens
          {corpus.fromCache ? ' (from the browser cache)' : ''}.
        </p>
      )}
      <fieldset className="field-row" disabled={!editable}>
        <legend>Model and training</legend>
        <div className="field">
          <label htmlFor="w2v-mode">Mode</label>
          <select
            id="w2v-mode"
            value={state.mode}
            onChange={(e) => {
              const mode = e.target.value as Word2vecConfig['mode'];
              setState({ mode, ...(mode === 'full' ? FULL_DEFAULTS : FAST_DEFAULTS) });
            }}
          >
            <option value="full">full softmax (the notebook)</option>
            <option value="fast">fast: negative sampling</option>
          </select>
        </div>
        <NumberField id="w2v-min-freq" label="min_freq" min={1} value={state.minFreq} fallback={50} onChange={(v) => setState({ minFreq: v })} />
        <NumberField id="w2v-dim" label="D" min={2} max={1024} value={state.dim} fallback={300} onChange={(v) => setState({ dim: v })} />
        <div className="field">
          <label htmlFor="w2v-window">Window</label>
          <select id="w2v-window" value={state.window} onChange={(e) => setState({ window: Number(e.target.value) })}>
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </div>
        <NumberField id="w2v-batch" label="Batch" min={1} value={state.batch} fallback={20000} onChange={(v) => setState({ batch: v })} />
        <NumberField id="w2v-epochs" label="Epochs" min={1} max={100} value={state.epochs} fallback={7} onChange={(v) => setState({ epochs: v })} />
        <NumberField
          id="w2v-lr"
          label="Learning rate"
          min={0}
          step={0.01}
          value={state.learningRate}
          fallback={0.1}
          onChange={(v) => setState({ learningRate: v })}
        />
        {state.mode === 'fast' && (
          <>
            <NumberField id="w2v-k" label="Noise words k" min={1} max={50} value={state.negatives} fallback={5} onChange={(v) => setState({ negatives: v })} />
            <NumberField
              id="w2v-t"
              label="Subsampling t"
              min={0}
              step={0.0001}
              value={state.subsample}
              fallback={0.001}
              onChange={(v) => setState({ subsample: v })}
            />
          </>
        )}
        <NumberField id="w2v-seed" label="Seed" min={0} value={state.seed} fallback={0} onChange={(v) => setState({ seed: v })} />
      </fieldset>
      {plan && editable && (
        <p data-testid="w2v-plan">
          V = {fmtInt(plan.vocabSize)} · {fmtInt(plan.examples)} examples · {fmtInt(plan.batchesPerEpoch)} batches an epoch
          {state.mode === 'full' ? ` (in chunks of ${fmtInt(plan.chunk)}${plan.pairs ? ', through V × V matrices: P = E Cᵀ once a batch' : ''})` : ''} · memory
          about {megabytes(plan.peakBytes)} · about {formatSeconds(plan.seconds)} on {backend?.name.toUpperCase() ?? 'this backend'}{' '}
          {plan.timed ? '(timed from a batch here; the progress bar measures as it runs)' : '(a rough estimate; the progress bar measures)'}.
          {state.mode === 'full' && plan.seconds > 600 ? ' Fast mode (Mode: fast) gives good neighbours in a minute or two.' : ''}
        </p>
      )}
      {editable &&
        plan?.warnings.map((w) => (
          <p key={w} className="message warn">
            {w}
          </p>
        ))}
      {planError && <p className="message error">{planError}</p>}
      {!corpus && editable && <p className="muted">Train loads the chosen corpus first.</p>}
      <RunControls
        training={training}
        disabled={!trainer}
        onPause={() => {
          setPausing(true);
          void trainer?.pause();
        }}
        onReset={() => void reset()}
      />
      {!trained && run === 'idle' && (
        <p>
          <button type="button" onClick={() => void loadPretrained()} disabled={!trainer || training.busy}>
            Load a ready-trained model instead
          </button>{' '}
          <span className="muted">
            (the notebook's 7 epochs of full softmax on WikiText-2, trained by this project's own script, not in your browser; 3.2 MB)
          </span>
        </p>
      )}
      {trained?.pretrained && (
        <p className="message info" data-testid="w2v-pretrained">
          Ready-trained, not in this browser: {trained.pretrained}
        </p>
      )}
      {run === 'done' && trained && (
        <p className="muted">
          The notebook's schedule ends at its starting learning rate divided by the number of epochs; “{training.more?.label}” goes on at that rate (
          {Number((trained.config.learningRate / trained.config.epochs).toPrecision(2))}).
        </p>
      )}
      {pausing && run === 'running' && <p role="status">Pausing at the end of this batch…</p>}
      {progress && (
        <>
          <ProgressBar
            step={progress.step}
            totalSteps={progress.totalSteps || totalSteps}
            examplesPerSecond={progress.examplesPerSecond}
            secondsLeft={run === 'running' ? progress.secondsLeft : Number.NaN}
            unit="centre words"
          />
          <p className="muted" data-testid="w2v-epoch">
            epoch {Math.min((progress.epoch ?? 0) + 1, epochs)} of {epochs}
          </p>
        </>
      )}
      <LossChart title="CBOW training loss" xLabel="batch" yLabel="loss (nats)" series={series} xTicks={epochTicks(epochs, perEpoch)} />
      {training.history.epochs.length > 0 && (
        <table className="numbers" aria-label="Mean loss per epoch">
          <thead>
            <tr>
              <th scope="col">epoch</th>
              <th scope="col">mean loss</th>
              {(trained?.config.mode ?? 'full') === 'full' && <th scope="col">notebook</th>}
            </tr>
          </thead>
          <tbody>
            {training.history.epochs.map((p, e) => (
              <tr key={e}>
                <td>{e + 1}</td>
                <td>{p.loss.toFixed(3)}</td>
                {(trained?.config.mode ?? 'full') === 'full' && <td>{NOTEBOOK_EPOCH_LOSSES[e]?.toFixed(3) ?? '–'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
