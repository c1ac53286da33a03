// The training worker's entry: picks the backend, holds the stop token and the lessons' session slots,
// and exposes with comlink every lesson's slice, found in the lessons' folders (worker.ts), under the
// folder's name. The lessons' state lives in their slices.

import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { loadFastKernels } from '../kernels/load';
import type { TrainerApi, WorkerApi } from './api';
import { loseWebglContext, selectBackend, watchWebglContext } from './backend';
import { benchWorker } from './bench';
import { createContext } from './context';
import { type LessonWorkerModule, lessonSlices } from './lessons';
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

const { context, slots } = createContext(() => backend ?? switchBackend('auto'), loadFastKernels);

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

const api: TrainerApi = {
  ...core,
  ...benchWorker(context),
  lessons: lessonSlices(import.meta.glob<LessonWorkerModule>('../lessons/*/worker.ts', { eager: true }), context),
};

expose(api);
