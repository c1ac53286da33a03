// Lesson 6's slice of the worker API: the book, the character model in training, and its writing. Types only.

import type { CharCorpusInfo, CharRestored, CharSampling, CharTrainConfig, CharWriting } from '../../train/charLstm/types';
import type { LoadProgress, TextSource, TrainProgress, TrainSummary } from '../../train/types';

export type { CharCorpusInfo, CharRestored, CharSampling, CharTrainConfig, CharWriting };

/** What the benchmark measured: training speed, the validation loss reached, and one step's tfjs kernels. */
export interface CharBenchResult {
  charsPerSecond: number;
  steps: number;
  validationLoss: number;
  /** Where the steps ran: the WebAssembly engine on `threads` threads, or tfjs ops (threads 0). */
  fused: boolean;
  threads: number;
  kernels: { name: string; ms: number; calls: number }[];
  profiledMs: number;
}

export interface CharLstmApi {
  /**
   * Characters per second of training steps at `config` on the loaded book, timed for `seconds`; with `profile`,
   * the tfjs kernel time of one step by kernel (none where the WebAssembly engine runs it all).
   */
  bench(config: CharTrainConfig, seconds: number, profile?: boolean): Promise<CharBenchResult>;
  /** Loads a book (mirrors tried in turn, cached; or the site's Moby-Dick; or a file), strips Gutenberg's header and footer. */
  load(source: TextSource, onProgress?: (p: LoadProgress) => void): Promise<CharCorpusInfo>;
  /** A fresh character model on the loaded book (replacing the one held). */
  create(config: CharTrainConfig): Promise<{ vocab: number; parameters: number }>;
  /** How long `config.steps` training steps take here, from three timed steps of a fresh model on the loaded book. */
  estimate(config: CharTrainConfig): Promise<{ secondsPerStep: number; seconds: number }>;
  /** Trains, with a validation point and a written sample every few seconds; saves a checkpoint every 30 s and when it returns. */
  train(maxSteps: number, onProgress: (p: TrainProgress) => void, onWriting?: (w: CharWriting) => void): Promise<TrainSummary & { validationLoss: number }>;
  /** The prompt and sampling rule the samples written during training use from now on. */
  setSampling(sampling: CharSampling): void;
  /** Writes one sample now, streaming it. */
  write(sampling: CharSampling, onWriting: (w: CharWriting) => void): Promise<string>;
  restore(): Promise<CharRestored | undefined>;
  /** Loads the ready-trained model at `url` (public/pretrained/), replacing the model held, and saves it as this page's model. */
  loadPretrained(url: string): Promise<CharRestored>;
  /** The held model as a ready-trained file (JSON), for test/models/trainCharModel.mjs. */
  exportPretrained(made: { licence: string; madeBy: string }): Promise<string>;
  /** Raises the held model's total by `extra` steps, so that a finished run trains further; returns the new total. */
  extend(extra: number): Promise<number>;
  reset(): Promise<void>;
  /** The weights, vocabulary and configuration as JSON. */
  export(): Promise<string>;
}
