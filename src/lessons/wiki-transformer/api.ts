// Lesson 12's slice of the worker API: WikiText-2 cut into Project II's BPE tokens, the transformer in training on
// them, its samples, the ready-trained model, and its benchmarks. Types only.

import type { EngineInfo } from '../../kernels/trainer';
import type { RunEstimate } from '../../train/estimate';
import type { LoadProgress, LossPoint, TextSource, TrainProgress, TrainSummary } from '../../train/types';
import type { WikiConfig } from './meta';

export type { WikiConfig };

/** A validation point, with the seconds of training it took to get there. */
export interface TimedPoint {
  step: number;
  loss: number;
  seconds: number;
}

/** The token stream the model trains on. */
export interface WikiCorpusInfo {
  name: string;
  fromCache: boolean;
  words: number;
  vocab: number;
  merges: number;
  tokens: number;
  train: number;
  validation: number;
  /** Where the rules came from: learned here (seconds), or the ready-trained model's. */
  rules: 'learned' | 'ready';
  seconds: number;
}

export interface WikiEvent {
  engine?: EngineInfo;
  validation?: TimedPoint;
  sample?: { step: number; text: string };
}

export interface WikiRestored {
  config: WikiConfig;
  corpusName: string;
  step: number;
  totalSteps: number;
  points: LossPoint[];
  validation: TimedPoint[];
  vocab: number;
  pretrained?: string;
}

export interface WikiApi {
  /** WikiText-2 (or a text of the reader's), cleaned as the notebook does, cut into BPE tokens: learned here with `merges`, or with the rules of the model held (the ready-trained one, or one restored). */
  load(source: TextSource, rules: 'learn' | 'model', merges: number, onProgress?: (p: LoadProgress) => void): Promise<WikiCorpusInfo>;
  create(config: WikiConfig): Promise<{ parameters: number; vocab: number }>;
  estimate(config: WikiConfig): Promise<RunEstimate>;
  train(maxSteps: number, onProgress: (p: TrainProgress) => void, onEvent: (e: WikiEvent) => void): Promise<TrainSummary>;
  setPrompt(prompt: string): Promise<void>;
  write(prompt: string, length: number): Promise<string>;
  extend(steps: number): Promise<number>;
  restore(): Promise<WikiRestored | undefined>;
  /** The ready-trained model of the notebook's configuration (public/pretrained/), made by npm run train:wiki-model. */
  loadPretrained(url: string): Promise<WikiRestored>;
  /** The held model as a ready-trained file (8-bit weights), for test/models/trainWikiModel.mjs. */
  exportPretrained(made: { licence: string; madeBy: string; curve: TimedPoint[] }): Promise<string>;
  reset(): Promise<void>;
  /** npm run bench: training steps of `config` (fresh, not the page's model) for `seconds`; tokens per second. */
  bench(config: WikiConfig, seconds: number): Promise<{ tokensPerSecond: number; steps: number; threads: number }>;
  /** npm run bench: the held model's loss on every non-overlapping window of the validation split. */
  benchValidation(): Promise<{ loss: number; windows: number; tokens: number }>;
}
