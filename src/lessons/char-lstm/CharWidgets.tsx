// Lesson 6's widgets: the book, and the model in training with its curves.

import { CHAR_SMALLER, charTrainingBytes } from '../../models/charLstmConfig';
import { BackendBadge } from '../../ui/BackendBadge';
import { CorpusPicker } from '../../ui/CorpusPicker';
import { download } from '../../ui/download';
import { chartPoints, LossChart } from '../../ui/LossChart';
import { LossMeaning, perplexity } from '../../ui/LossMeaning';
import { fitsInMemory, MemoryNote } from '../../ui/MemoryNote';
import { NumberField } from '../../ui/NumberField';
import { formatSeconds, ProgressBar } from '../../ui/ProgressBar';
import { RunControls } from '../../ui/RunControls';
import { CHAR_FIELDS, CHAR_SETTINGS, NOTEBOOK_VALIDATION } from './meta';
import type { CharWidgetProps } from './useCharRun';

const BOOK_CHOICES = [
  { value: 'war-and-peace', label: 'Tolstoy, War and Peace (3.3 MB download, Project Gutenberg #2600)' },
  { value: 'moby-dick', label: 'Melville, Moby-Dick (1.2 MB, from this site)' },
] as const;

export function BookWidget({ trainer, run: chars, state, setState }: CharWidgetProps) {
  const { book, bookLoad, training } = chars;
  return (
    <section className="widget" aria-labelledby="book-heading">
      <h3 id="book-heading">The book</h3>
      <CorpusPicker
        ids={{ menu: 'char-book', file: 'char-file' }}
        label="Book"
        choices={BOOK_CHOICES}
        choice={state.book}
        onChoose={(book) => setState({ book })}
        loader={bookLoad}
        disabled={!trainer}
        editable={training.run === 'idle'}
        tokenizing="reading the characters"
      />
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
          <pre className="sample" role="region" tabIndex={0} aria-label={`The opening of ${book.name}`}>
            {book.opening}
          </pre>
        </>
      )}
    </section>
  );
}

export function CharTrainWidget({ trainer, run: chars, state, setState }: CharWidgetProps) {
  const { config, book, bookLoad, trained, training, backend, chooseBackend, reset, estimate, loadPretrained } = chars;
  const { run, progress } = training;
  const editable = run === 'idle';
  // The book's characters once it is loaded; until then, about War and Peace's.
  const memory = charTrainingBytes({ ...config, vocab: book?.vocab ?? 90 });
  const charsPerStep = (trained?.config ?? config).window * (trained?.config ?? config).batch;
  const trainChars = book?.trainChars ?? 0;
  // The notebook's epochs, placed at the step where this run has read as many characters; only those this run reaches.
  const stepsInRun = trained?.config.steps ?? config.steps;
  const notebookEpochs =
    trainChars > 0 && (book?.name ?? '').startsWith('War and Peace')
      ? NOTEBOOK_VALIDATION.map((y, e) => ({ x: Math.round(((e + 1) * trainChars) / charsPerStep), y }))
      : [];
  const notebookPoints = notebookEpochs.filter((p) => p.x <= stepsInRun);
  const series = [
    { name: 'training loss (one batch)', points: chartPoints(training.history.steps), color: '#8aa6d8' },
    { name: 'validation loss', points: chartPoints(training.history.validation), color: '#b3261e' },
    ...(notebookPoints.length > 0
      ? [{ name: 'notebook validation (end of each epoch, a larger model)', points: notebookPoints, dashed: true, color: '#8a93a3' }]
      : []),
  ];
  const lastValidation = training.history.validation.at(-1);

  return (
    <section className="widget" aria-labelledby="char-train-heading">
      <h3 id="char-train-heading">Train it</h3>
      <BackendBadge info={backend} onChoose={chooseBackend} disabled={run === 'running'} />
      <fieldset className="field-row" disabled={!editable}>
        <legend>Model and training</legend>
        {CHAR_SETTINGS.map(([key, id, label]) => (
          <NumberField
            key={key}
            id={id}
            label={label}
            min={CHAR_FIELDS[key].min}
            max={CHAR_FIELDS[key].max}
            step={key === 'learningRate' ? 0.001 : undefined}
            value={state[key]}
            fallback={CHAR_FIELDS[key].default}
            onChange={(v) => setState({ [key]: v })}
          />
        ))}
      </fieldset>
      {!trained && <MemoryNote bytes={memory} smaller={CHAR_SMALLER} />}
      <RunControls
        training={training}
        disabled={!trainer || bookLoad.loading !== undefined}
        onPause={() => void trainer?.pause()}
        onReset={() => void reset()}
      />
      {!trained && run === 'idle' && (
        <p>
          <button type="button" onClick={() => void loadPretrained()} disabled={!trainer || training.busy}>
            Load a ready-trained model instead
          </button>{' '}
          <span className="muted">(trained for 20 minutes on War and Peace by this project's own script, not in your browser)</span>
        </p>
      )}
      {trained?.pretrained && (
        <p className="message info" data-testid="char-pretrained">
          Ready-trained, not in this browser: {trained.pretrained}
        </p>
      )}
      {!trained && book && fitsInMemory(memory) && (
        <p className="muted" data-testid="char-estimate">
          {estimate
            ? `${config.steps.toLocaleString('en')} steps take about ${formatSeconds(estimate.seconds)} on ${backend?.name.toUpperCase() ?? 'this backend'} here (${Math.round(
                (config.window * config.batch) / estimate.secondsPerStep,
              ).toLocaleString('en')} characters/s, timed from three steps of this model; the validation points and samples add a little).${
                estimate.seconds > 600 ? ' Fewer steps, or a smaller model, make it quicker.' : ''
              }`
            : 'Timing a few steps to estimate how long training takes here…'}
        </p>
      )}
      {progress && trained && (
        <ProgressBar
          step={progress.step}
          totalSteps={trained.config.steps}
          examplesPerSecond={progress.examplesPerSecond}
          secondsLeft={progress.secondsLeft}
          unit="characters"
        />
      )}
      <ul className="stats" aria-live="polite">
        <li>
          validation loss <strong data-testid="char-validation">{lastValidation ? lastValidation.loss.toFixed(3) : '–'}</strong>
        </li>
        <li>
          perplexity <strong data-testid="char-perplexity">{lastValidation ? perplexity(lastValidation.loss).toFixed(2) : '–'}</strong>
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
      <LossMeaning loss={lastValidation?.loss} unit="character" vocab={book?.vocab} testId="char-loss-meaning" />
      {notebookEpochs.length > 0 && (
        <p className="muted">
          The notebook's first epoch ends, in characters read, at step {notebookEpochs[0].x.toLocaleString('en')} of this run, with a validation loss of{' '}
          {NOTEBOOK_VALIDATION[0]}; after seven epochs it reaches {NOTEBOOK_VALIDATION[6]}.
        </p>
      )}
      {trained && (
        <button type="button" onClick={() => void trainer?.lesson.export().then((json) => download('char-lstm.json', json, 'application/json'))}>
          Export the weights (JSON)
        </button>
      )}
    </section>
  );
}
