// Lesson 9's slice of the worker API: the book, the tiny GPT in training, its writing and attention maps, and
// Lesson 6's LSTM on the same book for the same time. Types only.

import type { SamplingOptions } from '../../models/sampling';
import type { CharCorpusInfo } from '../../text/chars';
import type { RunEstimate } from '../../train/estimate';
import type { LoadProgress, TextSource, TrainProgress, TrainSummary } from '../../train/types';
import type { GptTrainConfig } from './meta';

export type { CharCorpusInfo, GptTrainConfig };

/** A validation point, with the seconds of training it took to get there. */
export interface TimedPoint {
  step: number;
  loss: number;
  seconds: number;
}

/** The attention of every block and head on a prompt: maps[layer] is [H, T, T] row-major. */
export interface GptAttention {
  tokens: string[];
  heads: number;
  maps: number[][];
}

/** What the run sends besides its progress: validation points, a sample, the attention maps of the prompt. */
export interface GptEvent {
  /** Where the steps run, sent as a run starts: this site's WebAssembly kernels (on how many threads) or tfjs ops. */
  engine?: { kernels: boolean; threads: number };
  validation?: TimedPoint;
  sample?: { step: number; prompt: string; text: string };
  attention?: GptAttention;
}

export interface GptRestored {
  config: GptTrainConfig;
  corpusName: string;
  step: number;
  totalSteps: number;
  points: { step: number; loss: number }[];
  validation: TimedPoint[];
  lstm: TimedPoint[];
}

/** What the benchmark measured: training speed, and one step's tfjs kernels where it ran on tfjs ops. */
export interface GptBenchResult {
  charsPerSecond: number;
  steps: number;
  kernels: { name: string; ms: number; calls: number }[];
  profiledMs: number;
  fused: boolean;
  threads: number;
}

export interface GptApi {
  /**
   * Training steps (no validation, samples or maps) for `seconds` on the book `load` loaded, in the WebAssembly
   * kernels where they load unless `fused` is false; one profiled step (npm run bench).
   */
  bench(config: GptTrainConfig, seconds: number, profile?: boolean, fused?: boolean): Promise<GptBenchResult>;
  load(source: TextSource, onProgress?: (p: LoadProgress) => void): Promise<CharCorpusInfo>;
  create(config: GptTrainConfig): Promise<{ parameters: number; vocab: number }>;
  /** Trains; a validation point, a sample of `prompt` and its attention maps every 100 steps and at the end; saves every 30 s. */
  train(maxSteps: number, onProgress: (p: TrainProgress) => void, onEvent: (e: GptEvent) => void): Promise<TrainSummary>;
  /** What the run samples from and shows the attention of. */
  setPrompt(prompt: string, sampling: SamplingOptions): Promise<void>;
  write(prompt: string, length: number, sampling: SamplingOptions, onText: (text: string) => void): Promise<string>;
  attention(prompt: string): Promise<GptAttention>;
  estimate(config: GptTrainConfig): Promise<RunEstimate>;
  extend(steps: number): Promise<number>;
  /** Lesson 6's default LSTM trained on the loaded book for as many seconds as the GPT has trained: its validation points as they land. */
  compareLstm(onPoint: (p: TimedPoint) => void): Promise<TimedPoint[]>;
  restore(): Promise<GptRestored | undefined>;
  reset(): Promise<void>;
  /** The weights as JSON (shapes and values), to take away. */
  export(): Promise<string>;
}
