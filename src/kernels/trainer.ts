// The one seam between a model and what runs it. A model in training is a ModelTrainer: forward, backward and
// the optimizer's step on a batch, its loss, its parameters and optimizer state read and written. It has two
// implementations, the tfjs reference (ops and autodiff, on any backend) and this site's WebAssembly kernels,
// and `chooseTrainer` picks between them once, from what the worker's context found (ctx.fastKernels: the
// kernels where the backend is WASM or CPU, in the build this browser runs, src/kernels/load.ts).

import type { AdamState } from '../lib/adam';
import type { Kernels } from './kernels';

/** Where a model's steps run: tfjs ops, or this site's WebAssembly kernels on `threads` threads. */
export interface EngineInfo {
  kernels: boolean;
  threads: number;
}

export const TFJS_ENGINE: EngineInfo = { kernels: false, threads: 0 };

export interface ModelTrainer<Batch> {
  readonly engine: EngineInfo;
  /** Forward, backward and the optimizer's update on `batch` at `learningRate`; the loss before the update. */
  step(batch: Batch, learningRate: number): number;
  /** The mean loss on `batch`, without training. */
  loss(batch: Batch): number;
  /** Every parameter's values, in the model's fixed order (copies). */
  getParameters(): Float32Array[];
  setParameters(values: readonly Float32Array[]): void;
  /** The optimizer's step count and moments (copies). */
  getOptimizerState(): AdamState;
  setOptimizerState(state: AdamState): void;
  dispose(): void;
}

/** The trainer for `kernels`: the kernels' implementation where the worker loaded them, else the tfjs reference. */
export function chooseTrainer<T>(kernels: Kernels | undefined, make: { tfjs: () => T; kernels: (k: Kernels) => T }): T {
  return kernels ? make.kernels(kernels) : make.tfjs();
}
