// What the worker entry hands each lesson's slice of the API: the backend, the stop token, and slots for
// its sessions (registered, so that a lost WebGL context drops every model in one loop).

import * as tf from '@tensorflow/tfjs';
import { type RunResult, type Session, SessionSlot, StopToken, type TrainingSession } from './session';
import type { BackendInfo, TrainProgress } from './types';

export interface WorkerContext {
  /** The backend in use, chosen automatically on first use. */
  ensureBackend(): Promise<BackendInfo>;
  readonly stop: StopToken;
  /** A slot for one of the lesson's sessions, with its checkpoint under `key`. */
  slot<S extends Session>(key: string, what?: string): SessionSlot<S>;
}

/** The context and the list of every slot it gave out. */
export function createContext(ensureBackend: () => Promise<BackendInfo>): { context: WorkerContext; slots: SessionSlot<Session>[] } {
  const slots: SessionSlot<Session>[] = [];
  const context: WorkerContext = {
    ensureBackend,
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
  const result = await session.train(maxSteps, ctx.stop.begin(slot, session), onProgress, slot);
  return { ...result, tensors: tf.memory().numTensors };
}
