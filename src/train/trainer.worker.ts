// The training worker's entry: picks the backend, holds the stop token and the lessons' session slots,
// and exposes every lesson's slice of the API with comlink. The lessons' state lives in their slices.

import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import kernelsUrl from '../kernels/kernels.wasm?url';
import kernelsRelaxedUrl from '../kernels/kernels-relaxed.wasm?url';
import kernelsThreadsUrl from '../kernels/kernels-threads.wasm?url';
import { type KernelThreads, loadKernels } from '../kernels/lstmKernels';
import { startWorkerHelper } from '../kernels/startHelper';
import { attentionWorker } from '../lessons/attention/worker';
import { charLstmWorker } from '../lessons/char-lstm/worker';
import { countingWorker } from '../lessons/counting/worker';
import { gptWorker } from '../lessons/gpt/worker';
import { lstmWorker } from '../lessons/lstm/worker';
import { rnnWorker } from '../lessons/rnn/worker';
import { tokensWorker } from '../lessons/tokens/worker';
import { transformerWorker } from '../lessons/transformer/worker';
import { word2vecWorker } from '../lessons/word2vec/worker';
import type { TrainerApi, WorkerApi } from './api';
import { loseWebglContext, selectBackend, watchWebglContext } from './backend';
import { benchWorker } from './bench';
import { createContext } from './context';
import { cancelReading } from './readText';
import { adoptCheckpoint, checkpointOwner } from './session';

// The tab this worker serves, from its name (startTrainer): its checkpoints are its own.
checkpointOwner.tab = self.name.startsWith('trainer:') ? self.name.slice('trainer:'.length) : undefined;

import type { BackendChoice, BackendInfo } from './types';

let backend: Promise<BackendInfo> | undefined;
const backendWatchers: ((info: BackendInfo, message: string) => void)[] = [];

/** Selects a backend and, for WebGL, falls back to WASM if its context is ever lost; `reason` says why when the worker chose. */
function switchBackend(choice: BackendChoice, reason?: string): Promise<BackendInfo> {
  const selected = selectBackend(choice).then((info) => {
    if (info.name === 'webgl') watchWebglContext(onWebglContextLost);
    return reason ? { ...info, reason } : info;
  });
  backend = selected;
  return selected;
}

const { context, slots } = createContext(
  () => backend ?? switchBackend('auto'),
  // The kernels built with relaxed SIMD (fused multiply-add) where this browser compiles them, else plain SIMD;
  // and where the page is cross-origin isolated, their build with shared memory, for a second thread.
  async () => {
    const relaxed = await (await fetch(kernelsRelaxedUrl)).arrayBuffer();
    if (!WebAssembly.validate(relaxed)) return loadKernels(await (await fetch(kernelsUrl)).arrayBuffer());
    return loadKernels(relaxed, await kernelThreads());
  },
);

/** The kernels' build with shared memory and a way to start its helper, where threads can run; else undefined. */
async function kernelThreads(): Promise<KernelThreads | undefined> {
  if (!self.crossOriginIsolated || typeof SharedArrayBuffer === 'undefined') return undefined;
  try {
    const bytes = await (await fetch(kernelsThreadsUrl)).arrayBuffer();
    if (!WebAssembly.validate(bytes)) return undefined;
    return { module: await WebAssembly.compile(bytes), startHelper: startWorkerHelper };
  } catch (error) {
    console.warn('The kernels’ build with shared memory did not load: one thread.', error);
    return undefined;
  }
}

/**
 * The GPU's memory is gone with the context, and with it every model held there: stop, drop them
 * (their checkpoints stay in IndexedDB), move to WASM and tell the page.
 */
function onWebglContextLost(): void {
  context.stop.request();
  for (const slot of slots) slot.drop();
  void switchBackend('wasm', 'moved here by itself: the WebGL context was lost').then((info) => {
    const message =
      'The WebGL context was lost (the GPU was reset or the browser took it back), so the worker moved to ' +
      `${info.name.toUpperCase()}. The model was reloaded from its last checkpoint.`;
    for (const watcher of backendWatchers) watcher(info, message);
  });
}

const core: WorkerApi = {
  getBackend: () => context.ensureBackend(),

  async setBackend(choice) {
    await backend?.catch(() => undefined);
    return switchBackend(choice);
  },

  watchBackend(onChange) {
    backendWatchers.push(onChange);
  },

  async loseWebglContext() {
    return loseWebglContext();
  },

  pause() {
    context.stop.request();
  },

  cancelLoad() {
    cancelReading();
  },

  async foreignCheckpoints() {
    return [...checkpointOwner.refused].map(([key, { what, savedAt }]) => ({ key, what, savedAt }));
  },

  adoptCheckpoint,

  async memory() {
    const { numTensors, numBytes } = tf.memory();
    const wasmModule = tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm : undefined;
    return { numTensors, numBytes, wasmHeapBytes: wasmModule?.HEAPU8?.length ?? 0 };
  },
};

const tokens = tokensWorker(context);
const chars = charLstmWorker(context);
const gpt = gptWorker(context);

const api: TrainerApi = {
  ...core,
  ...tokens.api,
  ...word2vecWorker(context),
  ...rnnWorker(context),
  ...countingWorker(context),
  ...lstmWorker(context),
  ...chars.api,
  ...attentionWorker(context),
  ...transformerWorker(context),
  ...gpt.api,
  ...benchWorker(context, { corpus: tokens.loaded, book: chars.loaded, gptBook: gpt.loaded }),
};

expose(api);
