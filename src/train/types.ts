// The types every lesson's slice of the worker API shares: the backend, loading, and training progress.
// Types only, so that the page can import them without loading tfjs.

import type { KnownFile } from '../lib/knownFiles';

export type BackendName = 'webgl' | 'webgpu' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

/** One backend's time for a step of the reader's model, measured before a run (src/train/fastest.ts). */
export interface BackendTiming {
  name: BackendName;
  secondsPerStep: number;
  /** Cut short after its first step (then `secondsPerStep` is that step's time), or failed. */
  stopped: boolean;
  failed?: string;
}

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
  /** Where the worker chose by timing the reader's model on each backend: the timings, fastest first. */
  measured?: BackendTiming[];
}

/** Where a text comes from: mirrors tried in turn, a URL the site serves or knows, or a file the reader picked. */
export type TextSource =
  | {
      kind: 'mirrors';
      urls: string[];
      name: string /** The file every address must send (size and SHA-256), checked before it is used or cached. */;
      expected?: KnownFile;
    }
  | { kind: 'url'; url: string; name: string; format: 'text' | 'sotu-json' }
  | { kind: 'file'; file: Blob; name: string };

/** Progress of a download or a file read, in bytes (`total` is 0 when unknown). */
export interface LoadProgress {
  phase: 'download' | 'tokenize';
  loaded: number;
  total: number;
}

/** One loss point of a curve. */
export interface LossPoint {
  step: number;
  loss: number;
}

/** A batch of new loss points and where training stands; sent every ~250 ms, never the whole history. */
export interface TrainProgress {
  points: LossPoint[];
  step: number;
  totalSteps: number;
  /** Training examples (pairs, centre words, sequences) per second, measured on this run and smoothed over about 20 s (loop.ts). */
  examplesPerSecond: number;
  secondsLeft: number;
  /** Lessons that train in epochs: the epoch now running (0-based) and the mean losses of epochs just finished. */
  epoch?: number;
  epochMeans?: { epoch: number; loss: number }[];
  /** Lessons that measure a held-out loss now and then: the new validation points. */
  validation?: LossPoint[];
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
