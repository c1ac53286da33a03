// What the worker entry hands each lesson's slice of the API: the backend, the stop token, and slots for
// its sessions (registered, so that a lost WebGL context drops every model in one loop).

import * as tf from '@tensorflow/tfjs';
import type { Kernels } from '../kernels/kernels';
import { DataError } from '../lib/errors';
import type { Timed } from './fastest';
import { type RunResult, type Session, SessionSlot, StopToken, type TrainingSession } from './session';
import type { BackendInfo, TrainProgress } from './types';

export interface WorkerContext {
  /** The backend in use, chosen automatically on first use. */
  ensureBackend(): Promise<BackendInfo>;
  readonly stop: StopToken;
  /**
   * The project's WebAssembly kernels where they pay (the WASM and CPU backends; on WebGL the data would have
   * to leave the GPU), else undefined: sessions use them for the steps tfjs runs as many small ops.
   */
  fastKernels(): Promise<Kernels | undefined>;
  /** A slot for one of the lesson's sessions, with its checkpoint under `key`. */
  slot<S extends Session>(key: string, what?: string): SessionSlot<S>;
  /**
   * Before a run of the model `key` (its shape): `time` (a few of its steps, the seconds its first may take) on each
   * backend worth trying, and the fastest kept for it, unless the reader chose a backend or a run is going on;
   * the result of the backend it trains on. A model timed before keeps its backend without timing the others.
   */
  fastest<T extends Timed>(key: string, time: (limitSeconds: number) => Promise<T>): Promise<T>;
  /** Runs going on now (trainHeld's): no backend is switched under them. */
  readonly running: number;
}

/** How the worker times a model on its backends (trainer.worker.ts); by default only on the one in use. */
export type Measure = <T extends Timed>(key: string, time: (limitSeconds: number) => Promise<T>) => Promise<T>;

/** The context and the list of every slot it gave out. */
export function createContext(
  ensureBackend: () => Promise<BackendInfo>,
  loadFastKernels: () => Promise<Kernels | undefined> = async () => undefined,
  measure?: Measure,
): { context: WorkerContext; slots: SessionSlot<Session>[] } {
  const slots: SessionSlot<Session>[] = [];
  let kernels: Promise<Kernels | undefined> | undefined;
  const context: WorkerContext = {
    ensureBackend,
    running: 0,
    async fastest(key, time) {
      await ensureBackend();
      return measure ? measure(key, time) : time(Number.POSITIVE_INFINITY);
    },
    async fastKernels() {
      await ensureBackend();
      // What runs now, even while `fastest` times another backend: on a GPU the data would have to leave it.
      if (['webgl', 'webgpu'].includes(tf.getBackend())) return undefined;
      kernels ??= loadFastKernels().catch((error) => {
        console.warn('The WebAssembly kernels did not load; training uses tfjs ops only.', error);
        return undefined;
      });
      return kernels;
    },
    stop: new StopToken(),
    slot<S extends Session>(key: string, what?: string) {
      const slot = new SessionSlot<S>(key, what);
      slots.push(slot as unknown as SessionSlot<Session>);
      return slot;
    },
  };
  return { context, slots };
}

/**
 * Trains `session`, held in `slot`, with the worker's stop token (Pause, Reset or another model ends it);
 * its summary with the live tensor count.
 */
export async function trainHeld<S extends TrainingSession, R extends RunResult>(
  ctx: WorkerContext,
  slot: SessionSlot<S>,
  session: S & { train(maxSteps: number, shouldStop: () => boolean, onProgress: (p: TrainProgress) => void, slot: SessionSlot<S>): Promise<R> },
  maxSteps: number,
  onProgress: (p: TrainProgress) => void,
): Promise<R & { tensors: number }> {
  (ctx as { running: number }).running++;
  try {
    const result = await session.train(maxSteps, ctx.stop.begin(slot, session), onProgress, slot);
    return { ...result, tensors: tf.memory().numTensors };
  } finally {
    (ctx as { running: number }).running--;
  }
}

/**
 * Raises the total of the session held in `slot` by `extra` steps (a finished run trains further), saves it,
 * and returns the new total.
 */
export async function extendHeld<S extends Session & { extend(extra: number): number; save(slot: SessionSlot<S>): Promise<void> }>(
  slot: SessionSlot<S>,
  extra: number,
): Promise<number> {
  const session = slot.require('There is no model to train further: press Train to create one.');
  if (!Number.isInteger(extra) || extra < 1) throw new DataError('Train further by a whole number of steps, at least 1.');
  const steps = session.extend(extra);
  await session.save(slot);
  return steps;
}

/**
 * Brings back the session saved in `slot` (after a reload, or in a new worker): holds it, gives it `book` when
 * that is the text it was trained on (so it can train on at once), and returns its description for the page;
 * undefined when nothing was saved.
 */
export async function restoreHeld<S extends Session & { corpusName: string; attach(book: B): void; describe(): D }, B extends { name: string }, D>(
  ctx: WorkerContext,
  slot: SessionSlot<S>,
  restore: (slot: SessionSlot<S>) => Promise<S | undefined>,
  book: B | undefined,
): Promise<D | undefined> {
  await ctx.ensureBackend();
  const restored = await restore(slot);
  if (!restored) return undefined;
  slot.set(restored);
  if (book && book.name === restored.corpusName) restored.attach(book);
  return restored.describe();
}
