// The training worker's entry: picks the backend, holds the stop token and the lessons' session slots,
// and exposes with comlink every lesson's slice, found in the lessons' folders (worker.ts), under the
// folder's name. The lessons' state lives in their slices.

import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { loadFastKernels } from '../kernels/load';
import type { TrainerApi, WorkerApi } from './api';
import {
  describeBackend,
  loseWebglContext,
  plainRenderer,
  probeWebgl,
  probeWebgpu,
  racedBackends,
  selectBackend,
  startBackend,
  watchWebglContext,
} from './backend';
import { benchWorker } from './bench';
import { createContext, type Measure } from './context';
import { describeTimings, raceBackends } from './fastest';
import { type LessonWorkerModule, lessonSlices } from './lessons';
import { cancelReading } from './readText';
import { adoptCheckpoint, checkpointOwner } from './session';

// The tab this worker serves, from its name (startTrainer): its checkpoints are its own.
checkpointOwner.tab = self.name.startsWith('trainer:') ? self.name.slice('trainer:'.length) : undefined;

import type { BackendChoice, BackendInfo } from './types';

let backend: Promise<BackendInfo> | undefined;
/** What the reader chose in the page ('auto' until they pick a backend). */
let choice: BackendChoice = 'auto';
const backendWatchers: ((info: BackendInfo, message: string) => void)[] = [];

/** Selects a backend and, for WebGL, falls back to WASM if its context is ever lost; `reason` says why when the worker chose. */
function switchBackend(wanted: BackendChoice, reason?: string): Promise<BackendInfo> {
  const selected = selectBackend(wanted).then((info) => {
    if (info.name === 'webgl') watchWebglContext(onWebglContextLost);
    return reason ? { ...info, reason } : info;
  });
  backend = selected;
  return selected;
}

/** Each model timed on the backends (by its shape): what the race found, described once (the backend it trains on, the timings). */
const measuredFor = new Map<string, BackendInfo>();

/** Tells the page the worker moved to `info` by itself (no message: the badge alone changes). */
function announce(info: BackendInfo, message = ''): void {
  backend = Promise.resolve(info);
  if (info.name === 'webgl') watchWebglContext(onWebglContextLost);
  for (const watcher of backendWatchers) watcher(info, message);
}

/** The measured choice (src/train/fastest.ts): a model timed on each backend, once per shape, the fastest kept. */
const measure: Measure = async (key, time) => {
  const now = await context.ensureBackend();
  if (choice !== 'auto' || context.running > 0) return time(Number.POSITIVE_INFINITY);
  // A model timed before goes back to its backend without probing or timing anything again.
  const known = measuredFor.get(key);
  if (known) {
    if (known.name !== now.name && (await startBackend(known.name))) announce(known);
    return time(Number.POSITIVE_INFINITY);
  }
  const probe = probeWebgl();
  const race = await raceBackends(racedBackends(now.name, probe, await probeWebgpu()), startBackend, time);
  const reason = `measured on this model: ${describeTimings(race.timings, plainRenderer(probe.renderer))}`;
  const info = { ...(await describeBackend(race.name, reason, probe)), measured: race.timings };
  measuredFor.set(key, info);
  announce(info);
  return race.best;
};

const { context, slots } = createContext(() => backend ?? switchBackend('auto'), loadFastKernels, measure);

/**
 * The GPU's memory is gone with the context, and with it every model held there: stop, drop them
 * (their checkpoints stay in IndexedDB), move to WASM and tell the page.
 */
function onWebglContextLost(): void {
  context.stop.request();
  for (const slot of slots) slot.drop();
  for (const [key, measured] of measuredFor) if (measured.name === 'webgl') measuredFor.delete(key);
  void switchBackend('wasm', 'moved here by itself: the WebGL context was lost').then((info) => {
    const message =
      'The WebGL context was lost (the GPU was reset or the browser took it back), so the worker moved to ' +
      `${info.name.toUpperCase()}. The model was reloaded from its last checkpoint.`;
    for (const watcher of backendWatchers) watcher(info, message);
  });
}

const core: WorkerApi = {
  getBackend: () => context.ensureBackend(),

  async setBackend(wanted) {
    await backend?.catch(() => undefined);
    choice = wanted;
    return switchBackend(wanted);
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
