// The one typed API of the training worker: the worker's own methods and every lesson's slice. The page
// imports it with `import type` only and reaches the worker through comlink; only plain data and typed
// arrays cross the boundary.

import type { AttentionApi } from '../lessons/attention/api';
import type { CharLstmApi } from '../lessons/char-lstm/api';
import type { CountingApi } from '../lessons/counting/api';
import type { GptApi } from '../lessons/gpt/api';
import type { LstmApi } from '../lessons/lstm/api';
import type { RnnApi } from '../lessons/rnn/api';
import type { TokensApi } from '../lessons/tokens/api';
import type { TransformerApi } from '../lessons/transformer/api';
import type { Word2vecApi } from '../lessons/word2vec/api';
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

export type TrainerApi = WorkerApi & TokensApi & Word2vecApi & RnnApi & CountingApi & LstmApi & CharLstmApi & AttentionApi & TransformerApi & GptApi & BenchApi;
