// Lesson 6's slice of the worker API: the book, the character model in training, and its writing. Types only.

import type { LoadProgress, LossPoint, TextSource, TrainProgress, TrainSummary } from '../../train/types';
import type { CharLmConfig } from './meta';
import type { SamplingOptions } from './sampling';

/** The loaded book. */
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

/** The model's hyperparameters (its vocabulary comes from the book) and the steps the run aims at. */
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
  points: LossPoint[];
  validation: LossPoint[];
  /** How a ready-trained model was made (not in this browser); absent for a model trained here. */
  pretrained?: string;
}

export interface CharLstmApi {
  /** Loads a book (mirrors tried in turn, cached; or the site's Moby-Dick; or a file), strips Gutenberg's header and footer. */
  charLoad(source: TextSource, onProgress?: (p: LoadProgress) => void): Promise<CharCorpusInfo>;
  /** A fresh character model on the loaded book (replacing the one held). */
  charCreate(config: CharTrainConfig): Promise<{ vocab: number; parameters: number }>;
  /** How long `config.steps` training steps take here, from three timed steps of a fresh model on the loaded book. */
  charEstimate(config: CharTrainConfig): Promise<{ secondsPerStep: number; seconds: number }>;
  /** Trains, with a validation point and a written sample every few seconds; saves a checkpoint every 30 s and when it returns. */
  charTrain(maxSteps: number, onProgress: (p: TrainProgress) => void, onWriting?: (w: CharWriting) => void): Promise<TrainSummary & { validationLoss: number }>;
  /** The prompt and sampling rule the samples written during training use from now on. */
  charSetSampling(sampling: CharSampling): void;
  /** Writes one sample now, streaming it. */
  charWrite(sampling: CharSampling, onWriting: (w: CharWriting) => void): Promise<string>;
  charRestore(): Promise<CharRestored | undefined>;
  /** Loads the ready-trained model at `url` (public/pretrained/), replacing the model held, and saves it as this page's model. */
  charLoadPretrained(url: string): Promise<CharRestored>;
  /** The held model as a ready-trained file (JSON), for test/models/trainCharModel.mjs. */
  charExportPretrained(made: { licence: string; madeBy: string }): Promise<string>;
  /** Raises the held model's total by `extra` steps, so that a finished run trains further; returns the new total. */
  charExtend(extra: number): Promise<number>;
  charReset(): Promise<void>;
  /** The weights, vocabulary and configuration as JSON. */
  charExport(): Promise<string>;
}
