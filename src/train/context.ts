// What the worker entry hands each lesson's slice of the API: the backend, the stop token, and slots for
// its sessions (registered, so that a lost WebGL context drops every model in one loop).

import { type Session, SessionSlot, StopToken } from './session';
import type { BackendInfo } from './types';

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
