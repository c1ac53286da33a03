// The one typed API of the training worker. The page imports it with `import type` only and reaches the
// worker through comlink; only plain data and typed arrays cross the boundary.

import type { MinFreqPoint, TokenCount } from '../lessons/tokens/corpusStats';
import type { TextAnalysis, TextAnalysisOptions } from '../lessons/tokens/analysis';
import type { CountingAccuracy, CountingConfig, CountingPrediction } from '../lessons/counting/counting';
import type { RnnComparison } from '../lessons/rnn/compare';
import type { SequenceTrace } from '../lessons/rnn/demo';
import type { CellKind, MemoryInside } from '../lessons/lstm/memory';
import type { CharLmConfig } from '../lessons/charlm/model';
import type { SamplingOptions } from '../lessons/charlm/sampling';

export type { CellKind, CountingAccuracy, CountingConfig, CountingPrediction, MemoryInside, RnnComparison, SequenceTrace };

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

/** Which tfjs backend runs in the worker, and why. */
export interface BackendInfo {
  name: BackendName;
  reason: string;
  /** The WebGL renderer's name, or why there is none. */
  renderer: string;
  softwareWebgl: boolean;
  webglAvailable: boolean;
  crossOriginIsolated: boolean;
  simd: boolean;
  threads: number;
}

/** Where a corpus comes from: a URL the site serves or knows, or a file the reader picked. */
export type CorpusSource =
  | { kind: 'url'; url: string; name: string; format: 'text' | 'sotu-json' }
  | { kind: 'file'; file: Blob; name: string };

/** Progress of a download or a file read, in bytes (`total` is 0 when unknown). */
export interface LoadProgress {
  phase: 'download' | 'tokenize';
  loaded: number;
  total: number;
}

/** What the corpus panel shows about a loaded corpus. */
export interface CorpusSummary {
  name: string;
  chars: number;
  documents: number;
  tokens: number;
  distinct: number;
  curve: MinFreqPoint[];
  top: TokenCount[];
  /** True when the text came from the browser's cache rather than the network. */
  fromCache: boolean;
  millis: number;
}

/** The small training demo of Lesson 1: a bigram model over the loaded corpus. */
export interface BigramConfig {
  /** Vocabulary cap (torchtext's max_tokens, with `<unk>`). */
  vocabSize: number;
  dim: number;
  batch: number;
  learningRate: number;
  steps: number;
  seed: number;
}

export interface BigramInfo {
  /** The corpus the pairs come from. */
  corpusName: string;
  vocabSize: number;
  pairs: number;
  /** Entropy of the next token alone, nats: where a model that ignores its input ends. */
  unigramEntropy: number;
  /** Conditional entropy of next given current, nats: the best any bigram model can do on these pairs. */
  bigramEntropy: number;
  /** ln V: the loss of a model that knows nothing. */
  uniformLoss: number;
}

/** A batch of new loss points and where training stands; sent every ~100 ms, never the whole history. */
export interface TrainProgress {
  points: { step: number; loss: number }[];
  step: number;
  totalSteps: number;
  /** Training examples (pairs, centre words, sequences) per second over the last interval. */
  examplesPerSecond: number;
  secondsLeft: number;
  /** Lessons that train in epochs: the epoch now running (0-based) and the mean losses of epochs just finished. */
  epoch?: number;
  epochMeans?: { epoch: number; loss: number }[];
  /** Lessons that measure a held-out loss now and then: the new validation points. */
  validation?: { step: number; loss: number }[];
}

export interface TrainSummary {
  step: number;
  totalSteps: number;
  /** True when it stopped because `pause` was called, false when it ran all its steps. */
  paused: boolean;
  lastLoss: number;
  seconds: number;
  tensors: number;
}

/** A bigram model brought back from its checkpoint after a reload. */
export interface BigramRestored {
  config: BigramConfig;
  info: BigramInfo;
  step: number;
  points: { step: number; loss: number }[];
  /** The corpus it was trained on. */
  corpusName: string;
  savedAt: number;
}

export interface NextTokenPrediction {
  known: boolean;
  token: string;
  next: { token: string; probability: number }[];
}

/** Lesson 2: where the word2vec corpus comes from. */
export type Word2vecSource =
  | { kind: 'mirrors'; urls: string[]; name: string }
  | { kind: 'url'; url: string; name: string; format: 'text' | 'sotu-json' }
  | { kind: 'file'; file: Blob; name: string };

export interface Word2vecCorpusInfo {
  name: string;
  /** The address it came from, for a download. */
  url?: string;
  paragraphs: number;
  tokens: number;
  fromCache: boolean;
}

export type Word2vecMode = 'full' | 'fast';

/** Lesson 2's hyperparameters (the notebook's by default). */
export interface Word2vecConfig {
  mode: Word2vecMode;
  minFreq: number;
  dim: number;
  window: number;
  batch: number;
  epochs: number;
  learningRate: number;
  /** Fast mode: noise words per example, and the subsampling threshold t. */
  negatives: number;
  subsample: number;
  seed: number;
}

/** What a configuration costs, before it runs. */
export interface Word2vecPlan {
  vocabSize: number;
  examples: number;
  batchesPerEpoch: number;
  /** Examples pushed through at once (full mode splits a batch into chunks of this size). */
  chunk: number;
  /** Estimated peak tfjs memory, bytes. */
  peakBytes: number;
  /** Rough seconds for the whole run on the current backend. */
  seconds: number;
  warnings: string[];
}

export interface Word2vecNeighbours {
  word: string;
  known: boolean;
  context: { word: string; score: number }[];
  centre: { word: string; score: number }[];
  /** For an unknown word: vocabulary words spelt most like it. */
  suggestions: string[];
}

export interface Word2vecRestored {
  config: Word2vecConfig;
  plan: Word2vecPlan;
  corpusName: string;
  step: number;
  totalSteps: number;
  points: { step: number; loss: number }[];
  epochMeans: { epoch: number; loss: number }[];
  savedAt: number;
}

/** Lesson 4: the counting model brought back after a reload. */
export interface CountingRestored {
  config: CountingConfig;
  step: number;
  totalSteps: number;
  stepsPerEpoch: number;
  epochMeans: { epoch: number; loss: number }[];
  accuracy: CountingAccuracy;
  savedAt: number;
}

/** What a counting run is made of. */
export interface CountingPlan {
  items: number;
  stepsPerEpoch: number;
  totalSteps: number;
}

/** Lesson 5: the sweep over sequence lengths, RNN against LSTM. */
export interface MemorySweepConfig {
  lengths: number[];
  cells: CellKind[];
  vocab: number;
  hidden: number;
  epochs: number;
  learningRate: number;
  seed: number;
}

/** One point of the sweep, sent as soon as its model is trained. */
export interface MemorySweepPoint {
  cell: CellKind;
  length: number;
  /** Accuracy of the last step over all V - L sequences. */
  accuracy: number;
  finalLoss: number;
  seconds: number;
}

/** Where the sweep stands (sent a few times a second). */
export interface MemorySweepProgress {
  cell: CellKind;
  length: number;
  epoch: number;
  epochs: number;
  loss: number;
}

/** Lesson 6: the loaded book. */
export interface CharCorpusInfo {
  name: string;
  /** Characters of the book (after Gutenberg's header and footer are dropped). */
  chars: number;
  vocab: number;
  trainChars: number;
  validationChars: number;
  strippedGutenberg: boolean;
  fromCache: boolean;
  /** The first characters of the book, to show what it reads. */
  opening: string;
}

/** Lesson 6's hyperparameters: the model's (its vocabulary comes from the book) and the steps the run aims at. */
export type CharTrainConfig = Omit<CharLmConfig, 'vocab'> & { steps: number };

/** What and how to write: a prompt, a length, and the sampling rule. */
export interface CharSampling extends SamplingOptions {
  prompt: string;
  length: number;
}

/** Text streaming from the worker: a sample starts (with the prompt as the model read it), characters come, it ends. */
export interface CharWriting {
  kind: 'start' | 'chars' | 'end';
  /** The training step of the model that writes. */
  step: number;
  prompt: string;
  /** Prompt characters the model does not know (left out). */
  unknown: string[];
  text: string;
}

export interface CharRestored {
  train: CharTrainConfig;
  corpusName: string;
  vocab: number;
  step: number;
  points: { step: number; loss: number }[];
  validation: { step: number; loss: number }[];
}

export interface CbowBenchOptions {
  variant: 'ours' | 'straightforward';
  vocabSize: number;
  dim: number;
  window: number;
  batch: number;
  /** Examples per chunk ('ours' only; 0 picks the lesson's own). */
  chunk: number;
  steps: number;
  profile: boolean;
}

export interface CbowBenchResult {
  wordsPerSecond: number;
  secondsPerStep: number;
  chunk: number;
  /** Kernel time of one profiled step, by kernel, longest first (empty when not profiled). */
  kernels: { name: string; ms: number; calls: number }[];
  profiledMs: number;
}

export interface TrainerApi {
  /** The backend in use (picked automatically on first use). */
  getBackend(): Promise<BackendInfo>;
  /** Switches backend; a running training loop goes on on the new one. */
  setBackend(choice: BackendChoice): Promise<BackendInfo>;
  /** Calls `onChange` when the worker changes backend by itself (a lost WebGL context), with a message for the reader. */
  watchBackend(onChange: (info: BackendInfo, message: string) => void): void;
  /** Loses the WebGL context on purpose, as a GPU reset would; false when WebGL is not running. For tests. */
  loseWebglContext(): Promise<boolean>;
  /** Lesson 1's text analysis, for text too large to tokenize on the page. */
  analyseText(text: string, opts: TextAnalysisOptions): Promise<TextAnalysis>;
  /** Fetches (with the browser cache) or reads a corpus, tokenizes it with basic_english and keeps it. */
  loadCorpus(source: CorpusSource, onProgress?: (p: LoadProgress) => void): Promise<CorpusSummary>;
  /** Creates a fresh bigram model over the loaded corpus (replacing any earlier one). */
  bigramCreate(config: BigramConfig): Promise<BigramInfo>;
  /** The model saved before the last reload (IndexedDB), now live again; undefined when there is none. */
  bigramRestore(): Promise<BigramRestored | undefined>;
  /** Trains up to `steps` more steps on the loaded corpus, streaming progress; returns early after `pause`. Saves a checkpoint when it returns and every 30 s. */
  bigramTrain(steps: number, onProgress: (p: TrainProgress) => void): Promise<TrainSummary>;
  /** The model's most likely next tokens after `word`. */
  bigramPredict(word: string, k: number): Promise<NextTokenPrediction>;
  /** Frees the bigram model and deletes its checkpoint. */
  bigramReset(): Promise<void>;
  /** Asks the running training loop to stop after its current step; the model is kept. */
  pause(): void;
  /** Number of live tfjs tensors (for leak checks). */
  tensorCount(): Promise<number>;
  /** Lesson 2: loads a corpus (mirrors tried in turn, cached), cleaned into paragraphs the notebook's way. */
  w2vLoad(source: Word2vecSource, onProgress?: (p: LoadProgress) => void): Promise<Word2vecCorpusInfo>;
  /** What a configuration needs (vocabulary, examples, memory, time) on the loaded corpus. */
  w2vPlan(config: Word2vecConfig): Promise<Word2vecPlan>;
  /** A fresh model for `config` on the loaded corpus (replaces the model held, keeps its checkpoint until the first epoch ends). */
  w2vCreate(config: Word2vecConfig): Promise<Word2vecPlan>;
  /** Trains until the last epoch, `maxSteps` more batches, or `pause`; checkpoints after every epoch. */
  w2vTrain(maxSteps: number, onProgress: (p: TrainProgress) => void): Promise<TrainSummary>;
  w2vNeighbours(word: string, k: number): Promise<Word2vecNeighbours>;
  /** a is to b as c is to ?: the context-embedding words nearest b - a + c. */
  w2vAnalogy(a: string, b: string, c: string, k: number): Promise<{ missing: string[]; results: { word: string; score: number }[] }>;
  /** 2-D PCA of the context vectors of `words`. */
  w2vMap(words: string[]): Promise<{ points: { word: string; x: number; y: number }[]; missing: string[] }>;
  w2vRestore(): Promise<Word2vecRestored | undefined>;
  w2vReset(): Promise<void>;
  /** The vectors for the Embedding Projector (TSV) and everything as JSON. */
  w2vExport(): Promise<{ vectorsTsv: string; metadataTsv: string; json: string }>;
  /** Lesson 3: a fresh RNN (hidden `hidden`, weights from `seed`) traced over `tokens`, and the same run cut in two calls at `split`. */
  rnnTrace(tokens: string[], hidden: number, seed: number, split: number): Promise<SequenceTrace>;
  /** Lesson 3: the hand-written RNN against tf.layers.simpleRNN with copied weights (fresh, continuation, batch). */
  rnnCheck(seed: number): Promise<RnnComparison>;
  /** Lesson 4: a fresh counting model (replacing the one held; its checkpoint goes at the first save). */
  countCreate(config: CountingConfig): Promise<CountingPlan>;
  /** Trains until the last epoch, `maxSteps` more batches, or `pause`; saves a checkpoint when it returns. */
  countTrain(maxSteps: number, onProgress: (p: TrainProgress) => void): Promise<TrainSummary & { accuracy: CountingAccuracy }>;
  countEvaluate(): Promise<CountingAccuracy>;
  /** The model's prediction after `sequence`, from hidden state `h` (zeros when left out). */
  countPredict(sequence: number[], h?: Float32Array): Promise<CountingPrediction>;
  countRestore(): Promise<CountingRestored | undefined>;
  countReset(): Promise<void>;
  /** Benchmark: a whole fresh run of `config` (not the page's model); seconds of training alone. */
  benchCounting(config: CountingConfig): Promise<{ seconds: number; accuracy: number; lastLoss: number }>;
  /** Lesson 5: the hand-written LSTM against tf.layers.lstm with copied weights (fresh, continuation, batch). */
  lstmCheck(seed: number): Promise<RnnComparison>;
  /** Lesson 5: trains one model per (length, cell), streaming each point as it lands; `pause` stops it between epochs. Keeps the last model of each cell for `memoryInspect`. */
  memorySweep(config: MemorySweepConfig, onPoint: (p: MemorySweepPoint) => void, onProgress?: (p: MemorySweepProgress) => void): Promise<{ stopped: boolean; points: MemorySweepPoint[] }>;
  /** Lesson 5: inside the last trained model of `cell` on its item `item` (the sequence item, item+1, ...); with its length. */
  memoryInspect(cell: CellKind, item: number): Promise<MemoryInside & { length: number; vocab: number }>;
  /** Lesson 6: loads a book (mirrors tried in turn, cached; or the site's Moby-Dick; or a file), strips Gutenberg's header and footer. */
  charLoad(source: Word2vecSource, onProgress?: (p: LoadProgress) => void): Promise<CharCorpusInfo>;
  /** A fresh character model on the loaded book (replacing the one held). */
  charCreate(config: CharTrainConfig): Promise<{ vocab: number; parameters: number }>;
  /** Trains, with a validation point and a written sample every few seconds; saves a checkpoint when it returns. */
  charTrain(maxSteps: number, onProgress: (p: TrainProgress) => void, onWriting?: (w: CharWriting) => void): Promise<TrainSummary & { validationLoss: number }>;
  /** The prompt and sampling rule the samples written during training use from now on. */
  charSetSampling(sampling: CharSampling): void;
  /** Writes one sample now, streaming it. */
  charWrite(sampling: CharSampling, onWriting: (w: CharWriting) => void): Promise<string>;
  charRestore(): Promise<CharRestored | undefined>;
  charReset(): Promise<void>;
  /** The weights, vocabulary and configuration as JSON. */
  charExport(): Promise<string>;
  /** Benchmark: characters per second of training steps at `config` on the loaded book, timed for `seconds`. */
  benchChar(config: CharTrainConfig, seconds: number): Promise<{ charsPerSecond: number; steps: number; validationLoss: number }>;
  /** Live tfjs memory: bytes held by tensors, and the WASM heap where WASM runs. */
  memory(): Promise<{ numBytes: number; numTensors: number; wasmHeapBytes: number }>;
  /** Benchmarks: n x n matmul throughput (or [m, k] x [k, n] for `shape` [m, k, n]), and demo training steps per second. */
  benchMatmul(n: number, seconds: number, shape?: [number, number, number]): Promise<{ gflops: number; runs: number }>;
  benchBigram(config: BigramConfig, seconds: number): Promise<{ stepsPerSecond: number; steps: number }>;
  /**
   * Benchmark: one full-softmax CBOW training step on synthetic ids (V, D, window, batch, chunk as given),
   * `variant` 'ours' (the lesson's step) or 'straightforward' (tf.gather + matMul + softmaxCrossEntropy +
   * tf.train.adam, gradients by autodiff). Times `steps` steps after a warm-up, and profiles one step by kernel.
   */
  benchCbowStep(options: CbowBenchOptions): Promise<CbowBenchResult & { lookup?: string }>;
}
