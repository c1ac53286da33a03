// Lesson 5's slice of the worker API: the live check, and the sweep of RNN against LSTM. Types only.

import type { RnnComparison } from '../../models/compare';
import type { MemoryInside } from './memory';
import type { CellKind, MemoryConfig } from './meta';

export type { CellKind, MemoryInside, RnnComparison };

/** The sweep over sequence lengths, RNN against LSTM. */
export interface MemorySweepConfig {
  lengths: number[];
  cells: CellKind[];
  vocab: number;
  hidden: number;
  epochs: number;
  learningRate: number;
  seed: number;
  /** Models already trained (a sweep continued after a reload): skipped. */
  done?: { cell: CellKind; length: number }[];
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

/** How long a sweep will take on this machine, from a few timed epochs: in all, and model by model. */
export interface MemorySweepEstimate {
  seconds: number;
  models: { cell: CellKind; length: number; seconds: number }[];
}

/** One memory model's epochs, timed, and one profiled epoch's tfjs kernels. */
export interface MemoryBenchResult {
  msPerEpoch: number;
  fused: boolean;
  kernels: { name: string; ms: number; calls: number }[];
  profiledMs: number;
}

export interface LstmApi {
  /** `epochs` epochs of one memory model at `config`, on the fused WebAssembly kernels or (`fused` false) tfjs's autodiff (npm run bench). */
  bench(config: MemoryConfig, fused: boolean, epochs: number): Promise<MemoryBenchResult>;
  /** The hand-written LSTM against tf.layers.lstm with copied weights (fresh, continuation, batch). */
  check(seed: number): Promise<RnnComparison>;
  /** Trains one model per (length, cell), streaming each point as it lands; `pause` stops it between epochs. Keeps the last model of each cell for `memoryInspect`. */
  sweep(
    config: MemorySweepConfig,
    onPoint: (p: MemorySweepPoint) => void,
    onProgress?: (p: MemorySweepProgress) => void,
  ): Promise<{ stopped: boolean; points: MemorySweepPoint[] }>;
  /** Times a few epochs of the longest models of `config` and scales them to the whole sweep. */
  estimate(config: MemorySweepConfig): Promise<MemorySweepEstimate>;
  /** Inside the last trained model of `cell` on its item `item` (the sequence item, item+1, ...); with its length. */
  inspect(cell: CellKind, item: number): Promise<MemoryInside & { length: number; vocab: number }>;
}
