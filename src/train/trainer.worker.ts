// The training worker: holds the corpus and the models, runs tfjs, and implements TrainerApi.

import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { analyseText } from '../lessons/tokens/analysis';
import { basicEnglish } from '../lessons/tokens/basicEnglish';
import { bigramEntropies, bigramPairs, type BigramTrainer, createBigramTrainer } from '../lessons/tokens/bigram';
import { MIN_FREQS, minFreqCurve, topTokens } from '../lessons/tokens/corpusStats';
import { buildVocabFromCounts, countTokens, type Vocab } from '../lessons/tokens/vocab';
import { DataError, fetchData } from '../lib/fetchData';
import { createRng } from '../lib/rng';
import { decodeText } from '../lib/textFile';
import type { BackendChoice, BackendInfo, BigramConfig, CorpusSource, TrainerApi } from './api';
import { selectBackend } from './backend';
import { runLoop } from './loop';

let backend: Promise<BackendInfo> | undefined;
const ensureBackend = (): Promise<BackendInfo> => (backend ??= selectBackend('auto'));

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
  step: number;
}
let bigram: BigramSession | undefined;
let stopRequested = false;

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
    backend = selectBackend(choice);
    return backend;
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
    const ids = corpus.docs.map((doc) => Int32Array.from(doc, (token) => vocab.indexOf(token)));
    const pairs = bigramPairs(ids);
    const rng = createRng(config.seed);
    const trainer = createBigramTrainer(pairs, vocab.itos.length, config, rng);
    bigram = { trainer, vocab, config, step: 0 };
    const { unigram, conditional } = bigramEntropies(pairs.current, pairs.next, vocab.itos.length);
    return {
      vocabSize: vocab.itos.length,
      pairs: pairs.current.length,
      unigramEntropy: unigram,
      bigramEntropy: conditional,
      uniformLoss: Math.log(vocab.itos.length),
    };
  },

  async bigramTrain(steps, onProgress) {
    const session = bigram;
    if (!session) throw new DataError('There is no model to train: press Train to create one.');
    stopRequested = false;
    const result = await runLoop({
      startStep: session.step,
      totalSteps: session.config.steps,
      maxSteps: steps,
      examplesPerStep: session.config.batch,
      step: () => session.trainer.step(),
      shouldStop: () => stopRequested || bigram !== session,
      onProgress,
    });
    session.step = result.step;
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
    await api.bigramCreate(config);
    const trainer = bigram!.trainer;
    trainer.step(); // warm-up
    let steps = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      trainer.step();
      steps++;
    }
    const elapsed = (performance.now() - start) / 1000;
    await api.bigramReset();
    return { stepsPerSecond: steps / elapsed, steps };
  },
};

expose(api);
