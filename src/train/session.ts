// The protocol every lesson's model in training follows in the worker, and the slot that holds one.
// A session is created from a config (or restored from its checkpoint), trains with a stop check and a
// progress callback, saves itself, and frees its tensors on dispose; its slot forgets the checkpoint.

import { checkpointsAvailable, deleteCheckpoint, listCheckpoints, loadCheckpoint, saveCheckpoint } from '../lib/checkpoints';
import { DataError } from '../lib/errors';
import { liveTabs } from '../lib/tabs';
import type { TrainProgress } from './types';

/** What a model in training offers the worker. */
export interface Session {
  /** Frees its tensors (textures on WebGL). */
  dispose(): void;
}

/** Checked between steps: true ends the loop early, keeping the model. */
export type ShouldStop = () => boolean;

/** Where a run ended (the loop's result, with the steps the run aims at). */
export interface RunResult {
  step: number;
  totalSteps: number;
  paused: boolean;
  lastLoss: number;
  seconds: number;
}

/**
 * A model that trains: created from a config (a static `create`), brought back from its slot's checkpoint
 * (a static `restore`), trained until done, `maxSteps` more steps or `shouldStop`, streaming every loss once
 * in order, saving itself into `slot` as it goes or when it returns.
 */
export interface TrainingSession extends Session {
  train(maxSteps: number, shouldStop: ShouldStop, onProgress: (p: TrainProgress) => void, slot: SessionSlot<never>): Promise<RunResult>;
}

/**
 * The worker's one stop flag: Pause and Reset raise it, each new run lowers it again. A run also stops
 * when the session it trains is no longer the one its slot holds (a reset, a new model, a lost context).
 */
export class StopToken {
  private requested = false;

  request(): void {
    this.requested = true;
  }

  /**
   * Clears an old request: the first thing a training call does, before it awaits anything. A Pause sent just
   * after it (the page shows Pause as soon as it asked) lands while the call still prepares, and must stop the run.
   */
  arm(): void {
    this.requested = false;
  }

  /** Starts a run of `session` held in `slot`: the check its loop polls. */
  begin<S extends Session>(slot: SessionSlot<S>, session: S): ShouldStop {
    return () => this.requested || slot.current !== session;
  }
}

/**
 * Whose checkpoints these are: the tab this worker serves (an id the page keeps in sessionStorage, so a reload
 * keeps it and another tab has its own). Each tab saves under its own key (`<slot>@<tab>`), so two tabs that
 * train the same lesson do not overwrite each other. Where a tab has none of its own, the newest checkpoint of
 * another tab (or an earlier visit) is noted in `refused`, for the page to offer; `adoptCheckpoint` takes it.
 */
export const checkpointOwner = {
  tab: undefined as string | undefined,
  refused: new Map<string, { what: string; savedAt?: number; from: string }>(),
};

/** The key a slot's checkpoint is saved under by this tab. */
const ownKey = (slot: string): string => (checkpointOwner.tab ? `${slot}@${checkpointOwner.tab}` : slot);

/** The checkpoints of `slot` other than this tab's: other tabs', earlier visits', and those saved before tabs had keys. */
async function othersOf(slot: string) {
  const own = ownKey(slot);
  return (await listCheckpoints())
    .filter(({ key }) => key !== own && (key === slot || key.startsWith(`${slot}@`)))
    .sort((a, b) => (b.savedAt ?? 0) - (a.savedAt ?? 0));
}

/**
 * The checkpoint of `slot` that another lesson may read (never change): this tab's own, else the newest of any
 * tab or earlier visit; undefined where there is none or no IndexedDB.
 */
export async function readCheckpointOf<C>(slot: string): Promise<C | undefined> {
  if (!checkpointsAvailable()) return undefined;
  const own = await loadCheckpoint<C>(ownKey(slot)).catch(() => undefined);
  if (own) return own;
  const newest = (await othersOf(slot).catch(() => []))[0];
  return newest ? loadCheckpoint<C>(newest.key).catch(() => undefined) : undefined;
}

/** Makes the checkpoint offered for `slot` this tab's own (a copy: the tab that saved it keeps its own). */
export async function adoptCheckpoint(slot: string): Promise<void> {
  const offered = checkpointOwner.refused.get(slot);
  if (!offered) return;
  const value = await loadCheckpoint<object>(offered.from);
  if (value) await saveCheckpoint(ownKey(slot), { ...value, tab: checkpointOwner.tab }, { tab: checkpointOwner.tab, savedAt: offered.savedAt });
  checkpointOwner.refused.delete(slot);
}

/**
 * Keeps the checkpoints of `slot` from growing with every tab ever opened: those of tabs no longer open go, but
 * the newest of them, which a new visit is offered. Nothing goes where the open tabs cannot be known.
 */
async function prune(slot: string): Promise<void> {
  const open = await liveTabs();
  if (!open) return;
  const closed = (await othersOf(slot)).filter(({ tab }) => !tab || !open.has(tab));
  for (const { key } of closed.slice(1)) await deleteCheckpoint(key);
}

/** Where a lesson keeps its model in the worker: at most one, with its checkpoint under `key` (and this tab's id). */
export class SessionSlot<S extends Session> {
  private held?: S;

  constructor(
    readonly key: string,
    /** Used in messages: "There is no <what> to train". */
    readonly what = 'model',
  ) {}

  get current(): S | undefined {
    return this.held;
  }

  /** Holds `next` (disposing the session held before). */
  set(next: S | undefined): void {
    if (this.held && this.held !== next) this.held.dispose();
    this.held = next;
  }

  /** The session held, or a message for the page. */
  require(message = `There is no ${this.what} yet: press Train first.`): S {
    if (!this.held) throw new DataError(message);
    return this.held;
  }

  /** Drops the session without trusting its tensors (after a lost WebGL context, its textures are gone). */
  drop(): void {
    try {
      this.held?.dispose();
    } catch {
      // Its textures are gone already.
    }
    this.held = undefined;
  }

  /** Frees the session and deletes this tab's checkpoint (other tabs keep theirs). */
  async forget(): Promise<void> {
    this.set(undefined);
    if (checkpointsAvailable()) await deleteCheckpoint(ownKey(this.key)).catch(() => undefined);
  }

  /** Stores what `make` gives under this tab's key; a failure (quota, private mode) costs only the checkpoint. */
  async save<C>(make: () => C | Promise<C>): Promise<void> {
    if (!checkpointsAvailable()) return;
    const { tab } = checkpointOwner;
    try {
      await saveCheckpoint(ownKey(this.key), { ...(await make()), tab }, { tab });
      await prune(this.key);
    } catch (error) {
      console.warn(`Could not save the checkpoint ${this.key}:`, error);
    }
  }

  /**
   * This tab's checkpoint, or undefined (none, unreadable, or no IndexedDB). Where this tab has none, the newest
   * of another tab or an earlier visit is noted in `checkpointOwner.refused`, and the page offers it. `check`
   * refuses one whose settings the page would not take (out of bounds: damaged, or saved by another version),
   * with a DataError, before anything is built from it.
   */
  async load<C>(check?: (saved: C) => void): Promise<C | undefined> {
    if (!checkpointsAvailable()) return undefined;
    const { refused } = checkpointOwner;
    const saved = await loadCheckpoint<C>(ownKey(this.key)).catch(() => undefined);
    const newest = saved ? undefined : (await othersOf(this.key).catch(() => []))[0];
    if (newest) refused.set(this.key, { what: this.what, savedAt: newest.savedAt, from: newest.key });
    else refused.delete(this.key);
    if (saved && check) check(saved);
    return saved;
  }
}
