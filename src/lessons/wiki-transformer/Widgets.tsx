// Lesson 12's widgets: the pipeline from WikiText-2 to a token stream, and the transformer in training with its
// curves beside the notebook's, its time estimate and what it writes along the way.

import type { LessonTrainer } from '../../client/useTrainer';
import { BackendBadge } from '../../ui/BackendBadge';
import { CorpusPicker } from '../../ui/CorpusPicker';
import { chartPoints, LossChart } from '../../ui/LossChart';
import { LossMeaning } from '../../ui/LossMeaning';
import { fitsInMemory, MemoryNote } from '../../ui/MemoryNote';
import { NumberField } from '../../ui/NumberField';
import { formatSeconds, ProgressBar } from '../../ui/ProgressBar';
import { RunControls } from '../../ui/RunControls';
import type { WikiApi, WikiConfig } from './api';
import { LAPTOP, NOTEBOOK, NOTEBOOK_RESULTS, WIKI_FIELDS, WIKI_SMALLER, type WikiState, wikiTrainingBytes } from './meta';
import type { WikiRun } from './useWikiRun';

export interface WikiWidgetProps {
  trainer?: LessonTrainer<WikiApi>;
  run: WikiRun;
  state: WikiState;
  setState: (patch: Partial<WikiState>) => void;
}

const CORPUS_CHOICES = [{ value: 'wikitext', label: 'WikiText-2, train split, cleaned as the notebook does (10.8 MB download)' }] as const;
const n = (x: number) => x.toLocaleString('en');

export function WikiDataWidget({ trainer, run, state, setState }: WikiWidgetProps) {
  const { corpus, corpusLoad, training } = run;
  return (
    <section className="widget" aria-labelledby="wiki-data-heading">
      <h3 id="wiki-data-heading">From Wikipedia to tokens</h3>
      <CorpusPicker
        ids={{ menu: 'wiki-corpus', file: 'wiki-file' }}
        label="Text"
        choices={CORPUS_CHOICES}
        choice={state.corpus}
        onChoose={(corpus) => setState({ corpus })}
        loader={corpusLoad}
        disabled={!trainer}
        editable={training.run === 'idle' || training.run === 'done' || training.run === 'paused'}
        tokenizing="learning 6,000 merges and cutting the words into tokens"
        kept={run.model ? 'The model is kept.' : undefined}
      />
      <div className="field">
        <label htmlFor="wiki-rules">BPE rules</label>
        <select id="wiki-rules" value={state.rules} onChange={(e) => setState({ rules: e.target.value as WikiState['rules'] })}>
          <option value="learn">learned here: Lesson 10's BPE, 6,000 merges on this text</option>
          <option value="model">the model's own (the ready-trained model's, or the one restored)</option>
        </select>
      </div>
      {corpus ? (
        <ol className="pipeline" data-testid="wiki-pipeline">
          <li>
            <strong>{corpus.name}</strong>
            {corpus.fromCache ? ', from this browser’s cache' : ''}: {n(corpus.words)} words after the cleaning.
          </li>
          <li>
            The series' BPE {corpus.rules === 'learned' ? `learned here in ${corpus.seconds.toFixed(1)} s` : 'of the model held'}: {n(corpus.merges)} merges, a
            vocabulary of <strong data-testid="wiki-vocab">{n(corpus.vocab)}</strong> symbols.
          </li>
          <li>
            <strong data-testid="wiki-tokens">{n(corpus.tokens)}</strong> tokens in one stream: the first 90 % to train on ({n(corpus.train)}), the last 10 % to
            validate on ({n(corpus.validation)}).
          </li>
        </ol>
      ) : (
        <p className="muted">Train loads WikiText-2 first (Lesson 2 and Lesson 10 read the same file: it may come from this browser's cache).</p>
      )}
    </section>
  );
}

type Key = Exclude<keyof WikiConfig, never>;
const SETTINGS: [Key, string, string][] = [
  ['layers', 'wiki-layers', 'Blocks'],
  ['heads', 'wiki-heads', 'Heads'],
  ['width', 'wiki-width', 'Width D'],
  ['ff', 'wiki-ff', 'MLP width'],
  ['context', 'wiki-context', 'Context T'],
  ['batch', 'wiki-batch', 'Batch'],
  ['steps', 'wiki-steps', 'Steps'],
  ['learningRate', 'wiki-lr', 'Learning rate'],
  ['minLearningRate', 'wiki-min-lr', 'Final learning rate'],
  ['warmup', 'wiki-warmup', 'Warm-up steps'],
  ['seed', 'wiki-seed', 'Seed'],
];

export function WikiTrainWidget({ trainer, run, state, setState }: WikiWidgetProps) {
  const { model, training, backend, chooseBackend, reset, estimate, config, corpus, corpusLoad, validation, sample, engine } = run;
  const memory = wikiTrainingBytes(config, corpus?.vocab);
  const { run: runState, progress } = training;
  const editable = runState === 'idle';
  const lastStep = Math.max(model?.totalSteps ?? config.steps, training.history.steps.at(-1)?.step ?? 0);
  const best = Math.min(...NOTEBOOK_RESULTS.validation);
  const series = [
    { name: 'training loss (one batch)', points: chartPoints(training.history.steps), color: '#8aa6d8' },
    { name: 'validation loss', points: validation.map((v) => ({ x: v.step, y: v.loss })), color: '#b3261e' },
    {
      name: `the notebook's best validation loss (${best}, 3 epochs on a GPU)`,
      points: [
        { x: 0, y: best },
        { x: lastStep, y: best },
      ],
      dashed: true,
      color: '#8a93a3',
    },
  ];
  const last = validation.at(-1);
  const preset = (c: WikiConfig) => setState({ ...c, batch: Math.min(c.batch, LAPTOP.batch * 4) });
  return (
    <section className="widget" aria-labelledby="wiki-train-heading">
      <h3 id="wiki-train-heading">Train it</h3>
      <BackendBadge info={backend} onChoose={chooseBackend} disabled={runState === 'running'} />
      <div className="field-row">
        <button type="button" disabled={!editable} onClick={() => preset(LAPTOP)}>
          The laptop's model
        </button>
        <button type="button" disabled={!editable} onClick={() => preset(NOTEBOOK)}>
          The notebook's model (batch 64)
        </button>
      </div>
      <fieldset className="field-row" disabled={!editable}>
        <legend>Model and training</legend>
        {SETTINGS.map(([key, id, label]) => (
          <NumberField
            key={key}
            id={id}
            label={label}
            min={WIKI_FIELDS[key].min}
            max={WIKI_FIELDS[key].max}
            step={key === 'learningRate' || key === 'minLearningRate' ? 0.0001 : undefined}
            value={state[key]}
            fallback={LAPTOP[key]}
            onChange={(v) => setState({ [key]: v })}
          />
        ))}
      </fieldset>
      {!model && <MemoryNote bytes={memory} smaller={WIKI_SMALLER} />}
      {editable && !model && corpus && fitsInMemory(memory) && (
        <p className="muted" data-testid="wiki-estimate">
          {estimate
            ? `${n(config.steps)} steps take about ${formatSeconds(estimate.seconds)} here (${n(
                Math.round((config.context * config.batch) / estimate.secondsPerStep),
              )} tokens/s, timed from two steps, and ${formatSeconds(estimate.measureSeconds)} for each validation pass with its sample). The notebook's 13,827 steps of 512 windows took ${formatSeconds(NOTEBOOK_RESULTS.seconds)} on a GPU; at this speed they would take ${formatSeconds(
                (NOTEBOOK_RESULTS.stepsPerEpoch * 3 * NOTEBOOK.batch * NOTEBOOK.context * estimate.secondsPerStep) / (config.context * config.batch),
              )}.`
            : 'Timing two steps to estimate how long training takes here…'}
        </p>
      )}
      <RunControls
        training={training}
        disabled={!trainer || corpusLoad.loading !== undefined}
        onPause={() => void trainer?.pause()}
        onReset={() => void reset()}
      />
      {progress && model && (
        <ProgressBar
          step={progress.step}
          totalSteps={model.totalSteps}
          examplesPerSecond={progress.examplesPerSecond}
          secondsLeft={runState === 'running' ? progress.secondsLeft : Number.NaN}
          unit="tokens"
        />
      )}
      {model?.parameters !== undefined && (
        <p className="muted" data-testid="wiki-parameters">
          {n(model.parameters)} weights ({model.config.layers} blocks of width {model.config.width}, {model.config.heads} heads, an MLP of {model.config.ff}).
        </p>
      )}
      {model && engine && (
        <p className="muted">
          Each step runs in this site's own WebAssembly kernels on {engine.threads} thread{engine.threads > 1 ? 's' : ''}: the same engine as Lesson 9's GPT,
          with post-LN blocks, ReLU and fixed positions.
        </p>
      )}
      <ul className="stats" aria-live="polite">
        <li>
          validation loss <strong data-testid="wiki-validation">{last ? last.loss.toFixed(3) : '–'}</strong>
        </li>
        <li>
          perplexity <strong data-testid="wiki-perplexity">{last ? Math.exp(last.loss).toFixed(0) : '–'}</strong>
        </li>
        <li>
          after <strong>{last ? `${n(last.step)} steps, ${formatSeconds(last.seconds)}` : '–'}</strong> of training
        </li>
      </ul>
      <LossChart title="Loss per token" xLabel="step" yLabel="loss (nats)" series={series} />
      <LossMeaning loss={last?.loss} unit="token" vocab={model?.vocab ?? corpus?.vocab} testId="wiki-loss-meaning" />
      {sample && (
        <>
          <p className="muted">What it wrote at step {n(sample.step)} from your prompt (top-p 0.95, temperature 0.7, as the notebook samples):</p>
          <p className="sample" data-testid="wiki-sample" role="region" tabIndex={0} aria-label={`Sample at step ${sample.step}`}>
            {sample.text}
          </p>
        </>
      )}
    </section>
  );
}
