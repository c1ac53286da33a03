// The training worker: holds the corpus and the models, runs tfjs, and implements TrainerApi.

import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { analyseText } from '../lessons/tokens/analysis';
import { basicEnglish } from '../lessons/tokens/basicEnglish';
import { bigramEntropies, bigramPairs, type BigramState, type BigramTrainer, createBigramTrainer } from '../lessons/tokens/bigram';
import { MIN_FREQS, minFreqCurve, topTokens } from '../lessons/tokens/corpusStats';
import { buildVocabFromCounts, countTokens, type Vocab, vocabFromItos } from '../lessons/tokens/vocab';
import { checkpointsAvailable, deleteCheckpoint, loadCheckpoint, saveCheckpoint } from '../lib/checkpoints';
import { DataError, fetchData } from '../lib/fetchData';
import { createRng } from '../lib/rng';
import { decodeText } from '../lib/textFile';
import type { BackendChoice, BackendInfo, BigramConfig, BigramInfo, CorpusSource, TrainerApi } from './api';
import { loseWebglContext, selectBackend, watchWebglContext } from './backend';
import { runLoop } from './loop';

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
    let bytes: Uint8Array;
    let fromCache = false;
    if (source.kind === 'url') {
      const fetched = await fetchData(source.url, (loaded, total) => onProgress?.({ phase: 'download', loaded, total }));
      bytes = fetched.bytes;
      fromCache = fetched.fromCache;
    } else {
      onProgress?.({ phase: 'download', loaded: 0, total: source.file.size });
      bytes = new Uint8Array(await source.file.arrayBuffer());
      onProgress?.({ phase: 'download', loaded: bytes.length, total: source.file.size });
    }
    const decoded = decodeText(bytes, source.kind === 'file' ? `“${source.name}”` : 'The downloaded corpus');
    if (!decoded.ok) throw new DataError(decoded.message);
    const texts = documentsOf(decoded.text, source.kind === 'url' ? source.format : 'text');
    onProgress?.({ phase: 'tokenize', loaded: 0, total: texts.length });
    const docs: string[][] = [];
    for (const text of texts) {
      const tokens = basicEnglish(text);
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
      chars: decoded.text.length,
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

  async tensorCount() {
    return tf.memory().numTensors;
  },

  async benchMatmul(n, seconds) {
    await ensureBackend();
    const a = tf.randomNormal([n, n]);
    const b = tf.randomNormal([n, n]);
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
      return { gflops: (2 * n * n * n * runs) / elapsed / 1e9, runs };
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
