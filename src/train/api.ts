// The one typed API of the training worker: the worker's own methods and every lesson's slice, found by the
// worker entry in the lessons' folders. The page imports it with `import type` only and reaches the worker
// through comlink; only plain data and typed arrays cross the boundary.

import type { BenchApi } from './bench/api';
import type { BackendChoice, BackendInfo } from './types';

export type * from './types';

/** What the worker itself offers, whatever the lesson. */
export interface WorkerApi {
  /** The backend in use (picked automatically on first use). */
  getBackend(): Promise<BackendInfo>;
  /** Switches backend; a running training loop goes on on the new one. */
  setBackend(choice: BackendChoice): Promise<BackendInfo>;
  /** Calls `onChange` when the worker changes backend by itself (a lost WebGL context), with a message for the reader. */
  watchBackend(onChange: (info: BackendInfo, message: string) => void): void;
  /** Loses the WebGL context on purpose, as a GPU reset would; false when WebGL is not running. For tests. */
  loseWebglContext(): Promise<boolean>;
  /** Asks the running training loop to stop after its current step; the model is kept. */
  pause(): void;
  /** Cancels the download under way (the page's Cancel under a progress bar). */
  cancelLoad(): void;
  /** Checkpoints found and not loaded because another tab (or an earlier visit) saved them. */
  foreignCheckpoints(): Promise<{ key: string; what: string; savedAt?: number }[]>;
  /** Lets this tab load (and from then on save over) the checkpoint under `key`. */
  adoptCheckpoint(key: string): Promise<void>;
  /** The tfjs tensors alive in the worker and their bytes (the page's heartbeat, shown beside the backend). */
  memory(): Promise<WorkerMemory>;
}

/** What the worker's tfjs tensors hold, and the WASM backend's heap where it runs. */
export interface WorkerMemory {
  numTensors: number;
  numBytes: number;
  wasmHeapBytes: number;
}

/**
 * The worker's API: its own methods, the benchmarks', and every lesson's slice under its folder's name
 * (`lessons.gpt.train(...)`). A page reaches its own slice typed by the lesson's api.ts (LessonTrainer).
 */
export type TrainerApi = WorkerApi & BenchApi & { lessons: Record<string, object> };
