// Lesson 9's widgets: the book, training with its curves and samples, writing, the attention maps of every
// layer and head, and the race against Lesson 6's LSTM.

import { useState } from 'react';
import type { LessonTrainer } from '../../client/useTrainer';
import { BackendBadge } from '../../ui/BackendBadge';
import { CorpusPicker } from '../../ui/CorpusPicker';
import { download } from '../../ui/download';
import { Heatmap } from '../../ui/Heatmap';
import { chartPoints, LossChart } from '../../ui/LossChart';
import { LossMeaning, perplexity } from '../../ui/LossMeaning';
import { fitsInMemory, MemoryNote } from '../../ui/MemoryNote';
import { NumberField } from '../../ui/NumberField';
import { formatSeconds, ProgressBar } from '../../ui/ProgressBar';
import { RunControls } from '../../ui/RunControls';
import { SamplingFields } from '../../ui/SamplingFields';
import type { GptApi } from './api';
import { GPT_FIELDS, GPT_RECIPE, GPT_SMALLER, type GptState, type GptTrainConfig, gptTrainingBytes, PYTORCH_REFERENCE } from './meta';
import type { GptRun } from './useGptRun';

export interface GptWidgetProps {
  trainer?: LessonTrainer<GptApi>;
  run: GptRun;
  state: GptState;
  setState: (patch: Partial<GptState>) => void;
}

/** A character as a readable label: space and newline made visible. */
const shown = (ch: string) => (ch === ' ' ? '␣' : ch === '\n' ? '↵' : ch === '\t' ? '⇥' : ch);

const BOOK_CHOICES = [
  { value: 'shakespeare', label: "Tiny Shakespeare (1.1 MB download, Karpathy's input.txt)" },
  { value: 'war-and-peace', label: 'Tolstoy, War and Peace (3.3 MB download, Project Gutenberg #2600)' },
] as const;

export function GptBookWidget({ trainer, run: gpt, state, setState }: GptWidgetProps) {
  const { book, bookLoad, training } = gpt;
  const editable = training.run === 'idle';
  return (
    <section className="widget" aria-labelledby="gpt-book-heading">
      <h3 id="gpt-book-heading">The book</h3>
      <CorpusPicker
        ids={{ menu: 'gpt-book', file: 'gpt-file' }}
        label="Book"
        choices={BOOK_CHOICES}
        choice={state.book}
        onChoose={(choice) => setState({ book: choice })}
        loader={bookLoad}
        disabled={!trainer}
        editable={editable}
        tokenizing="reading the characters"
      />
      {book && (
        <p data-testid="gpt-book">
          <strong>{book.name}</strong>: {book.chars.toLocaleString('en')} characters, {book.vocab} different ones; the first 90 % to train on (
          {book.trainChars.toLocaleString('en')}), the rest to validate ({book.validationChars.toLocaleString('en')})
          {book.fromCache ? ', from this browser’s cache' : ''}.
        </p>
      )}
      {!book && editable && <p className="muted">Train loads the chosen book first.</p>}
    </section>
  );
}

type NumericKey = Exclude<keyof GptTrainConfig, never>;
const SETTINGS: [NumericKey, string, string][] = [
  ['layers', 'gpt-layers', 'Layers'],
  ['heads', 'gpt-heads', 'Heads'],
  ['width', 'gpt-width', 'Width D'],
  ['context', 'gpt-context', 'Context T'],
  ['batch', 'gpt-batch', 'Batch'],
  ['steps', 'gpt-steps', 'Steps'],
  ['learningRate', 'gpt-lr', 'Learning rate'],
  ['minLearningRate', 'gpt-min-lr', 'Final learning rate'],
  ['warmup', 'gpt-warmup', 'Warm-up steps'],
  ['weightDecay', 'gpt-decay', 'Weight decay'],
  ['seed', 'gpt-seed', 'Seed'],
];

export function GptTrainWidget({ trainer, run: gpt, state, setState }: GptWidgetProps) {
  const { trained, training, backend, chooseBackend, reset, estimate, config, book, bookLoad, validation, sample, engine } = gpt;
  const loading = bookLoad.loading;
  // The book's characters once it is loaded; until then, about Tiny Shakespeare's.
  const memory = gptTrainingBytes(config, book?.vocab ?? 65);
  const { run, progress } = training;
  const editable = run === 'idle';
  const onShakespeare = (trained?.corpusName ?? book?.name ?? '') === 'Tiny Shakespeare';
  const series = [
    { name: 'training loss (one batch)', points: chartPoints(training.history.steps), color: '#8aa6d8' },
    { name: 'validation loss', points: validation.map((v) => ({ x: v.step, y: v.loss })), color: '#b3261e' },
    ...(onShakespeare
      ? [
          {
            name: 'PyTorch, this recipe (validation)',
            points: PYTORCH_REFERENCE.validation.map((p) => ({ x: p.step, y: p.loss })),
            dashed: true,
            color: '#8a93a3',
          },
        ]
      : []),
  ];
  const last = validation.at(-1);
  return (
    <section className="widget" aria-labelledby="gpt-train-heading">
      <h3 id="gpt-train-heading">Train it</h3>
      <BackendBadge info={backend} onChoose={chooseBackend} disabled={run === 'running'} />
      <fieldset className="field-row" disabled={!editable}>
        <legend>Model and training</legend>
        {SETTINGS.map(([key, id, label]) => (
          <NumberField
            key={key}
            id={id}
            label={label}
            min={GPT_FIELDS[key].min}
            max={GPT_FIELDS[key].max}
            step={key === 'learningRate' || key === 'minLearningRate' ? 0.0001 : key === 'weightDecay' ? 0.01 : undefined}
            value={state[key]}
            fallback={GPT_RECIPE[key]}
            onChange={(v) => setState({ [key]: v })}
          />
        ))}
      </fieldset>
      {!trained && <MemoryNote bytes={memory} smaller={GPT_SMALLER} />}
      {editable && !trained && book && fitsInMemory(memory) && (
        <p className="muted" data-testid="gpt-estimate">
          {estimate
            ? `${config.steps.toLocaleString('en')} steps take about ${formatSeconds(estimate.seconds)} on ${backend?.name.toUpperCase() ?? 'this backend'} here (${Math.round(
                (config.context * config.batch) / estimate.secondsPerStep,
              ).toLocaleString(
                'en',
              )} characters/s, timed from two steps, and ${formatSeconds(estimate.measureSeconds)} for each validation pass with its sample; PyTorch runs this recipe at about ${PYTORCH_REFERENCE.charsPerSecond.toLocaleString('en')} on one core of our test machine).${
                estimate.seconds > 600 ? ' Fewer steps, fewer layers or a narrower model make it quicker; the samples show progress long before the end.' : ''
              }`
            : 'Timing two steps to estimate how long training takes here…'}
        </p>
      )}
      <RunControls training={training} disabled={!trainer || loading !== undefined} onPause={() => void trainer?.pause()} onReset={() => void reset()} />
      {progress && trained && (
        <ProgressBar
          step={progress.step}
          totalSteps={trained.totalSteps}
          examplesPerSecond={progress.examplesPerSecond}
          secondsLeft={run === 'running' ? progress.secondsLeft : Number.NaN}
          unit="characters"
        />
      )}
      {trained?.parameters !== undefined && (
        <p className="muted">
          {trained.parameters.toLocaleString('en')} weights ({trained.config.layers} blocks of width {trained.config.width}, {trained.config.heads} heads).
        </p>
      )}
      {trained && engine && (
        <p className="muted" data-testid="gpt-engine">
          {engine.kernels
            ? `Each step runs in this site's own WebAssembly kernels (the whole forward pass, backward pass and AdamW in a few dozen calls) on ${engine.threads} thread${engine.threads > 1 ? 's' : ''}.`
            : `Each step runs as tfjs ops on ${backend?.name.toUpperCase() ?? 'the backend'}.`}
        </p>
      )}
      <ul className="stats" aria-live="polite">
        <li>
          validation loss <strong data-testid="gpt-validation">{last ? last.loss.toFixed(3) : '–'}</strong>
        </li>
        <li>
          perplexity <strong data-testid="gpt-perplexity">{last ? perplexity(last.loss).toFixed(2) : '–'}</strong>
        </li>
        <li>
          after <strong>{last ? `${last.step.toLocaleString('en')} steps, ${formatSeconds(last.seconds)}` : '–'}</strong> of training
        </li>
      </ul>
      <LossChart title="Loss per character" xLabel="step" yLabel="loss (nats)" series={series} />
      <LossMeaning loss={last?.loss} unit="character" vocab={book?.vocab} testId="gpt-loss-meaning" />
      {sample && (
        <>
          <p className="muted">What it wrote at step {sample.step.toLocaleString('en')}, from your prompt:</p>
          <pre className="sample" data-testid="gpt-sample" role="region" tabIndex={0} aria-label={`Sample at step ${sample.step}`}>
            <strong>{sample.prompt}</strong>
            {sample.text}
          </pre>
        </>
      )}
      {trained && run !== 'running' && (
        <button type="button" onClick={async () => download('tiny-gpt.json', await trainer!.lesson.export(), 'application/json')}>
          Export the weights (JSON)
        </button>
      )}
    </section>
  );
}

export function GptWriteWidget({ trainer, run: gpt, state, setState }: GptWidgetProps) {
  const { writing, writeError, write, trained, training, attention } = gpt;
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);
  const L = attention ? attention.maps.length : 0;
  const l = Math.min(layer, Math.max(0, L - 1));
  const h = attention ? Math.min(head, attention.heads - 1) : 0;
  const T = attention?.tokens.length ?? 0;
  return (
    <section className="widget" aria-labelledby="gpt-write-heading">
      <h3 id="gpt-write-heading">Let it write, and see where it looks</h3>
      <div className="field-row">
        <div className="field grow">
          <label htmlFor="gpt-prompt">Prompt</label>
          <textarea id="gpt-prompt" rows={2} maxLength={200} value={state.prompt} onChange={(e) => setState({ prompt: e.target.value })} />
        </div>
        <SamplingFields prefix="gpt" value={state} onChange={setState} />
        <button type="button" onClick={() => void write()} disabled={!trainer || !trained || training.run === 'running'}>
          Write
        </button>
      </div>
      {writeError && (
        <p className="message error" role="alert">
          {writeError}
        </p>
      )}
      {!trained && (
        <p className="muted">Train a model first: untrained, a GPT writes noise. While it trains, a sample of your prompt appears above every 100 steps.</p>
      )}
      {writing && (
        <pre className="sample" data-testid="gpt-writing" role="region" tabIndex={0} aria-label="What the model wrote" aria-busy={!writing.done}>
          <strong>{writing.prompt}</strong>
          {writing.text}
        </pre>
      )}
      {attention && (
        <>
          <fieldset className="field-row">
            <legend>Attention of the prompt's characters</legend>
            <div className="field">
              <label htmlFor="gpt-layer">Layer</label>
              <select id="gpt-layer" value={l} onChange={(e) => setLayer(Number(e.target.value))}>
                {attention.maps.map((_, i) => (
                  <option key={i} value={i}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="gpt-head">Head</label>
              <select id="gpt-head" value={h} onChange={(e) => setHead(Number(e.target.value))}>
                {Array.from({ length: attention.heads }, (_, i) => (
                  <option key={i} value={i}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
          <Heatmap
            values={attention.maps[l].slice(h * T * T, (h + 1) * T * T)}
            rows={T}
            cols={T}
            caption={`Layer ${l + 1}, head ${h + 1}: how much each character (row) reads each one before it (column)`}
            rowLabels={attention.tokens.map(shown)}
            colLabels={attention.tokens.map(shown)}
            range={1}
            sequential
            showValues={T <= 12}
            testId="gpt-attention"
          />
        </>
      )}
    </section>
  );
}
