// Lesson 10's learning: the text, the settings, Learn / Stop, the merges as they happen, the reader's sentence
// re-cut as the vocabulary grows, tokens per word against the vocabulary, and the notebook's figures beside ours.

import type { LessonTrainer } from '../../client/useTrainer';
import { CorpusPicker } from '../../ui/CorpusPicker';
import { LossChart } from '../../ui/LossChart';
import { NumberField } from '../../ui/NumberField';
import { ProgressBar } from '../../ui/ProgressBar';
import { RunControls } from '../../ui/RunControls';
import { TokenChips } from '../../ui/TokenChips';
import type { BpeApi } from './api';
import { LearnedFigures } from './LearnedFigures';
import { BPE_FIELDS, type BpeState } from './meta';
import type { BpeRun } from './useBpeRun';

const CORPUS_CHOICES = [
  { value: 'wikitext', label: 'WikiText-2, train split, cleaned as Project II does (10.8 MB download)' },
  { value: 'shakespeare', label: 'Tiny Shakespeare (1.1 MB download)' },
  { value: 'war-and-peace', label: 'Tolstoy, War and Peace (3.3 MB download)' },
] as const;

/** A symbol as the page shows it: `</w>` as a small marker. */
export const shownSymbol = (symbol: string) => symbol.replace('</w>', '_');

export function LearnWidget({
  trainer,
  run: bpe,
  state,
  setState,
}: {
  trainer?: LessonTrainer<BpeApi>;
  run: BpeRun;
  state: BpeState;
  setState: (patch: Partial<BpeState>) => void;
}) {
  const { corpusLoad, corpus, training, recent, cut, symbols, reset } = bpe;
  const { run, progress } = training;
  const editable = run === 'idle';
  const start = symbols ?? corpus?.symbols ?? 0;
  const curve = training.history.steps.map((p) => ({ x: start + p.step, y: p.loss }));
  return (
    <section className="widget" aria-labelledby="bpe-learn-heading">
      <h3 id="bpe-learn-heading">Learn a vocabulary</h3>
      <CorpusPicker
        ids={{ menu: 'bpe-corpus', file: 'bpe-file' }}
        label="Text"
        choices={CORPUS_CHOICES}
        choice={state.corpus}
        onChoose={(choice) => setState({ corpus: choice })}
        loader={corpusLoad}
        kept={run !== 'idle' ? 'The vocabulary learned before is kept.' : undefined}
        disabled={!trainer}
        editable={editable}
        tokenizing="splitting it into words"
      >
        {corpus && (
          <p data-testid="bpe-corpus">
            <strong>{corpus.name}</strong>
            {corpus.projectII ? ', cleaned as the Project II notebook does,' : ''} has {corpus.words.toLocaleString('en')} words,{' '}
            {corpus.distinctWords.toLocaleString('en')} of them different, written with {(corpus.symbols - 1).toLocaleString('en')} starting symbols
            {corpus.fromCache ? ' (from the browser cache)' : ''}.
          </p>
        )}
      </CorpusPicker>
      <fieldset className="field-row" disabled={!editable}>
        <legend>Learning</legend>
        <NumberField
          id="bpe-merges"
          label="Merges"
          value={state.merges}
          fallback={BPE_FIELDS.merges.default}
          min={BPE_FIELDS.merges.min}
          max={BPE_FIELDS.merges.max}
          onChange={(merges) => setState({ merges })}
        />
        <div className="field">
          <label htmlFor="bpe-align">Round the vocabulary up to a multiple of 64</label>
          <select id="bpe-align" value={state.align} onChange={(e) => setState({ align: e.target.value as 'yes' | 'no' })}>
            <option value="yes">yes, as the notebook does</option>
            <option value="no">no</option>
          </select>
        </div>
        <NumberField
          id="bpe-min-frequency"
          label="Stop below this count"
          value={state.minFrequency}
          fallback={BPE_FIELDS.minFrequency.default}
          min={BPE_FIELDS.minFrequency.min}
          max={BPE_FIELDS.minFrequency.max}
          onChange={(minFrequency) => setState({ minFrequency })}
        />
      </fieldset>
      <RunControls
        training={training}
        disabled={!trainer || corpusLoad.loading !== undefined}
        onPause={() => void trainer?.pause()}
        onReset={() => void reset()}
        labels={{ train: 'Learn', pause: 'Stop' }}
      />
      {progress && progress.totalSteps > 0 && (
        <ProgressBar
          step={progress.step}
          totalSteps={progress.totalSteps}
          examplesPerSecond={progress.examplesPerSecond}
          secondsLeft={progress.secondsLeft}
          unit="merges"
        />
      )}
      <div className="field">
        <label htmlFor="bpe-sentence">A sentence to cut as the vocabulary grows</label>
        <input id="bpe-sentence" type="text" value={state.sentence} maxLength={300} onChange={(e) => setState({ sentence: e.target.value })} />
      </div>
      {cut && (
        <div data-testid="bpe-sentence-tokens">
          <p className="muted">
            After {(progress?.step ?? 0).toLocaleString('en')} merges, {cut.tokens.length} tokens ( _ ends a word):
          </p>
          <TokenChips tokens={cut.tokens.map(shownSymbol)} unknown={cut.tokens.map((t) => t === '</unk>')} label="The sentence in the vocabulary so far" />
        </div>
      )}
      {recent.length > 0 && (
        <div className="table-scroll">
          <table className="numbers" data-testid="bpe-merges">
            <caption>The latest merges: the most frequent pair of neighbouring symbols becomes one symbol</caption>
            <thead>
              <tr>
                <th scope="col">Merge</th>
                <th scope="col">Pair</th>
                <th scope="col">Count</th>
                <th scope="col">New symbol</th>
              </tr>
            </thead>
            <tbody>
              {recent
                .slice(-10)
                .reverse()
                .map((m) => (
                  <tr key={m.rule}>
                    <td>{(m.rule + 1).toLocaleString('en')}</td>
                    <td>
                      <code>{shownSymbol(m.pair[0])}</code> + <code>{shownSymbol(m.pair[1])}</code>
                    </td>
                    <td>{m.count.toLocaleString('en')}</td>
                    <td>
                      <code>{shownSymbol(m.symbol)}</code>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
      {curve.length > 0 && (
        <LossChart
          title="Tokens per word against the vocabulary"
          xLabel="vocabulary size"
          yLabel="tokens per word"
          series={[{ name: 'tokens per word of the whole text', points: curve, color: '#1d5fd1' }]}
        />
      )}
      <LearnedFigures run={bpe} />
    </section>
  );
}
