import { useCallback, useEffect, useMemo, useState } from 'react';
import { NOTEBOOKS_URL, SERIES_URL } from '../index';
import { useUrlState } from '../../lib/urlState';
import type { Word2vecConfig, Word2vecCorpusInfo, Word2vecNeighbours, Word2vecPlan } from './api';
import { useTrainer } from '../../client/useTrainer';
import { useLoad } from '../../client/useLoad';
import { useSavedModel, useTrainingRun } from '../../client/useTrainingRun';
import { download } from '../../ui/download';
import { BackendBadge } from '../../ui/BackendBadge';
import { CodeExcerpt } from '../../ui/CodeExcerpt';
import { LoadProgressBar } from '../../ui/LoadProgressBar';
import { chartPoints, LossChart } from '../../ui/LossChart';
import { NumberField } from '../../ui/NumberField';
import { formatSeconds, ProgressBar } from '../../ui/ProgressBar';
import { Tex } from '../../ui/Tex';
import { RunControls } from '../../ui/RunControls';
import cbowSource from './cbow.ts?raw';
import { WIKITEXT2_TRAIN_MIRRORS } from './corpus';
import { type CorpusChoice, FAST_DEFAULTS, FULL_DEFAULTS, NOTEBOOK_EPOCH_LOSSES, PROBE_SENTENCE, WORD2VEC_FIELDS } from './meta';
import negativeSamplingSource from './negativeSampling.ts?raw';
import { errorText } from '../../client/errors';

const fmtInt = (n: number) => Math.round(n).toLocaleString('en');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function contextOf(tokens: string[], centre: number, window: number): Set<number> {
  const half = window / 2;
  const out = new Set<number>();
  for (let j = centre - half; j <= centre + half; j++) if (j !== centre && j >= 0 && j < tokens.length) out.add(j);
  return out;
}

function NeighbourTable({ title, rows, testId }: { title: string; rows: { word: string; score: number }[]; testId: string }) {
  return (
    <table className="numbers" data-testid={testId}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">word</th>
          <th scope="col">cosine</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.word}>
            <td>{r.word}</td>
            <td>{r.score.toFixed(3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Word2vecLesson() {
  const { trainer } = useTrainer();
  const [state, setState] = useUrlState(WORD2VEC_FIELDS);
  const config: Word2vecConfig = useMemo(
    () => ({ mode: state.mode, minFreq: state.minFreq, dim: state.dim, window: state.window, batch: state.batch, epochs: state.epochs, learningRate: state.learningRate, negatives: state.negatives, subsample: state.subsample, seed: state.seed }),
    [state],
  );


  // The context window example
  const [centre, setCentre] = useState(7);
  const [exampleWindow, setExampleWindow] = useState(4);
  const exampleTokens = PROBE_SENTENCE.toLowerCase().split(' ');
  const exampleContext = contextOf(exampleTokens, centre, exampleWindow);

  // Corpus
  const corpusLoad = useLoad<CorpusChoice | File, Word2vecCorpusInfo>(
    trainer &&
      ((source, onProgress) =>
        source instanceof File
          ? trainer.w2vLoad({ kind: 'file', file: source, name: source.name }, onProgress)
          : source === 'wikitext'
            ? trainer.w2vLoad({ kind: 'mirrors', urls: [...WIKITEXT2_TRAIN_MIRRORS], name: 'WikiText-2 (train)' }, onProgress)
            : trainer.w2vLoad({ kind: 'url', url: new URL('corpora/sotu.json', document.baseURI).href, name: 'State of the Union addresses', format: 'sotu-json' }, onProgress)),
  );
  const { loaded: corpus, setLoaded: setCorpus, loading, error: corpusError, load } = corpusLoad;

  // Training
  const [trained, setTrained] = useState<{ plan: Word2vecPlan; config: Word2vecConfig; corpusName: string }>();
  const [pausing, setPausing] = useState(false);
  const training = useTrainingRun({
    prepare: async () => Boolean(corpus ?? (await load(state.corpus))),
    create: async () => {
      if (!trainer) return false;
      const created = await trainer.w2vCreate(config);
      setTrained({ plan: created, config, corpusName: corpus?.name ?? '' });
    },
    trainSteps: (maxSteps, onProgress) => trainer!.w2vTrain(maxSteps, onProgress),
    onFinished: () => setPausing(false),
  });
  const { run, progress } = training;

  const { backend, choose: chooseBackend, reset } = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.w2vRestore();
      if (!restored) return;
      setTrained({ plan: restored.plan, config: restored.config, corpusName: restored.corpusName });
      setState({ ...restored.config, corpus: restored.corpusName.startsWith('State of the Union') ? 'sotu' : 'wikitext' });
      training.restoredAt(
        { step: restored.step, totalSteps: restored.totalSteps, epoch: Math.floor(restored.step / restored.plan.batchesPerEpoch) },
        `Restored the model saved after epoch ${restored.epochMeans.length} of ${restored.config.epochs} (trained on ${restored.corpusName}).`,
        { steps: restored.points, epochs: restored.epochMeans },
      );
    },
    forget: async () => {
      await trainer?.w2vReset();
    },
    clearPage: () => {
      setTrained(undefined);
      setNeighbours(undefined);
    },
  });

  // What the configuration costs
  const [plan, setPlan] = useState<Word2vecPlan>();
  const [planError, setPlanError] = useState<string>();
  useEffect(() => {
    if (!trainer || !corpus) return;
    let live = true;
    const timer = setTimeout(() => {
      trainer.w2vPlan(config).then(
        (p) => live && (setPlan(p), setPlanError(undefined)),
        (error) => live && setPlanError(errorText(error)),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [trainer, corpus, config, backend]);


  // Neighbours, refreshed while training runs
  const [word, setWord] = useState('king');
  const [neighbours, setNeighbours] = useState<Word2vecNeighbours>();
  const [neighbourError, setNeighbourError] = useState<string>();
  const lookUp = useCallback(
    async (w: string) => {
      if (!trainer) return;
      try {
        setNeighbours(await trainer.w2vNeighbours(w, 10));
        setNeighbourError(undefined);
      } catch (error) {
        setNeighbourError(errorText(error));
      }
    },
    [trainer],
  );
  useEffect(() => {
    if (run !== 'running' || !neighbours) return;
    const timer = setInterval(() => void lookUp(neighbours.word), 2500);
    return () => clearInterval(timer);
  }, [run, neighbours, lookUp]);

  const [analogyWords, setAnalogyWords] = useState(['man', 'woman', 'king']);
  const [analogyResult, setAnalogyResult] = useState<{ missing: string[]; results: { word: string; score: number }[] }>();
  const [mapWords, setMapWords] = useState('king queen prince man woman father mother son france italy germany england city town village war battle army');
  const [map, setMap] = useState<{ points: { word: string; x: number; y: number }[]; missing: string[] }>();
  const [toolError, setToolError] = useState<string>();

  const totalSteps = trained ? trained.plan.batchesPerEpoch * trained.config.epochs : 0;
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
    <article className="lesson">
      <p className="muted">Lesson 2 · follows Part II of the series</p>
      <h1>Words as vectors: word2vec</h1>
      <p className="lead">
        One-hot vectors give every word its own axis, so no two words are alike. Here every word gets instead a short, dense vector of{' '}
        <Tex>{'D'}</Tex> numbers, learned from text, so that words used alike end up close together. You will train such vectors on a
        slice of Wikipedia, in this page, and ask them which words are near “king”.
      </p>

      <h2>Closeness of vectors, closeness of words</h2>
      <p>
        With <Tex>{'V'}</Tex> words and <Tex>{'D'}</Tex> dimensions, the vectors are the rows of a <Tex>{'V \\times D'}</Tex> matrix, the{' '}
        <em>embedding</em>, and looking up a word means taking its row. Two vectors point the same way when their cosine is near 1:
      </p>
      <Tex display>{'\\cos(x, y) = \\frac{\\langle x, y \\rangle}{\\lVert x \\rVert \\, \\lVert y \\rVert}'}</Tex>
      <p>
        Which words should be close? Those that appear in the same <em>contexts</em>. In “the mighty king is sitting on a golden throne”
        you could put “ruler” in place of “king” and the sentence would still make sense: words that can stand in the same places tend to
        mean similar things. So the context of a word is the list of words around it, a window of a few words to each side.
      </p>
      <section className="widget" aria-labelledby="window-heading">
        <h3 id="window-heading">The context of a centre word</h3>
        <div className="field-row">
          <div className="field">
            <label htmlFor="example-window">Window (words on both sides together)</label>
            <select id="example-window" value={exampleWindow} onChange={(e) => setExampleWindow(Number(e.target.value))}>
              {[2, 4, 6, 8].map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p id="window-help" className="muted">Pick the centre word:</p>
        <div className="chips" role="group" aria-describedby="window-help">
          {exampleTokens.map((token, i) => (
            <button
              key={i}
              type="button"
              className={`chip chip-button${i === centre ? ' centre' : ''}${exampleContext.has(i) ? ' context' : ''}`}
              aria-pressed={i === centre}
              onClick={() => setCentre(i)}
            >
              {token}
            </button>
          ))}
        </div>
        <p data-testid="example-context">
          Context of “{exampleTokens[centre]}”: {[...exampleContext].map((i) => exampleTokens[i]).join(', ')}
          {exampleContext.size < exampleWindow ? ' (not a full window: the notebook skips such positions)' : ''}
        </p>
      </section>

      <h2>CBOW: guess the centre word from its context</h2>
      <p>
        The continuous bag of words model (CBOW) turns that idea into a training task. It looks up the vectors of the context words, takes
        their mean <Tex>{'h'}</Tex> (so their order is lost: a “bag” of words), and scores every word of the vocabulary as the centre word
        with a second matrix <Tex>{'C'}</Tex>, also <Tex>{'V \\times D'}</Tex>, a linear layer without bias. Softmax and cross entropy
        against the real centre word give the loss:
      </p>
      <Tex display>{'h = \\frac{1}{W} \\sum_{j=1}^{W} E_{c_j}, \\qquad p = \\operatorname{softmax}(C h), \\qquad \\text{loss} = -\\ln p_{w}'}</Tex>
      <p>
        After training both matrices hold word vectors: the rows of <Tex>{'E'}</Tex> (the <em>context</em> embedding) and the rows of{' '}
        <Tex>{'C'}</Tex> (the <em>centre</em> embedding). As in the notebook, each row of <Tex>{'E'}</Tex> that is looked up and longer than
        1 is scaled back to length 1 first (<code>max_norm=1</code>). The gradients are short enough to write out, which lets a batch of
        20,000 windows run in chunks with exactly the gradient of the whole batch:
      </p>
      <CodeExcerpt source={cbowSource} name="cbowChunkGradients" file="src/lessons/word2vec/cbow.ts" />

      <h2>Train it</h2>
      <p>
        The notebook trains on WikiText-2 (two million words of Wikipedia articles): each line a paragraph, titles dropped, words seen fewer
        than 50 times replaced by <code>&lt;unk&gt;</code>, which leaves <Tex>{'V = 4056'}</Tex>. Every position with four words on each side
        inside its paragraph is one example: 1,857,089 of them, 93 batches of 20,000, seven epochs of Adam with a learning rate of 0.1 that
        falls linearly to 0. That is a lot of arithmetic for a CPU (about 7 million operations per example); on a laptop without a GPU, try
        fast mode below first.
      </p>
      <section className="widget" aria-labelledby="train-heading">
        <h3 id="train-heading">Word2vec in your browser</h3>
        <BackendBadge info={backend} onChoose={chooseBackend} disabled={run === 'running'} />
        <fieldset className="field-row" disabled={!editable}>
          <legend>Data</legend>
          <div className="field">
            <label htmlFor="w2v-corpus">Corpus</label>
            <select id="w2v-corpus" value={state.corpus} onChange={(e) => { setState({ corpus: e.target.value as CorpusChoice }); setCorpus(undefined); setPlan(undefined); }}>
              <option value="wikitext">WikiText-2, train split (10.8 MB download)</option>
              <option value="sotu">State of the Union addresses (from this site)</option>
            </select>
          </div>
          <button type="button" onClick={() => load(state.corpus)} disabled={!trainer || loading !== undefined}>
            Load
          </button>
          <div className="field">
            <label htmlFor="w2v-file">Or a text file of your own</label>
            <input id="w2v-file" type="file" accept=".txt,.tokens,text/plain" disabled={!trainer || loading !== undefined} onChange={(e) => { const f = e.target.files?.[0]; if (f) void load(f); e.target.value = ''; }} />
          </div>
        </fieldset>
        {loading && <LoadProgressBar progress={loading} tokenizing="cleaning and tokenizing" />}
        {corpusError && (
          <p className="message error" role="alert">
            {corpusError}
            {trained ? ' The model trained before is kept.' : ''}
          </p>
        )}
        {corpus && (
          <p data-testid="w2v-corpus-info">
            <strong>{corpus.name}</strong>: {fmtInt(corpus.paragraphs)} paragraphs, {fmtInt(corpus.tokens)} tokens{corpus.fromCache ? ' (from the browser cache)' : ''}.
          </p>
        )}
        <fieldset className="field-row" disabled={!editable}>
          <legend>Model and training</legend>
          <div className="field">
            <label htmlFor="w2v-mode">Mode</label>
            <select id="w2v-mode" value={state.mode} onChange={(e) => { const mode = e.target.value as Word2vecConfig['mode']; setState({ mode, ...(mode === 'full' ? FULL_DEFAULTS : FAST_DEFAULTS) }); }}>
              <option value="full">full softmax (the notebook)</option>
              <option value="fast">fast: negative sampling</option>
            </select>
          </div>
          <NumberField id="w2v-min-freq" label="min_freq" min={1} value={state.minFreq} fallback={50} onChange={(v) => setState({ minFreq: v })} />
          <NumberField id="w2v-dim" label="D" min={2} max={1024} value={state.dim} fallback={300} onChange={(v) => setState({ dim: v })} />
          <div className="field">
            <label htmlFor="w2v-window">Window</label>
            <select id="w2v-window" value={state.window} onChange={(e) => setState({ window: Number(e.target.value) })}>
              {[2, 4, 6, 8, 10].map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </div>
          <NumberField id="w2v-batch" label="Batch" min={1} value={state.batch} fallback={20000} onChange={(v) => setState({ batch: v })} />
          <NumberField id="w2v-epochs" label="Epochs" min={1} max={100} value={state.epochs} fallback={7} onChange={(v) => setState({ epochs: v })} />
          <NumberField id="w2v-lr" label="Learning rate" min={0} step={0.01} value={state.learningRate} fallback={0.1} onChange={(v) => setState({ learningRate: v })} />
          {state.mode === 'fast' && (
            <>
              <NumberField id="w2v-k" label="Noise words k" min={1} max={50} value={state.negatives} fallback={5} onChange={(v) => setState({ negatives: v })} />
              <NumberField id="w2v-t" label="Subsampling t" min={0} step={0.0001} value={state.subsample} fallback={0.001} onChange={(v) => setState({ subsample: v })} />
            </>
          )}
          <NumberField id="w2v-seed" label="Seed" min={0} value={state.seed} fallback={0} onChange={(v) => setState({ seed: v })} />
        </fieldset>
        {plan && editable && (
          <p data-testid="w2v-plan">
            V = {fmtInt(plan.vocabSize)} · {fmtInt(plan.examples)} examples · {fmtInt(plan.batchesPerEpoch)} batches an epoch
            {state.mode === 'full' ? ` (in chunks of ${fmtInt(plan.chunk)})` : ''} · memory about {mib(plan.peakBytes)} · roughly {formatSeconds(plan.seconds)} on{' '}
            {backend?.name.toUpperCase() ?? 'this backend'} (an estimate; the progress bar measures).
          </p>
        )}
        {editable && plan?.warnings.map((w) => (
          <p key={w} className="message warn">
            {w}
          </p>
        ))}
        {planError && <p className="message error">{planError}</p>}
        {!corpus && editable && <p className="muted">Train loads the chosen corpus first.</p>}
        <RunControls training={training} disabled={!trainer} onPause={() => { setPausing(true); void trainer?.pause(); }} onReset={() => void reset()} />
        {pausing && run === 'running' && <p role="status">Pausing at the end of this batch…</p>}
        {progress && (
          <>
            <ProgressBar step={progress.step} totalSteps={progress.totalSteps || totalSteps} examplesPerSecond={progress.examplesPerSecond} secondsLeft={run === 'running' ? progress.secondsLeft : Number.NaN} unit="centre words" />
            <p className="muted" data-testid="w2v-epoch">
              epoch {Math.min((progress.epoch ?? 0) + 1, trained?.config.epochs ?? 1)} of {trained?.config.epochs ?? state.epochs}
            </p>
          </>
        )}
        <LossChart title="CBOW training loss" xLabel="batch" yLabel="loss (nats)" series={series} />
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

      <h2>Neighbours</h2>
      <p>
        Type a word and see the ten words whose vectors have the highest cosine with it, in each of the two embeddings. While the model
        trains, the tables refresh every few seconds: watch “queen” and “prince” move towards “king”. The notebook, after seven epochs,
        found for “king” son, earl, archbishop and pope in the context embedding, and pope, lord, henry and queen in the centre one.
      </p>
      <section className="widget" aria-labelledby="neighbours-heading">
        <h3 id="neighbours-heading">Nearest neighbours</h3>
        <form
          className="field-row"
          onSubmit={(e) => {
            e.preventDefault();
            void lookUp(word);
          }}
        >
          <div className="field">
            <label htmlFor="w2v-word">Word</label>
            <input id="w2v-word" type="text" value={word} maxLength={60} onChange={(e) => setWord(e.target.value)} />
          </div>
          <button type="submit" disabled={!trained}>
            Show neighbours
          </button>
        </form>
        {!trained && <p className="muted">Train a model (or let one be restored) to ask it.</p>}
        {neighbourError && <p className="message error">{neighbourError}</p>}
        {neighbours && !neighbours.known && (
          <p className="message warn" data-testid="w2v-unknown">
            “{neighbours.word}” is not in the vocabulary.
            {neighbours.suggestions.length > 0 && ' Closest spellings that are: '}
            {neighbours.suggestions.map((s, i) => (
              <span key={s}>
                {i > 0 && ', '}
                <button type="button" className="link-button" onClick={() => { setWord(s); void lookUp(s); }}>
                  {s}
                </button>
              </span>
            ))}
          </p>
        )}
        {neighbours?.known && (
          <div className="columns">
            <NeighbourTable title={`Context embedding: nearest to “${neighbours.word}”`} rows={neighbours.context} testId="w2v-context-neighbours" />
            <NeighbourTable title={`Centre embedding: nearest to “${neighbours.word}”`} rows={neighbours.centre} testId="w2v-centre-neighbours" />
          </div>
        )}
      </section>

      <section className="widget" aria-labelledby="analogy-heading">
        <h3 id="analogy-heading">Analogies</h3>
        <p>
          “a is to b as c is to ?”: the words nearest to <Tex>{'b - a + c'}</Tex>. With a small corpus and few epochs expect rough answers.
        </p>
        <form
          className="field-row"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              setAnalogyResult(await trainer!.w2vAnalogy(analogyWords[0], analogyWords[1], analogyWords[2], 5));
              setToolError(undefined);
            } catch (error) {
              setToolError(errorText(error));
            }
          }}
        >
          {['a', 'b', 'c'].map((name, i) => (
            <div className="field" key={name}>
              <label htmlFor={`analogy-${name}`}>{name}</label>
              <input id={`analogy-${name}`} type="text" value={analogyWords[i]} maxLength={40} onChange={(e) => setAnalogyWords((w) => w.map((x, j) => (j === i ? e.target.value : x)))} />
            </div>
          ))}
          <button type="submit" disabled={!trained}>
            Solve
          </button>
        </form>
        {analogyResult && analogyResult.missing.length > 0 && <p className="message warn">Not in the vocabulary: {analogyResult.missing.join(', ')}.</p>}
        {analogyResult && analogyResult.results.length > 0 && (
          <ol data-testid="analogy-results">
            {analogyResult.results.map((r) => (
              <li key={r.word}>
                {r.word} ({r.score.toFixed(3)})
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="widget" aria-labelledby="map-heading">
        <h3 id="map-heading">A map of words</h3>
        <p>The context vectors of these words, projected to two dimensions by principal component analysis (PCA):</p>
        <form
          className="field-row"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              setMap(await trainer!.w2vMap(mapWords.toLowerCase().split(/[\s,]+/).filter(Boolean).slice(0, 60)));
              setToolError(undefined);
            } catch (error) {
              setToolError(errorText(error));
            }
          }}
        >
          <div className="field" style={{ flex: '1 1 20rem' }}>
            <label htmlFor="map-words">Words</label>
            <input id="map-words" type="text" value={mapWords} onChange={(e) => setMapWords(e.target.value)} />
          </div>
          <button type="submit" disabled={!trained}>
            Draw map
          </button>
        </form>
        {toolError && <p className="message error">{toolError}</p>}
        {map && <WordMap points={map.points} />}
        {map && map.missing.length > 0 && <p className="muted">Not in the vocabulary: {map.missing.join(', ')}.</p>}
      </section>

      <section className="widget" aria-labelledby="export-heading">
        <h3 id="export-heading">Take the vectors with you</h3>
        <p>
          vectors.tsv and metadata.tsv load into the TensorFlow Embedding Projector (projector.tensorflow.org, “Load”); the JSON holds the
          vocabulary and both matrices.
        </p>
        <div className="controls">
          <button
            type="button"
            disabled={!trained}
            onClick={async () => {
              const out = await trainer!.w2vExport();
              download('vectors.tsv', out.vectorsTsv, 'text/tab-separated-values');
              download('metadata.tsv', out.metadataTsv, 'text/tab-separated-values');
            }}
          >
            Export for the Embedding Projector
          </button>
          <button type="button" disabled={!trained} onClick={async () => download('word2vec.json', (await trainer!.w2vExport()).json, 'application/json')}>
            Export as JSON
          </button>
        </div>
      </section>

      <h2>Fast mode: negative sampling</h2>
      <p>
        Most of the full model's work goes into the softmax: every example scores all <Tex>{'V'}</Tex> words, so it costs{' '}
        <Tex>{'O(VD)'}</Tex>. The original word2vec papers avoid that. Instead of asking “which of all words is the centre?”, each example asks
        a yes/no question for the true centre word and for <Tex>{'k'}</Tex> <em>noise</em> words drawn at random, more often the frequent
        ones (counts raised to the power 0.75):
      </p>
      <Tex display>{'\\text{loss} = -\\ln \\sigma(C_w \\cdot h) - \\sum_{j=1}^{k} \\ln \\sigma(-C_{n_j} \\cdot h)'}</Tex>
      <p>
        That costs <Tex>{'O(kD)'}</Tex>, hundreds of times less at this <Tex>{'V'}</Tex>. Fast mode also <em>subsamples</em>: each occurrence of
        a very frequent word like “the” is dropped with a probability that grows with its frequency, which saves time and lets the rarer,
        more telling words fill the windows. It uses plain gradient descent on the rows it touches, as the original C code does, and that
        code's starting values (small random context vectors, zero centre vectors). Compare the two: fast mode finds family words for
        “father” within seconds, where the full model needs minutes.
      </p>
      <CodeExcerpt source={negativeSamplingSource} name="trainNegativeSampling" file="src/lessons/word2vec/negativeSampling.ts" />

      <h2>Where this comes from</h2>
      <p>
        This lesson follows Part II of the series <a href={SERIES_URL}>“Mastering large language models”</a> and its <a href={NOTEBOOKS_URL}>notebook</a>; the
        per-epoch losses drawn as “notebook” are that notebook's printed output. WikiText-2 is by Merity, Xiong, Bradbury and Socher
        (“Pointer Sentinel Mixture Models”, 2016), from Wikipedia articles, under CC BY-SA 3.0; this site downloads it from a public copy
        (the pytorch/examples repository) and keeps it in your browser's cache. Negative sampling and subsampling are from Mikolov et al.,
        “Distributed Representations of Words and Phrases and their Compositionality” (2013).
      </p>
    </article>
  );
}

/** A scatter of labelled points, scaled to fit. */
function WordMap({ points }: { points: { word: string; x: number; y: number }[] }) {
  if (points.length === 0) return null;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => 40 + ((x - minX) / (maxX - minX || 1)) * 520;
  const sy = (y: number) => 20 + ((maxY - y) / (maxY - minY || 1)) * 260;
  return (
    <svg className="word-map" viewBox="0 0 640 300" role="img" aria-label={`Map of ${points.length} words: ${points.map((p) => `${p.word} at (${p.x.toFixed(2)}, ${p.y.toFixed(2)})`).join('; ')}`}>
      {points.map((p) => (
        <g key={p.word}>
          <circle cx={sx(p.x)} cy={sy(p.y)} r={3} fill="#1d5fd1" />
          <text x={sx(p.x) + 5} y={sy(p.y) + 4} fontSize={13}>
            {p.word}
          </text>
        </g>
      ))}
    </svg>
  );
}
