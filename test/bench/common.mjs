// What the benchmark entries share: the lessons' configurations, the data served in place of the public
// mirrors, helpers that drive the bench page, the figures measured so far, and PyTorch's CBOW step.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const BACKENDS = ['webgl', 'wasm', 'cpu'];
export const DEMO = { vocabSize: 2000, dim: 32, batch: 256, learningRate: 0.01, steps: 1_000_000, seed: 1 };
/** V of the notebook's vocabulary (WikiText-2 train, min_freq 50, with <unk>). */
export const NOTEBOOK_V = 4056;
export const NOTEBOOK = { mode: 'full', minFreq: 50, dim: 300, window: 8, batch: 20000, epochs: 7, learningRate: 0.1, negatives: 5, subsample: 1e-3, seed: 0 };
export const FAST = { ...NOTEBOOK, mode: 'fast', dim: 100, batch: 4096, epochs: 5, learningRate: 0.05 };
export const WIKITEXT = '../shared/data/wikitext-2/train.txt';
export const WAR_AND_PEACE = '../shared/data/war-and-peace/2600-0.txt';
export const bookMirrors = [...readFileSync('src/text/corpora.ts', 'utf8').matchAll(/'(https:\/\/[^']+2600[^']*\.txt)'/g)].map((m) => m[1]);
/** Lesson 6's defaults (src/models/charLstmConfig.ts CHAR_DEFAULTS and the page's 3000 steps). */
export const CHAR = { embed: 32, hidden: 128, layers: 2, window: 64, batch: 32, learningRate: 0.01, steps: 1_000_000, seed: 0 };
export const loadBook = (page) =>
  page.evaluate(async (urls) => {
    await window.lesson('char-lstm').load({ kind: 'mirrors', urls, name: 'War and Peace' });
  }, bookMirrors);
/** Lesson 9's recipe (src/lessons/gpt/meta.ts GPT_RECIPE) and Tiny Shakespeare's public addresses and copy here. */
export const GPT = {
  width: 128,
  heads: 4,
  layers: 4,
  context: 64,
  batch: 12,
  learningRate: 1e-3,
  minLearningRate: 1e-4,
  warmup: 100,
  steps: 2000,
  weightDecay: 0.1,
  seed: 0,
};
export const TINY_SHAKESPEARE = '../shared/data/tinyshakespeare/input.txt';
export const shakespeareMirrors = [...readFileSync('src/text/corpora.ts', 'utf8').matchAll(/'(https:\/\/[^']+input\.txt)'/g)].map((m) => m[1]);
export const loadShakespeare = (page) =>
  page.evaluate(async (urls) => {
    await window.lesson('gpt').load({ kind: 'mirrors', urls, name: 'Tiny Shakespeare' });
  }, shakespeareMirrors);

/**
 * PyTorch on Lesson 9's recipe (test/bench/gpt_torch.py): `speed` gives characters/s at one and two threads, `train`
 * the seconds of training to a validation loss of 1.88 at one thread. Undefined where PyTorch is missing.
 */
export function pytorchGpt(mode, steps) {
  try {
    return runTorch(['test/bench/gpt_torch.py', mode, String(steps), TINY_SHAKESPEARE]);
  } catch (error) {
    return { missing: String(error.message ?? error).split('\n')[0] };
  }
}

export const COUNTING = { vocab: 128, length: 6, hidden: 32, batch: 61, epochs: 25, learningRate: 0.1, seed: 0 };
export const COUNTING_TORCH = '../shared/reference/counting.json';
export const MIRRORS_SOURCE = 'src/text/corpora.ts';
export const mirrors = [...readFileSync(MIRRORS_SOURCE, 'utf8').matchAll(/'(https:\/\/[^']+train\.txt)'/g)].map((m) => m[1]);
export const PROBES = {
  king: ['queen', 'prince', 'emperor', 'pope', 'lord', 'earl', 'son'],
  father: ['mother', 'brother', 'son', 'wife'],
  france: ['italy', 'germany', 'spain', 'england', 'britain'],
  city: ['town', 'village', 'capital'],
  war: ['battle', 'army', 'conflict', 'campaign'],
};

export const loadWikitext = (page) =>
  page.evaluate(async (urls) => {
    await window.lesson('word2vec').load({ kind: 'mirrors', urls, name: 'WikiText-2 (train)' });
  }, mirrors);

/** Trains `steps` batches and returns the seconds they took and the peak memory seen meanwhile. */
export const timedSteps = (page, steps) =>
  page.evaluate(async (n) => {
    const w = window.benchmarks;
    let peakBytes = 0;
    let peakHeap = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const m = await w.memory();
        peakBytes = Math.max(peakBytes, m.numBytes);
        peakHeap = Math.max(peakHeap, m.wasmHeapBytes);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const start = performance.now();
    await window.lesson('word2vec').train(
      n,
      window.proxy(() => {}),
    );
    const seconds = (performance.now() - start) / 1000;
    polling = false;
    await poll;
    return { seconds, peakBytes, peakHeap };
  }, steps);

export const notes = [];
export const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
/** Figures measured so far in this run, by `name/backend`, for the ratio entries. */
export const measured = new Map();

/** FLOPs of one centre word of the full-softmax step: three [., D] x [D, V]-sized products, forward and backward. */
export const cbowFlopsPerWord = (V, D) => 3 * 2 * V * D;
export const OPENBLAS_DIRS = [
  process.env.TORCH_OPENBLAS_DIR,
  '/usr/lib/x86_64-linux-gnu/openblas-pthread',
  'ob/usr/lib/x86_64-linux-gnu/openblas-pthread',
].filter(Boolean);

/**
 * PyTorch's centre words per second at the notebook's configuration on this machine: a run of
 * test/bench/cbow_torch.py when Debian's python3-torch is installed (with OpenBLAS where it is found),
 * else the reference figure (perf-torch-cpu.json, V 20000, batch 1024, OpenBLAS) scaled to V 4056 by FLOPs.
 */
export function pytorchCbow(steps = 3) {
  try {
    const args = ['test/bench/cbow_torch.py', NOTEBOOK_V, NOTEBOOK.dim, NOTEBOOK.window, NOTEBOOK.batch, steps].map(String);
    const out = runTorch(args);
    const byThreads = perThreads(out.words_per_s_by_threads, (v) => String(Math.round(v)));
    return {
      wordsPerSecond: out.words_per_s,
      how: `measured now: PyTorch ${out.torch}, ${out.blas}, batch ${NOTEBOOK.batch}, synthetic ids, median of ${steps} steps at each setting (${byThreads}); kept ${out.threads}`,
    };
  } catch (error) {
    const ref = JSON.parse(readFileSync('../shared/reference/perf-torch-cpu.json', 'utf8'));
    const at20000 = ref.baseline_center_words_per_s.batch1024_max_norm1;
    return {
      wordsPerSecond: (at20000 * cbowFlopsPerWord(20000, 300)) / cbowFlopsPerWord(NOTEBOOK_V, 300),
      how: `no PyTorch here (${String(error.message ?? error).split('\n')[0]}); perf-torch-cpu.json's ${at20000} words/s at V 20000 scaled to V ${NOTEBOOK_V} by FLOPs`,
    };
  }
}

/** Each entry: its name, unit, whether it runs per backend, and how to measure it on a page with its backend set. */

/** Runs a PyTorch twin (Debian's python3 with OpenBLAS) and returns the JSON of its last line; throws where PyTorch is missing. */
export function runTorch(args) {
  const out = execFileSync('/usr/bin/python3', args, { env: torchEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
  return JSON.parse(out.trim().split('\n').pop());
}

/** A twin's figures by thread setting, as "1 thread X, 2 threads Y". */
export const perThreads = (byThreads, format) =>
  Object.entries(byThreads)
    .map(([threads, v]) => `${threads} thread${threads === '1' ? '' : 's'} ${format(v)}`)
    .join(', ');

/** The median of some figures, and their spread (min-max, rounded) as the notes give it. */
export const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const spread = (xs) => `${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))}`;

/**
 * Alternates the two sides of a comparison for `rounds` rounds (so that a busy moment hits both), noting each
 * round, and returns the ratio of the medians, ours over theirs, with a note of the medians.
 */
export async function alternate(name, unit, rounds, ours, theirs) {
  const mine = [];
  const other = [];
  for (let round = 0; round < rounds; round++) {
    mine.push(await ours());
    const torch = theirs();
    other.push(torch.value);
    notes.push(`${name} round ${round + 1}: the page ${Math.round(mine.at(-1))} ${unit}; ${torch.how}`);
  }
  notes.push(`${name}: medians ${Math.round(median(mine))} (WASM) and ${Math.round(median(other))} (PyTorch) ${unit}`);
  return median(mine) / median(other);
}

/** The environment that gives Debian's PyTorch OpenBLAS, where it is installed. */
function torchEnv(threads) {
  const blas = OPENBLAS_DIRS.find((dir) => existsSync(`${dir}/libblas.so.3`));
  return {
    ...process.env,
    ...(threads ? { OPENBLAS_NUM_THREADS: String(threads) } : {}),
    ...(blas ? { LD_LIBRARY_PATH: [blas, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } : {}),
  };
}

/**
 * PyTorch's characters per second on Lesson 6's default model on this machine: test/bench/charlm_torch.py at
 * one and two threads (the faster kept) when Debian's python3-torch is installed, else the figure issue 11
 * measured on this kind of machine (31,600 at one thread), said so.
 */
export function pytorchChar(steps = 8) {
  try {
    const args = ['test/bench/charlm_torch.py', CHAR.embed, CHAR.hidden, CHAR.layers, CHAR.window, CHAR.batch, steps].map(String);
    const out = runTorch(args);
    const byThreads = perThreads(out.chars_per_s_by_threads, (v) => String(Math.round(v)));
    return {
      charsPerSecond: out.chars_per_s,
      how: `measured now: PyTorch ${out.torch}, ${out.blas}, median of ${steps} steps at each setting (${byThreads}); kept ${out.threads}`,
    };
  } catch (error) {
    return {
      charsPerSecond: 31_600,
      how: `no PyTorch here (${String(error.message ?? error).split('\n')[0]}); issue 11's figure for this kind of machine, 31,600 at one thread`,
    };
  }
}

/** Lesson 5's sweep at the notebook's configuration (src/lessons/lstm/meta.ts MEMORY_RECIPE and SWEEP_LENGTHS). */
export const SWEEP = { lengths: [4, 6, 8, 10, 12, 14, 16, 18], cells: ['rnn', 'lstm'], vocab: 512, hidden: 32, epochs: 100, learningRate: 0.1, seed: 0 };

/**
 * PyTorch's seconds for Lesson 5's whole sweep on this machine: test/bench/sweep_torch.py, one and two threads
 * alternated model by model, the faster total kept; undefined where Debian's python3-torch is missing.
 */
export function pytorchSweep() {
  try {
    const out = runTorch(['test/bench/sweep_torch.py', SWEEP.vocab, SWEEP.hidden, SWEEP.epochs].map(String));
    const byThreads = perThreads(out.seconds_by_threads, (v) => `${v.toFixed(1)} s`);
    return { seconds: out.seconds, how: `measured now: PyTorch, one-hot inputs as the notebook (${byThreads}); kept ${out.threads}` };
  } catch (error) {
    return { seconds: undefined, how: `no PyTorch here (${String(error.message ?? error).split('\n')[0]})` };
  }
}
