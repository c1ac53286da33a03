// The training worker: holds the corpus and the models, runs tfjs, and implements TrainerApi.

import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { windowBatch } from '../lessons/charlm/text';
import { CountingTrainer, type CountingState } from '../lessons/counting/counting';
import { notebookCheck, traceSequence } from '../lessons/rnn/demo';
import { lstmNotebookCheck } from '../lessons/lstm/compare';
import { type CellKind, disposeMemoryWeights, lookInside, type MemoryWeights, trainMemory } from '../lessons/lstm/memory';
import { analyseText } from '../lessons/tokens/analysis';
import { basicEnglish } from '../lessons/tokens/basicEnglish';
import { bigramEntropies, bigramPairs, type BigramState, type BigramTrainer, createBigramTrainer } from '../lessons/tokens/bigram';
import { MIN_FREQS, minFreqCurve, topTokens } from '../lessons/tokens/corpusStats';
import { buildVocabFromCounts, countTokens, type Vocab, vocabFromItos } from '../lessons/tokens/vocab';
import { checkpointsAvailable, deleteCheckpoint, loadCheckpoint, saveCheckpoint } from '../lib/checkpoints';
import { DataError, fetchData } from '../lib/fetchData';
import { createRng } from '../lib/rng';
import { decodeText } from '../lib/textFile';
import type { BackendChoice, BackendInfo, BigramConfig, BigramInfo, CorpusSource, LoadProgress, TrainerApi, Word2vecSource } from './api';
import { loseWebglContext, selectBackend, watchWebglContext } from './backend';
import { benchCbowStep } from './cbowBench';
import { type CharCorpus, charCorpus, CharSession } from './charSession';
import { runLoop, yieldToEvents } from './loop';
import { type Word2vecCorpus, word2vecCorpus, planFor, Word2vecSession } from './word2vecSession';

let backend: Promise<BackendInfo> | undefined;
const backendWatchers: ((info: BackendInfo, message: string) => void)[] = [];

/** Selects a backend and, for WebGL, falls back to WASM if its context is ever lost. */
function useBackend(choice: BackendChoice): Promise<BackendInfo> {
  const selected = selectBackend(choice).then((info) => {
    if (info.name === 'webgl') watchWebglContext(onWebglContextLost);
    return info;
  });
  backend = selected;
  return selected;
}
const ensureBackend = (): Promise<BackendInfo> => backend ?? useBackend('auto');

/**
 * The GPU's memory is gone with the context, and with it every model held there: stop, drop them
 * (their checkpoints stay in IndexedDB), move to WASM and tell the page.
 */
function onWebglContextLost(): void {
  stopRequested = true;
  try {
    bigram?.trainer.dispose();
  } catch {
    // Its textures are gone already.
  }
  bigram = undefined;
  try {
    w2v?.dispose();
  } catch {
    // Its textures are gone already.
  }
  w2v = undefined;
  try {
    counting?.dispose();
  } catch {
    // Its textures are gone already.
  }
  counting = undefined;
  for (const kept of Object.values(memoryModels)) {
    try {
      disposeMemoryWeights(kept.weights);
    } catch {
      // Its textures are gone already.
    }
  }
  memoryModels = {};
  try {
    chars?.dispose();
  } catch {
    // Its textures are gone already.
  }
  chars = undefined;
  void useBackend('wasm').then((info) => {
    const message = 'The WebGL context was lost (the GPU was reset or the browser took it back), so the worker moved to ' +
      `${info.name.toUpperCase()}. The model was reloaded from its last checkpoint.`;
    for (const watcher of backendWatchers) watcher(info, message);
  });
}

interface Corpus {
  name: string;
  docs: string[][];
  counts: Map<string, number>;
}
let corpus: Corpus | undefined;

interface BigramSession {
  trainer: BigramTrainer;
  vocab: Vocab;
  config: BigramConfig;
  info: BigramInfo;
  step: number;
  points: { step: number; loss: number }[];
}
let bigram: BigramSession | undefined;
let stopRequested = false;

const BIGRAM_CHECKPOINT = 'tokens/bigram';
interface BigramCheckpoint {
  config: BigramConfig;
  info: BigramInfo;
  itos: string[];
  step: number;
  points: { step: number; loss: number }[];
  state: BigramState;
  savedAt: number;
}

/** Saves the session to IndexedDB; a failure (quota, private mode) costs only the checkpoint. */
async function saveBigram(session: BigramSession): Promise<void> {
  if (!checkpointsAvailable()) return;
  try {
    const checkpoint: BigramCheckpoint = {
      config: session.config,
      info: session.info,
      itos: [...session.vocab.itos],
      step: session.step,
      points: session.points,
      state: await session.trainer.exportState(),
      savedAt: Date.now(),
    };
    await saveCheckpoint(BIGRAM_CHECKPOINT, checkpoint);
  } catch (error) {
    console.warn('Could not save the bigram checkpoint:', error);
  }
}

/** The (current, next) pairs of the loaded corpus in the session's vocabulary, and their yardsticks. */
function pairsFor(vocab: Vocab, loaded: Corpus) {
  const ids = loaded.docs.map((doc) => Int32Array.from(doc, (token) => vocab.indexOf(token)));
  const pairs = bigramPairs(ids);
  const { unigram, conditional } = bigramEntropies(pairs.current, pairs.next, vocab.itos.length);
  const info: BigramInfo = {
    corpusName: loaded.name,
    vocabSize: vocab.itos.length,
    pairs: pairs.current.length,
    unigramEntropy: unigram,
    bigramEntropy: conditional,
    uniformLoss: Math.log(vocab.itos.length),
  };
  return { pairs, info };
}

/** Reads a source as text: downloads (each mirror in turn, through the cache) or a picked file. */
async function readText(source: Word2vecSource, onProgress?: (p: LoadProgress) => void): Promise<{ text: string; fromCache: boolean; url?: string }> {
  const progress = (loaded: number, total: number) => onProgress?.({ phase: 'download', loaded, total });
  let bytes: Uint8Array;
  let fromCache = false;
  let url: string | undefined;
  if (source.kind === 'file') {
    progress(0, source.file.size);
    bytes = new Uint8Array(await source.file.arrayBuffer());
    progress(bytes.length, source.file.size);
  } else {
    const urls = source.kind === 'mirrors' ? source.urls : [source.url];
    const failures: string[] = [];
    let fetched: { bytes: Uint8Array; fromCache: boolean } | undefined;
    for (const candidate of urls) {
      try {
        fetched = await fetchData(candidate, progress);
        url = candidate;
        break;
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (!fetched) {
      throw new DataError(
        urls.length === 1 ? failures[0] : `Could not download ${source.name} from any of its ${urls.length} addresses. ${failures.join(' ')} Check the connection and try again, or pick the file yourself.`,
      );
    }
    bytes = fetched.bytes;
    fromCache = fetched.fromCache;
  }
  const decoded = decodeText(bytes, source.kind === 'file' ? `“${source.name}”` : `The download of ${source.name}`);
  if (!decoded.ok) throw new DataError(decoded.message);
  return { text: decoded.text, fromCache, url };
}

let counting: CountingTrainer | undefined;
const COUNTING_CHECKPOINT = 'counting/model';
type CountingCheckpoint = CountingState & { savedAt: number };

async function saveCounting(trainer: CountingTrainer): Promise<void> {
  if (!checkpointsAvailable()) return;
  try {
    await saveCheckpoint<CountingCheckpoint>(COUNTING_CHECKPOINT, { ...(await trainer.exportState()), savedAt: Date.now() });
  } catch (error) {
    console.warn('Could not save the counting checkpoint:', error);
  }
}

/** A model that does not exist yet is a message for the page, not a crash. */
function countingModel(): CountingTrainer {
  if (!counting) throw new DataError('There is no trained model yet: press Train first.');
  return counting;
}

/** Lesson 5: the last model the sweep trained for each cell, kept to look inside. */
let memoryModels: Partial<Record<CellKind, { weights: MemoryWeights; length: number; vocab: number }>> = {};

/** Lesson 6: the loaded book and the character model. */
let charBook: CharCorpus | undefined;
let chars: CharSession | undefined;

let w2vCorpus: Word2vecCorpus | undefined;
let w2v: Word2vecSession | undefined;

/** Splits a corpus file into documents: the speeches of the SOTU asset, or the lines of a text file. */
function documentsOf(text: string, format: 'text' | 'sotu-json'): string[] {
  if (format === 'sotu-json') {
    const parsed = JSON.parse(text) as { speeches?: { text: string }[] };
    if (!Array.isArray(parsed.speeches)) throw new DataError('The corpus file has no speeches in it.');
    return parsed.speeches.map((s) => s.text);
  }
  return text.split(/\r?\n/).filter((line) => line.trim().length > 0);
}

const api: TrainerApi = {
  getBackend: () => ensureBackend(),

  async setBackend(choice: BackendChoice) {
    await backend?.catch(() => undefined);
    return useBackend(choice);
  },

  watchBackend(onChange) {
    backendWatchers.push(onChange);
  },

  async loseWebglContext() {
    return loseWebglContext();
  },

  async analyseText(text, opts) {
    return analyseText(text, opts);
  },

  async loadCorpus(source: CorpusSource, onProgress) {
    const started = performance.now();
    const { text, fromCache } = await readText(source, onProgress);
    const texts = documentsOf(text, source.kind === 'url' ? source.format : 'text');
    onProgress?.({ phase: 'tokenize', loaded: 0, total: texts.length });
    const docs: string[][] = [];
    for (const document of texts) {
      const tokens = basicEnglish(document);
      if (tokens.length > 0) docs.push(tokens);
    }
    onProgress?.({ phase: 'tokenize', loaded: texts.length, total: texts.length });
    const counts = countTokens(docs);
    if (counts.size === 0) throw new DataError(`${source.name} has no words in it that the tokenizer can find.`);
    // A new corpus replaces the old one only once it has loaded; a model trained before is kept.
    corpus = { name: source.name, docs, counts };
    let tokens = 0;
    for (const doc of docs) tokens += doc.length;
    return {
      name: source.name,
      chars: text.length,
      documents: docs.length,
      tokens,
      distinct: counts.size,
      curve: minFreqCurve(counts, MIN_FREQS),
      top: topTokens(counts, 30),
      fromCache,
      millis: performance.now() - started,
    };
  },

  async bigramCreate(config) {
    if (!corpus) throw new DataError('Load a corpus first.');
    await ensureBackend();
    bigram?.trainer.dispose();
    bigram = undefined;
    const vocab = buildVocabFromCounts(corpus.counts, { specials: ['<unk>'], maxTokens: config.vocabSize });
    const { pairs, info } = pairsFor(vocab, corpus);
    if (pairs.current.length === 0) throw new DataError(`${corpus.name} has no two neighbouring tokens to learn from.`);
    const trainer = createBigramTrainer(vocab.itos.length, config, createRng(config.seed));
    trainer.usePairs(pairs);
    bigram = { trainer, vocab, config, info, step: 0, points: [] };
    return info;
  },

  async bigramRestore() {
    if (!checkpointsAvailable()) return undefined;
    await ensureBackend();
    const checkpoint = await loadCheckpoint<BigramCheckpoint>(BIGRAM_CHECKPOINT).catch(() => undefined);
    if (!checkpoint) return undefined;
    bigram?.trainer.dispose();
    const trainer = createBigramTrainer(checkpoint.itos.length, checkpoint.config, createRng(checkpoint.config.seed + checkpoint.step), checkpoint.state);
    await trainer.ready;
    bigram = { trainer, vocab: vocabFromItos(checkpoint.itos), config: checkpoint.config, info: checkpoint.info, step: checkpoint.step, points: checkpoint.points };
    return { config: checkpoint.config, info: checkpoint.info, step: checkpoint.step, points: checkpoint.points, corpusName: checkpoint.info.corpusName, savedAt: checkpoint.savedAt };
  },

  async bigramTrain(steps, onProgress) {
    const session = bigram;
    if (!session) throw new DataError('There is no model to train: press Train to create one.');
    if (!session.trainer.hasPairs) {
      // A model restored after a reload goes on with the corpus loaded now, read through its own vocabulary.
      if (!corpus) throw new DataError('Load a corpus to go on training this model.');
      const { pairs, info } = pairsFor(session.vocab, corpus);
      session.trainer.usePairs(pairs);
      session.info = info;
    }
    stopRequested = false;
    let lastSave = performance.now();
    const result = await runLoop({
      startStep: session.step,
      totalSteps: session.config.steps,
      maxSteps: steps,
      examplesPerStep: session.config.batch,
      step: () => session.trainer.step(),
      shouldStop: () => stopRequested || bigram !== session,
      onProgress: (p) => {
        session.points.push(...p.points);
        session.step = p.step;
        onProgress(p);
        if (performance.now() - lastSave > 30_000) {
          lastSave = performance.now();
          void saveBigram(session);
        }
      },
    });
    session.step = result.step;
    if (bigram === session) await saveBigram(session);
    return { ...result, totalSteps: session.config.steps, tensors: tf.memory().numTensors };
  },

  async bigramPredict(word, k) {
    if (!bigram) throw new DataError('Train the model first.');
    const token = basicEnglish(word)[0] ?? '';
    const id = bigram.vocab.indexOf(token);
    const probabilities = bigram.trainer.nextDistribution(id);
    const order = Array.from(probabilities.keys()).sort((a, b) => probabilities[b] - probabilities[a]).slice(0, k);
    return {
      known: token !== '' && id !== 0,
      token: id === 0 ? '<unk>' : token,
      next: order.map((i) => ({ token: bigram!.vocab.itos[i], probability: probabilities[i] })),
    };
  },

  async bigramReset() {
    stopRequested = true;
    bigram?.trainer.dispose();
    bigram = undefined;
    if (checkpointsAvailable()) await deleteCheckpoint(BIGRAM_CHECKPOINT).catch(() => undefined);
  },

  pause() {
    stopRequested = true;
  },

  async w2vLoad(source, onProgress) {
    const { text, fromCache, url } = await readText(source, onProgress);
    onProgress?.({ phase: 'tokenize', loaded: 0, total: 1 });
    const lines = source.kind === 'url' && source.format === 'sotu-json' ? documentsOf(text, 'sotu-json') : text.split('\n');
    // A new corpus replaces the old one only once it has loaded; the model trained before is kept.
    const corpus = word2vecCorpus(source.name, lines);
    w2vCorpus = corpus;
    onProgress?.({ phase: 'tokenize', loaded: 1, total: 1 });
    return { name: corpus.name, url, paragraphs: corpus.paragraphs.length, tokens: corpus.paragraphs.reduce((n, p) => n + p.length, 0), fromCache };
  },

  async w2vPlan(config) {
    if (!w2vCorpus) throw new DataError('Load a corpus first.');
    return planFor(w2vCorpus, config, (await ensureBackend()).name);
  },

  async w2vCreate(config) {
    if (!w2vCorpus) throw new DataError('Load a corpus first.');
    const info = await ensureBackend();
    const session = Word2vecSession.create(w2vCorpus, config, info.name);
    w2v?.dispose();
    w2v = session;
    return session.plan;
  },

  async w2vTrain(maxSteps, onProgress) {
    const session = w2v;
    if (!session) throw new DataError('There is no model to train: press Train to create one.');
    if (!session.hasExamples) {
      if (!w2vCorpus) throw new DataError('Load a corpus to go on training this model.');
      session.attach(w2vCorpus);
    }
    stopRequested = false;
    return session.train(maxSteps, () => stopRequested || w2v !== session, onProgress);
  },

  async w2vNeighbours(word, k) {
    if (!w2v) throw new DataError('Train a model first.');
    return w2v.neighbours(word, k);
  },

  async w2vAnalogy(a, b, c, k) {
    if (!w2v) throw new DataError('Train a model first.');
    return w2v.analogy(a, b, c, k);
  },

  async w2vMap(words) {
    if (!w2v) throw new DataError('Train a model first.');
    return w2v.map(words);
  },

  async w2vRestore() {
    await ensureBackend();
    const restored = await Word2vecSession.restore();
    if (!restored) return undefined;
    w2v?.dispose();
    w2v = restored;
    return restored.describe();
  },

  async w2vReset() {
    stopRequested = true;
    w2v?.dispose();
    w2v = undefined;
    await Word2vecSession.forget();
  },

  async w2vExport() {
    if (!w2v) throw new DataError('Train a model first.');
    return w2v.export();
  },

  async rnnTrace(tokens, hidden, seed, split) {
    await ensureBackend();
    if (tokens.length === 0) throw new DataError('Type a sentence first.');
    return traceSequence(tokens, hidden, seed, split);
  },

  async rnnCheck(seed) {
    await ensureBackend();
    return notebookCheck(seed);
  },

  async countCreate(config) {
    await ensureBackend();
    let trainer: CountingTrainer;
    try {
      trainer = new CountingTrainer(config);
    } catch (error) {
      throw new DataError(error instanceof Error ? error.message : String(error));
    }
    counting?.dispose();
    counting = trainer;
    return { items: trainer.items, stepsPerEpoch: trainer.stepsPerEpoch, totalSteps: trainer.totalSteps };
  },

  async countTrain(maxSteps, onProgress) {
    const trainer = countingModel();
    stopRequested = false;
    let reported = trainer.epochMeans.length;
    const result = await runLoop({
      startStep: trainer.step,
      totalSteps: trainer.totalSteps,
      maxSteps,
      examplesPerStep: trainer.config.batch,
      step: () => trainer.trainStep(),
      shouldStop: () => stopRequested || counting !== trainer,
      onProgress: (p) => {
        const finished = trainer.epochMeans.slice(reported);
        reported = trainer.epochMeans.length;
        onProgress({ ...p, epoch: Math.min(trainer.config.epochs - 1, trainer.epoch), epochMeans: finished });
      },
    });
    if (counting === trainer) await saveCounting(trainer);
    const accuracy = trainer.evaluate();
    return { ...result, totalSteps: trainer.totalSteps, tensors: tf.memory().numTensors, accuracy };
  },

  async countEvaluate() {
    return countingModel().evaluate();
  },

  async countPredict(sequence, h) {
    const trainer = countingModel();
    const vocab = trainer.config.vocab;
    if (sequence.length === 0) throw new DataError('Type at least one number.');
    const outside = sequence.find((v) => !Number.isInteger(v) || v < 0 || v >= vocab);
    if (outside !== undefined) throw new DataError(`${outside} is not a whole number from 0 to ${vocab - 1}.`);
    if (h && h.length !== trainer.config.hidden) throw new DataError('The carried hidden state belongs to another model; start again from the sequence.');
    return trainer.predict(sequence, h);
  },

  async countRestore() {
    if (!checkpointsAvailable()) return undefined;
    await ensureBackend();
    const checkpoint = await loadCheckpoint<CountingCheckpoint>(COUNTING_CHECKPOINT).catch(() => undefined);
    if (!checkpoint) return undefined;
    const trainer = new CountingTrainer(checkpoint.config, checkpoint);
    counting?.dispose();
    counting = trainer;
    return {
      config: checkpoint.config,
      step: trainer.step,
      totalSteps: trainer.totalSteps,
      stepsPerEpoch: trainer.stepsPerEpoch,
      epochMeans: trainer.epochMeans,
      accuracy: trainer.evaluate(),
      savedAt: checkpoint.savedAt,
    };
  },

  async countReset() {
    stopRequested = true;
    counting?.dispose();
    counting = undefined;
    if (checkpointsAvailable()) await deleteCheckpoint(COUNTING_CHECKPOINT).catch(() => undefined);
  },

  async lstmCheck(seed) {
    await ensureBackend();
    return lstmNotebookCheck(seed);
  },

  async memorySweep(config, onPoint, onProgress) {
    await ensureBackend();
    stopRequested = false;
    const points: Parameters<typeof onPoint>[0][] = [];
    let lastReport = 0;
    for (const length of config.lengths) {
      if (length >= config.vocab) throw new DataError(`L = ${length} leaves no sequence among the numbers 0 to ${config.vocab - 1}: raise V or shorten L.`);
    }
    for (const length of config.lengths) {
      for (const cell of config.cells) {
        if (stopRequested) return { stopped: true, points };
        const started = performance.now();
        const result = await trainMemory(
          { cell, length, vocab: config.vocab, hidden: config.hidden, epochs: config.epochs, learningRate: config.learningRate, seed: config.seed },
          {
            keep: true,
            shouldStop: () => stopRequested,
            between: yieldToEvents,
            onEpoch: (epoch, loss) => {
              const now = performance.now();
              if (now - lastReport > 150 || epoch === config.epochs - 1) {
                lastReport = now;
                onProgress?.({ cell, length, epoch, epochs: config.epochs, loss });
              }
            },
          },
        );
        if (result.stopped) {
          if (result.model) disposeMemoryWeights(result.model);
          return { stopped: true, points };
        }
        const previous = memoryModels[cell];
        if (previous) disposeMemoryWeights(previous.weights);
        memoryModels[cell] = { weights: result.model!, length, vocab: config.vocab };
        const point = { cell, length, accuracy: result.accuracy, finalLoss: result.losses[result.losses.length - 1], seconds: (performance.now() - started) / 1000 };
        points.push(point);
        onPoint(point);
      }
    }
    return { stopped: false, points };
  },

  async memoryInspect(cell, item) {
    const kept = memoryModels[cell];
    if (!kept) throw new DataError(`There is no trained ${cell.toUpperCase()} yet: run the sweep first.`);
    const items = kept.vocab - kept.length;
    if (!Number.isInteger(item) || item < 0 || item >= items) throw new DataError(`Pick a sequence from 0 to ${items - 1}.`);
    const sequence = Array.from({ length: kept.length }, (_, t) => item + t);
    return { ...lookInside(cell, kept.weights, sequence), length: kept.length, vocab: kept.vocab };
  },

  async charLoad(source, onProgress) {
    const { text, fromCache } = await readText(source, onProgress);
    onProgress?.({ phase: 'tokenize', loaded: 0, total: 1 });
    const { corpus, info } = charCorpus(source.name, text, fromCache);
    charBook = corpus;
    onProgress?.({ phase: 'tokenize', loaded: 1, total: 1 });
    return info;
  },

  async charCreate(config) {
    if (!charBook) throw new DataError('Load a book first.');
    await ensureBackend();
    const session = CharSession.create(charBook, config);
    chars?.dispose();
    chars = session;
    let parameters = 0;
    for (const v of [session.model.weights.embedding, ...session.model.weights.layers.flatMap((l) => [l.wIh, l.wHh, l.bIh, l.bHh]), session.model.weights.linW, session.model.weights.linB]) parameters += v.size;
    return { vocab: charBook.vocab.itos.length, parameters };
  },

  async charTrain(maxSteps, onProgress, onWriting) {
    const session = chars;
    if (!session) throw new DataError('There is no model to train: press Train to create one.');
    if (!session.corpus) {
      if (!charBook) throw new DataError(`Load ${session.corpusName} to go on training this model.`);
      session.attach(charBook);
    }
    stopRequested = false;
    const result = await session.run(maxSteps, () => stopRequested || chars !== session, onProgress, onWriting);
    return { ...result, tensors: tf.memory().numTensors };
  },

  charSetSampling(sampling) {
    if (chars) chars.sampling = sampling;
  },

  async charWrite(sampling, onWriting) {
    if (!chars) throw new DataError('Train the model first: an untrained model writes noise.');
    chars.sampling = sampling;
    return chars.write(onWriting);
  },

  async charRestore() {
    await ensureBackend();
    const restored = await CharSession.restore();
    if (!restored) return undefined;
    chars?.dispose();
    chars = restored;
    if (charBook && charBook.name === restored.corpusName) restored.attach(charBook);
    return { train: restored.train, corpusName: restored.corpusName, vocab: restored.vocab.itos.length, step: restored.model.step, points: restored.points, validation: restored.validation };
  },

  async charReset() {
    stopRequested = true;
    chars?.dispose();
    chars = undefined;
    await CharSession.forget();
  },

  async charExport() {
    if (!chars) throw new DataError('Train a model first.');
    return chars.export();
  },

  async benchChar(config, seconds) {
    if (!charBook) throw new DataError('Load a book first.');
    await ensureBackend();
    const book = charBook;
    const session = CharSession.create(book, { ...config, steps: 1_000_000 });
    const rng = createRng(config.seed);
    const step = () => {
      const { inputs, targets } = windowBatch(book.train, config.window, config.batch, rng);
      session.model.trainStep(inputs, targets);
    };
    try {
      step(); // warm-up
      let steps = 0;
      const start = performance.now();
      while (performance.now() - start < seconds * 1000) {
        step();
        steps++;
      }
      const elapsed = (performance.now() - start) / 1000;
      return { charsPerSecond: (steps * config.window * config.batch) / elapsed, steps, validationLoss: session.validationLoss() };
    } finally {
      session.dispose();
    }
  },

  async benchCbowStep(options) {
    await ensureBackend();
    return benchCbowStep(options);
  },

  async benchCounting(config) {
    await ensureBackend();
    const trainer = new CountingTrainer(config);
    try {
      let lastLoss = Number.NaN;
      const start = performance.now();
      while (trainer.step < trainer.totalSteps) lastLoss = trainer.trainStep();
      const seconds = (performance.now() - start) / 1000;
      return { seconds, accuracy: trainer.evaluate().accuracy, lastLoss };
    } finally {
      trainer.dispose();
    }
  },

  async memory() {
    const m = tf.memory() as tf.MemoryInfo & { wasmMemory?: number };
    const wasmModule = tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm : undefined;
    return { numBytes: m.numBytes, numTensors: m.numTensors, wasmHeapBytes: wasmModule?.HEAPU8?.length ?? 0 };
  },

  async tensorCount() {
    return tf.memory().numTensors;
  },

  async benchMatmul(n, seconds, shape) {
    await ensureBackend();
    const [rows, inner, cols] = shape ?? [n, n, n];
    const a = tf.randomNormal([rows, inner]) as tf.Tensor2D;
    const b = tf.randomNormal([inner, cols]) as tf.Tensor2D;
    try {
      tf.tidy(() => tf.matMul(a, b)).dispose(); // warm-up: compiles shaders, allocates
      let runs = 0;
      const start = performance.now();
      while (performance.now() - start < seconds * 1000) {
        const c = tf.matMul(a, b);
        await c.data();
        c.dispose();
        runs++;
      }
      const elapsed = (performance.now() - start) / 1000;
      return { gflops: (2 * rows * inner * cols * runs) / elapsed / 1e9, runs };
    } finally {
      a.dispose();
      b.dispose();
    }
  },

  async benchBigram(config, seconds) {
    if (!corpus) throw new DataError('Load a corpus first.');
    await ensureBackend();
    const vocab = buildVocabFromCounts(corpus.counts, { specials: ['<unk>'], maxTokens: config.vocabSize });
    const trainer = createBigramTrainer(vocab.itos.length, config, createRng(config.seed));
    try {
      trainer.usePairs(pairsFor(vocab, corpus).pairs);
      trainer.step(); // warm-up
      let steps = 0;
      const start = performance.now();
      while (performance.now() - start < seconds * 1000) {
        trainer.step();
        steps++;
      }
      return { stepsPerSecond: steps / ((performance.now() - start) / 1000), steps };
    } finally {
      trainer.dispose();
    }
  },
};

expose(api);
