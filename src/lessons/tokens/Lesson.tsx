import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import { useUrlState } from '../../lib/urlState';
import type { BigramInfo, CorpusSummary, NextTokenPrediction } from './api';
import { useTrainer } from '../../client/useTrainer';
import { useLoad } from '../../client/useLoad';
import { useSavedModel, useTrainingRun } from '../../client/useTrainingRun';
import { BackendBadge } from '../../ui/BackendBadge';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { LoadProgressBar } from '../../ui/LoadProgressBar';
import { type ChartPoint, chartPoints, LossChart } from '../../ui/LossChart';
import { NumberField } from '../../ui/NumberField';
import { ProgressBar } from '../../ui/ProgressBar';
import { Tex } from '../../ui/Tex';
import { TokenChips } from '../../ui/TokenChips';
import { RunControls } from '../../ui/RunControls';
import { analyseText, type TextAnalysis } from './analysis';
import basicEnglishSource from './basicEnglish.ts?raw';
import bigramSource from './bigram.ts?raw';
import { MIN_FREQS } from './corpusStats';
import { TOKENS_FIELDS } from './meta';
import vocabSource from './vocab.ts?raw';
import { errorText } from '../../client/errors';

const DEFAULT_TEXT = 'My name is John. What is your name?';
const SOTU_NAME = 'State of the Union addresses';
/** Text up to this length is analysed on the page at once; longer text goes to the worker. */
const ON_PAGE_LIMIT = 20_000;
/** Chips and vocabulary entries shown at most. */
const SHOW_LIMIT = 300;

const fmtInt = (n: number) => n.toLocaleString('en');
const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 ? 2 : 1)} %`;

function useTextAnalysis(text: string, minFreq: number, probe: string, analyseInWorker: ((text: string) => Promise<TextAnalysis>) | undefined) {
  const [result, setResult] = useState<{ analysis?: TextAnalysis; pending: boolean; error?: string }>({ pending: false });
  const request = useRef(0);
  useEffect(() => {
    const id = ++request.current;
    if (text.length <= ON_PAGE_LIMIT) {
      setResult({ analysis: analyseText(text, { minFreq, probe, limit: SHOW_LIMIT }), pending: false });
      return;
    }
    if (!analyseInWorker) {
      setResult((old) => ({ ...old, pending: true }));
      return;
    }
    setResult((old) => ({ ...old, pending: true }));
    const timer = setTimeout(() => {
      analyseInWorker(text).then(
        (analysis) => id === request.current && setResult({ analysis, pending: false }),
        (error) => id === request.current && setResult({ pending: false, error: errorText(error) }),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [text, minFreq, probe, analyseInWorker]);
  return result;
}

function OneHot({ itos }: { itos: readonly string[] }) {
  const [chosen, setChosen] = useState(1);
  const index = Math.min(chosen, itos.length - 1);
  if (itos.length === 0) return null;
  const shown = itos.slice(0, 40);
  return (
    <div>
      <div className="field">
        <label htmlFor="onehot-token">Token to encode</label>
        <select id="onehot-token" value={index} onChange={(e) => setChosen(Number(e.target.value))}>
          {shown.map((token, i) => (
            <option key={i} value={i}>
              {i}: {token}
            </option>
          ))}
        </select>
      </div>
      <p>
        One-hot vector of “{itos[index]}” (V = {itos.length}
        {itos.length > shown.length ? `, first ${shown.length} shown` : ''}):
      </p>
      <ol className="onehot" aria-label={`One-hot vector of ${itos[index]}: a 1 at position ${index}, 0 at the other ${itos.length - 1} positions`}>
        {shown.map((token, i) => (
          <li key={i} className={i === index ? 'onehot-cell hot' : 'onehot-cell'} title={`${i}: ${token}`}>
            {i === index ? 1 : 0}
          </li>
        ))}
      </ol>
    </div>
  );
}

function CorpusChart({ summary }: { summary: CorpusSummary }) {
  const data = summary.curve.map((p) => ({ minFreq: p.minFreq, vocab: p.vocabSize, unk: 100 * p.unkShare }));
  const label = `Vocabulary size and share of <unk> tokens as min_freq goes from 1 to ${MIN_FREQS[MIN_FREQS.length - 1]}: ${summary.curve
    .map((p) => `min_freq ${p.minFreq}: V ${p.vocabSize}, ${pct(p.unkShare)} unknown`)
    .join('; ')}.`;
  return (
    <figure className="chart">
      <div className="chart-canvas" role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#d8dce3" />
            <XAxis dataKey="minFreq" scale="log" type="number" domain={[1, MIN_FREQS[MIN_FREQS.length - 1]]} ticks={[...MIN_FREQS]} label={{ value: 'min_freq', position: 'insideBottomRight', offset: -4 }} />
            <YAxis yAxisId="vocab" scale="log" domain={['auto', 'auto']} width={56} tickFormatter={(v: number) => fmtInt(v)} />
            <YAxis yAxisId="unk" orientation="right" domain={[0, 'auto']} width={44} tickFormatter={(v: number) => `${v.toFixed(0)}%`} />
            <Tooltip />
            <Legend />
            <Line yAxisId="vocab" dataKey="vocab" name="vocabulary size V" stroke="#1d5fd1" isAnimationActive={false} />
            <Line yAxisId="unk" dataKey="unk" name="share of <unk> (%)" stroke="#b3261e" strokeDasharray="6 4" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Vocabulary size by min_freq as a table</summary>
        <table className="numbers">
          <thead>
            <tr>
              <th scope="col">min_freq</th>
              <th scope="col">V (with &lt;unk&gt;)</th>
              <th scope="col">tokens that become &lt;unk&gt;</th>
            </tr>
          </thead>
          <tbody>
            {summary.curve.map((p) => (
              <tr key={p.minFreq}>
                <td>{p.minFreq}</td>
                <td>{fmtInt(p.vocabSize)}</td>
                <td>{pct(p.unkShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export default function TokensLesson() {
  const { trainer } = useTrainer();
  const [state, setState] = useUrlState(TOKENS_FIELDS);
  const [text, setText] = useState(DEFAULT_TEXT);

  const analyseInWorker = useMemo(
    () => (trainer ? (t: string) => trainer.analyseText(t, { minFreq: state.minFreq, probe: state.probe, limit: SHOW_LIMIT }) : undefined),
    [trainer, state.minFreq, state.probe],
  );
  const { analysis, pending, error: analysisError } = useTextAnalysis(text, state.minFreq, state.probe, analyseInWorker);

  // Corpus
  const { loaded: corpus, loading: corpusLoad, error: corpusError, load: loadCorpus } = useLoad<{ kind: 'sotu' } | { kind: 'file'; file: File }, CorpusSummary>(
    trainer &&
      ((source, onProgress) =>
        source.kind === 'sotu'
          ? trainer.loadCorpus({ kind: 'url', url: new URL('corpora/sotu.json', document.baseURI).href, name: SOTU_NAME, format: 'sotu-json' }, onProgress)
          : trainer.loadCorpus({ kind: 'file', file: source.file, name: source.file.name }, onProgress)),
  );
  const corpusPoint = corpus?.curve.find((p) => p.minFreq === state.corpusMinFreq) ?? corpus?.curve[0];

  // The training demo
  const [info, setInfo] = useState<BigramInfo>();
  const training = useTrainingRun({
    prepare: async () => {
      if (corpus) return true;
      // Without a corpus, Train loads the default one; a restored model trained on a file of the reader's needs it again.
      if (info && info.corpusName !== SOTU_NAME) {
        training.setError(`This model was trained on “${info.corpusName}”: pick that file (or another) in the corpus panel to go on training. Predictions work as they are.`);
        return false;
      }
      return Boolean(await loadCorpus({ kind: 'sotu' }));
    },
    create: async () => {
      if (!trainer) return false;
      setInfo(await trainer.bigramCreate({ vocabSize: state.vocabSize, dim: state.dim, batch: state.batch, learningRate: state.learningRate, steps: state.steps, seed: state.seed }));
    },
    trainSteps: (maxSteps, onProgress) => trainer!.bigramTrain(maxSteps, onProgress),
  });
  const { run, progress } = training;

  // A model trained before the last reload (or before a lost WebGL context) comes back from its checkpoint.
  const { backend, choose: chooseBackend, reset } = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.bigramRestore();
      if (!restored) return;
      setInfo(restored.info);
      const { vocabSize, dim, batch, learningRate, steps, seed } = restored.config;
      setState({ vocabSize, dim, batch, learningRate, steps, seed });
      training.restoredAt(
        { step: restored.step, totalSteps: restored.config.steps },
        `Restored the model you trained before (step ${fmtInt(restored.step)}, saved ${new Date(restored.savedAt).toLocaleString('en')}, trained on ${restored.corpusName}).`,
        { steps: restored.points },
      );
    },
    forget: async () => {
      await trainer?.bigramReset();
    },
    clearPage: () => {
      setInfo(undefined);
      setPrediction(undefined);
    },
  });

  const [predictWord, setPredictWord] = useState('the');
  const [prediction, setPrediction] = useState<NextTokenPrediction>();
  const predict = useCallback(async () => {
    if (!trainer) return;
    try {
      setPrediction(await trainer.bigramPredict(predictWord, 5));
    } catch (error) {
      training.setError(errorText(error));
    }
  }, [trainer, predictWord, training.setError]);

  const lastX = training.history.steps.at(-1)?.step ?? state.steps;
  const flat = (y: number): ChartPoint[] => [
    { x: 0, y },
    { x: Math.max(lastX, 1), y },
  ];
  const series = [
    { name: 'training loss', points: chartPoints(training.history.steps), color: '#1d5fd1' },
    ...(info
      ? [
          { name: 'knows nothing (ln V)', points: flat(info.uniformLoss), dashed: true, color: '#8a93a3' },
          { name: 'ignores the input (unigram entropy)', points: flat(info.unigramEntropy), dashed: true, color: '#b07a00' },
          { name: 'best bigram model', points: flat(info.bigramEntropy), dashed: true, color: '#0b6b3a' },
        ]
      : []),
  ];

  return (
    <article className="lesson">
      <p className="muted">Lesson 1 · follows Part I of the series</p>
      <h1>Tokens and vocabularies</h1>
      <p className="lead">
        A language model never sees letters or words. It sees numbers. This lesson is about the first step of every model in this course:
        cutting text into <em>tokens</em> and giving each token a number.
      </p>
      <p>
        Natural language processing covers many tasks. Some read a text and give back a label, such as whether a film review is positive
        (classification). Some turn one sequence into another, such as a sentence in English into one in French (sequence to sequence).
        And some continue a text that was started, one piece at a time (text generation), which is what the chat assistants of today do.
        All of them begin the same way: the text is split into pieces, and the pieces are turned into numbers that a network can compute
        with.
      </p>

      <h2>Splitting text into tokens</h2>
      <p>
        The simplest tokenizer splits at white space. It is easy to write, but it keeps punctuation glued to the words (“John.” and “John”
        become two different tokens) and it keeps capital letters, so “My” and “my” differ too. A better tokenizer lower-cases the text and
        cuts punctuation off as tokens of its own. The notebooks use torchtext's <code>basic_english</code>, which does just that with a
        short list of search-and-replace rules. Type anything below and compare.
      </p>
      <section className="widget" aria-labelledby="tokenizer-heading">
        <h3 id="tokenizer-heading">Try the tokenizers</h3>
        <div className="field">
          <label htmlFor="text">Your text</label>
          <textarea id="text" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
          <span className="muted" aria-live="polite">
            {fmtInt(text.length)} characters{text.length > ON_PAGE_LIMIT ? ' (long text is tokenized in the background worker)' : ''}
            {pending ? ' · tokenizing…' : ''}
          </span>
        </div>
        {text.trim().length === 0 && <p className="message info">The text is empty: type or paste something to see its tokens.</p>}
        {analysisError && <p className="message error">{analysisError}</p>}
        {analysis && (
          <div className="columns">
            <div>
              <h4>Split at white space ({fmtInt(analysis.naive.total)} tokens)</h4>
              <TokenChips label="Whitespace tokens" tokens={analysis.naive.items} total={analysis.naive.total} />
            </div>
            <div>
              <h4>basic_english ({fmtInt(analysis.tokens.total)} tokens)</h4>
              <TokenChips label="basic_english tokens" tokens={analysis.tokens.items} total={analysis.tokens.total} />
            </div>
          </div>
        )}
      </section>
      <p>This is the whole tokenizer, as this site runs it. The rules apply one after another, in this order:</p>
      <CodeExcerpt source={basicEnglishSource} name="BASIC_ENGLISH_RULES" file="src/lessons/tokens/basicEnglish.ts" />
      <CodeExcerpt source={basicEnglishSource} name="basicEnglish" file="src/lessons/tokens/basicEnglish.ts" />
      <p>
        Note the details: an apostrophe becomes a token of its own (“it's” gives <code>it ' s</code>), double quotes, colons and semicolons
        vanish, and only plain ASCII punctuation is handled, so curly quotes and emoji stay attached to their words. White space means
        Python's idea of it, which is not quite JavaScript's; the code spells it out so that both agree.
      </p>

      <h2>A vocabulary: tokens to numbers</h2>
      <p>
        A <em>vocabulary</em> lists the distinct tokens and numbers them. The simplest one takes each token in order of first appearance,
        as Python's <code>collections.Counter</code> keeps them. Encoding replaces every token by its number; decoding joins the tokens
        of a list of numbers back with spaces.
      </p>
      <p>
        torchtext builds its vocabulary differently: <em>special</em> tokens such as <code>&lt;unk&gt;</code> come first, then the tokens
        by how often they occur (ties in alphabetical order, by Unicode code point), and only tokens seen at least <code>min_freq</code>{' '}
        times. A token that is not in the vocabulary, because it was rare or never seen, becomes <code>&lt;unk&gt;</code>, “unknown”.
      </p>
      <section className="widget" aria-labelledby="vocab-heading">
        <h3 id="vocab-heading">Both vocabularies, built from your text above</h3>
        {analysis && (
          <div className="columns">
            <div>
              <h4>By first appearance ({fmtInt(analysis.firstSeen.itos.total)} entries)</h4>
              <TokenChips label="Vocabulary by first appearance, with ids" tokens={analysis.firstSeen.itos.items} ids={analysis.firstSeen.itos.items.map((_, i) => i)} total={analysis.firstSeen.itos.total} />
              <p>Your text encoded:</p>
              <TokenChips label="Tokens encoded with the first-appearance vocabulary" tokens={analysis.tokens.items} ids={analysis.firstSeen.ids} total={analysis.tokens.total} />
            </div>
            <div>
              <h4>
                As torchtext builds it ({fmtInt(analysis.torchtext.itos.total)} entries)
              </h4>
              <div className="field">
                <label htmlFor="min-freq">min_freq: keep tokens seen at least this often</label>
                <input id="min-freq" type="number" min={1} max={1000} value={state.minFreq} onChange={(e) => setState({ minFreq: Math.max(1, Math.min(1000, Math.floor(Number(e.target.value)) || 1)) })} />
              </div>
              <TokenChips label="torchtext vocabulary, with ids" tokens={analysis.torchtext.itos.items} ids={analysis.torchtext.itos.items.map((_, i) => i)} total={analysis.torchtext.itos.total} />
              <p>Your text encoded:</p>
              <TokenChips label="Tokens encoded with the torchtext vocabulary" tokens={analysis.tokens.items} ids={analysis.torchtext.ids} unknown={analysis.torchtext.ids.map((id) => id === 0)} total={analysis.tokens.total} />
            </div>
          </div>
        )}
        <div className="field">
          <label htmlFor="probe">Encode another sentence with the torchtext vocabulary</label>
          <input id="probe" type="text" value={state.probe} maxLength={300} onChange={(e) => setState({ probe: e.target.value })} />
        </div>
        {analysis && (
          <>
            <TokenChips label="Encoded sentence: tokens with ids, unknown tokens marked" tokens={analysis.probe.tokens} ids={analysis.probe.ids} unknown={analysis.probe.unknown} />
            <p>
              Decoded back: <code data-testid="decoded">{analysis.probe.decoded || '(nothing)'}</code>
            </p>
            {analysis.probe.unknown.some(Boolean) && (
              <p className="muted">
                Dashed tokens are not in the vocabulary: they are encoded as 0, <code>&lt;unk&gt;</code>, and what they were is lost.
              </p>
            )}
          </>
        )}
      </section>
      <CodeExcerpt source={vocabSource} name="buildVocabFromCounts" file="src/lessons/tokens/vocab.ts" />

      <h2>One-hot vectors, and why they are not enough</h2>
      <p>
        A network multiplies vectors by matrices, so a token id must become a vector. The plainest way is a <em>one-hot</em> vector: for
        token <Tex>{'i'}</Tex> of a vocabulary of size <Tex>{'V'}</Tex>, a vector of <Tex>{'V'}</Tex> numbers that are all zero except a
        single 1 at position <Tex>{'i'}</Tex>.
      </p>
      <section className="widget" aria-labelledby="onehot-heading">
        <h3 id="onehot-heading">A one-hot vector</h3>
        {analysis && analysis.torchtext.itos.items.length > 0 ? <OneHot itos={analysis.torchtext.itos.items} /> : <p className="muted">Type some text above first.</p>}
      </section>
      <p>This has two drawbacks. First, every pair of different words is exactly as far apart as every other pair:</p>
      <Tex display>{'\\cos(e_i, e_j) = \\frac{\\langle e_i, e_j \\rangle}{\\lVert e_i \\rVert \\, \\lVert e_j \\rVert} = 0, \\qquad \\lVert e_i - e_j \\rVert = \\sqrt{2} \\qquad (i \\neq j)'}</Tex>
      <p>
        so “king” is no closer to “queen” than to “banana”: the vectors carry no meaning. Second, they are huge. A vocabulary of a real
        corpus has tens of thousands of tokens
        {corpus ? (
          <>
            {' '}
            (the corpus loaded below has <strong>{fmtInt(corpus.curve[0].vocabSize)}</strong> at min_freq 1, so each one-hot vector has that
            many entries, all but one of them zero, and a batch of 1,000 tokens takes {((corpus.curve[0].vocabSize * 1000 * 4) / 2 ** 20).toFixed(0)} MB as 32-bit
            floats)
          </>
        ) : (
          ' (load a corpus below to see how many)'
        )}
        . Lesson 2 replaces them by short dense vectors that are learned, where similar words end up close together.
      </p>

      <h2>Vocabularies of a real corpus</h2>
      <p>
        On a real corpus the choice of <code>min_freq</code> is a trade: a low threshold keeps rare words and makes the vocabulary (and every
        layer that has one row per token) large; a high one makes it small but turns more of the text into <code>&lt;unk&gt;</code>. Load the
        State of the Union addresses of U.S. presidents from 1790 to 2021 (public domain, 11 MB, loaded only when you ask) or a text file
        of your own, and see the trade in numbers.
      </p>
      <section className="widget" aria-labelledby="corpus-heading">
        <h3 id="corpus-heading">Corpus</h3>
        <div className="field-row">
          <button type="button" onClick={() => loadCorpus({ kind: 'sotu' })} disabled={!trainer || corpusLoad !== undefined}>
            Load the State of the Union addresses
          </button>
          <div className="field">
            <label htmlFor="corpus-file">Or pick a text file</label>
            <input
              id="corpus-file"
              type="file"
              accept=".txt,text/plain"
              disabled={!trainer || corpusLoad !== undefined}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) loadCorpus({ kind: 'file', file });
                e.target.value = '';
              }}
            />
          </div>
        </div>
        {corpusLoad && <LoadProgressBar progress={corpusLoad} />}
        {corpusError && (
          <p className="message error" role="alert">
            {corpusError}
            {corpus ? ` The corpus loaded before (${corpus.name}) is still in use.` : ''}
          </p>
        )}
        {corpus && (
          <>
            <p>
              <strong data-testid="corpus-name">{corpus.name}</strong>
              {corpus.fromCache ? ' (from the browser cache)' : ''}
            </p>
            <ul className="stats">
              <li>
                <strong>{fmtInt(corpus.chars)}</strong> characters
              </li>
              <li>
                <strong>{fmtInt(corpus.documents)}</strong> documents
              </li>
              <li>
                <strong data-testid="corpus-tokens">{fmtInt(corpus.tokens)}</strong> tokens
              </li>
              <li>
                <strong>{fmtInt(corpus.distinct)}</strong> distinct tokens
              </li>
            </ul>
            <div className="field">
              <label htmlFor="corpus-min-freq">min_freq for this corpus</label>
              <select id="corpus-min-freq" value={corpusPoint?.minFreq} onChange={(e) => setState({ corpusMinFreq: Number(e.target.value) })}>
                {MIN_FREQS.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </div>
            {corpusPoint && (
              <p aria-live="polite">
                At min_freq {corpusPoint.minFreq} the vocabulary has <strong>{fmtInt(corpusPoint.vocabSize)}</strong> entries and{' '}
                <strong>{pct(corpusPoint.unkShare)}</strong> of the running text becomes <code>&lt;unk&gt;</code>.
              </p>
            )}
            <CorpusChart summary={corpus} />
            <h4>The most frequent tokens</h4>
            <div className="table-scroll">
              <table className="numbers" aria-label="Most frequent tokens">
                <thead>
                  <tr>
                    <th scope="col">id</th>
                    <th scope="col">token</th>
                    <th scope="col">count</th>
                    <th scope="col">share</th>
                  </tr>
                </thead>
                <tbody>
                  {corpus.top.map((row, i) => (
                    <tr key={row.token}>
                      <td>{i + 1}</td>
                      <td>
                        <code>{row.token}</code>
                      </td>
                      <td>{fmtInt(row.count)}</td>
                      <td>{pct(row.share)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted">Ids start at 1 because id 0 is <code>&lt;unk&gt;</code>.</p>
          </>
        )}
      </section>

      <h2>A first model that learns: the next token from the current one</h2>
      <p>
        To close the lesson, a glimpse of what comes next. The smallest language model guesses the next token from the current one alone
        (a <em>bigram</em> model). It multiplies the one-hot vector of the current token by a matrix <Tex>{'E'}</Tex> of size{' '}
        <Tex>{'V \\times D'}</Tex>, which simply picks row <Tex>{'i'}</Tex>, a <Tex>{'D'}</Tex>-dimensional vector for the token. A
        second matrix <Tex>{'W'}</Tex> turns that vector into one score per token, and softmax turns the scores into probabilities:
      </p>
      <Tex display>{'p(w_{t+1} \\mid w_t) = \\operatorname{softmax}\\left(e_{w_t}^\\top E\\, W\\right), \\qquad \\text{loss} = -\\frac{1}{B}\\sum_{b=1}^{B} \\ln p\\left(w^{(b)}_{t+1} \\mid w^{(b)}_t\\right)'}</Tex>
      <p>
        Training nudges <Tex>{'E'}</Tex> and <Tex>{'W'}</Tex> (with the Adam optimizer) to lower the cross-entropy loss on pairs of
        neighbouring tokens from the corpus. The dashed lines are yardsticks: <Tex>{'\\ln V'}</Tex> is the loss of a model that knows
        nothing, the unigram entropy is the best a model can do that ignores the current token, and the conditional entropy of the pairs
        is the best any bigram model can do on them. It runs in a background worker, so this page stays responsive.
      </p>
      <section className="widget" aria-labelledby="demo-heading">
        <h3 id="demo-heading">Train a bigram model on the corpus</h3>
        <BackendBadge info={backend} onChoose={chooseBackend} disabled={run === 'running'} />
        <div className="field-row">
          <NumberField id="vocab-size" label="Vocabulary size" min={10} max={20000} value={state.vocabSize} fallback={TOKENS_FIELDS.vocabSize.default} disabled={run !== 'idle'} onChange={(v) => setState({ vocabSize: v })} />
          <NumberField id="dim" label="Vector size D" min={2} max={256} value={state.dim} fallback={TOKENS_FIELDS.dim.default} disabled={run !== 'idle'} onChange={(v) => setState({ dim: v })} />
          <NumberField id="batch" label="Batch" min={1} max={4096} value={state.batch} fallback={TOKENS_FIELDS.batch.default} disabled={run !== 'idle'} onChange={(v) => setState({ batch: v })} />
          <NumberField id="lr" label="Learning rate" min={0.00001} max={1} step={0.001} value={state.learningRate} fallback={TOKENS_FIELDS.learningRate.default} disabled={run !== 'idle'} onChange={(v) => setState({ learningRate: v })} />
          <NumberField id="steps" label="Steps" min={1} max={100000} value={state.steps} fallback={TOKENS_FIELDS.steps.default} disabled={run !== 'idle'} onChange={(v) => setState({ steps: v })} />
          <NumberField id="seed" label="Seed" min={0} value={state.seed} fallback={TOKENS_FIELDS.seed.default} disabled={run !== 'idle'} onChange={(v) => setState({ seed: v })} />
        </div>
        {!corpus && run === 'idle' && <p className="muted">Train loads the State of the Union addresses if no corpus is loaded yet.</p>}
        <RunControls training={training} disabled={!trainer} onPause={() => void trainer?.pause()} onReset={() => void reset()} />
        {progress && <ProgressBar step={progress.step} totalSteps={progress.totalSteps} examplesPerSecond={progress.examplesPerSecond} secondsLeft={run === 'running' ? progress.secondsLeft : Number.NaN} unit="pairs" />}
        {info && (
          <p className="muted">
            {fmtInt(info.pairs)} pairs of neighbouring tokens, V = {fmtInt(info.vocabSize)}.
          </p>
        )}
        <LossChart title="Bigram training loss" xLabel="step" yLabel="loss (nats)" series={series} />
        <div className="field-row">
          <div className="field">
            <label htmlFor="predict-word">Which words follow…</label>
            <input id="predict-word" type="text" value={predictWord} maxLength={60} onChange={(e) => setPredictWord(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && predict()} />
          </div>
          <button type="button" onClick={predict} disabled={run === 'idle'}>
            Predict
          </button>
        </div>
        {prediction && (
          <div aria-live="polite">
            {!prediction.known && <p className="message warn">That word is not in the model's vocabulary: it is read as &lt;unk&gt;.</p>}
            <ol data-testid="prediction">
              {prediction.next.map((n) => (
                <li key={n.token}>
                  <code>{n.token}</code> {pct(n.probability)}
                </li>
              ))}
            </ol>
          </div>
        )}
      </section>
      <CodeExcerpt source={bigramSource} name="bigramLogits" file="src/lessons/tokens/bigram.ts" />

      <h2>Where this comes from</h2>
      <p>
        This lesson follows Part I of the series <a href={SERIES_URL}>“Mastering large language models”</a> and its{' '}
        <a href={NOTEBOOKS_URL}>notebooks</a>. The tokenizer and vocabulary here reproduce torchtext's exactly; the site's tests compare them
        with 40 tokenizer cases and 20 vocabulary cases made with PyTorch.
      </p>
    </article>
  );
}
