// Lesson 4's slice of the worker API: the counting model, trained, asked and restored. Types only.

import type { TrainProgress, TrainSummary } from '../../train/types';
import type { CountingAccuracy, CountingConfig, CountingPrediction } from './meta';

export type { CountingAccuracy, CountingConfig, CountingPrediction };

/** The counting model brought back after a reload. */
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

export interface CountingApi {
  /** A whole fresh run of `config` (not the page's model); seconds of training alone (npm run bench). */
  bench(config: CountingConfig): Promise<{ seconds: number; accuracy: number; lastLoss: number }>;
  /** A fresh counting model (replacing the one held; its checkpoint goes at the first save). */
  create(config: CountingConfig): Promise<CountingPlan>;
  /** Trains until the last epoch, `maxSteps` more batches, or `pause`; saves a checkpoint when it returns. */
  train(maxSteps: number, onProgress: (p: TrainProgress) => void): Promise<TrainSummary & { accuracy: CountingAccuracy }>;
  evaluate(): Promise<CountingAccuracy>;
  /** The model's prediction after `sequence`, from hidden state `h` (zeros when left out). */
  predict(sequence: number[], h?: Float32Array): Promise<CountingPrediction>;
  restore(): Promise<CountingRestored | undefined>;
  reset(): Promise<void>;
  /** "Train further": `epochs` more epochs at the schedule's last learning rate (lr / E); the new total of steps. */
  extend(epochs: number): Promise<number>;
}
