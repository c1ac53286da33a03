// Lesson 9's slice of the worker API: the book, the tiny GPT in training, its writing and attention maps, and
// Lesson 6's LSTM on the same book for the same time. Types only.

import type { CharCorpusInfo } from '../../text/chars';
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

export interface GptApi {
  gptLoad(source: TextSource, onProgress?: (p: LoadProgress) => void): Promise<CharCorpusInfo>;
  gptCreate(config: GptTrainConfig): Promise<{ parameters: number; vocab: number }>;
  /** Trains; a validation point, a sample of `prompt` and its attention maps every 100 steps and at the end; saves every 30 s. */
  gptTrain(maxSteps: number, onProgress: (p: TrainProgress) => void, onEvent: (e: GptEvent) => void): Promise<TrainSummary>;
  /** What the run samples from and shows the attention of. */
  gptSetPrompt(prompt: string, temperature: number): Promise<void>;
  gptWrite(prompt: string, length: number, temperature: number, onText: (text: string) => void): Promise<string>;
  gptAttention(prompt: string): Promise<GptAttention>;
  gptEstimate(config: GptTrainConfig): Promise<{ secondsPerStep: number; seconds: number }>;
  gptExtend(steps: number): Promise<number>;
  /** Lesson 6's default LSTM trained on the loaded book for as many seconds as the GPT has trained: its validation points as they land. */
  gptCompareLstm(onPoint: (p: TimedPoint) => void): Promise<TimedPoint[]>;
  gptRestore(): Promise<GptRestored | undefined>;
  gptReset(): Promise<void>;
  /** The weights as JSON (shapes and values), to take away. */
  gptExport(): Promise<string>;
}
