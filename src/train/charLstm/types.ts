// What the character LSTM in training (session.ts) says to the page: its book, its writing, what a restore
// brings back. Types only; Lessons 6 and 9 re-export them in their slices.

import type { CharTrainConfig } from '../../models/charLstmConfig';
import type { SamplingOptions } from '../../models/sampling';
import type { LossPoint } from '../types';

export type { CharCorpusInfo } from '../../text/chars';
export type { CharTrainConfig };

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
