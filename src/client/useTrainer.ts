// The React side of the worker: one worker per page that needs it, wrapped by comlink, terminated when
// the page goes away (abort), and recreated if it dies.

import { proxy, type Remote, releaseProxy, wrap } from 'comlink';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { tabId } from '../lib/tabs';
import type { BackendChoice, BackendInfo, TrainerApi, WorkerMemory } from '../train/api';

export type Trainer = Remote<TrainerApi>;

/** The worker as a lesson page sees it: the worker's own methods, and `lesson`, that lesson's slice (typed by its api.ts). */
export type LessonTrainer<S> = Trainer & { lesson: Remote<S> };

/**
 * The lesson a page belongs to: its folder's name, which the shell provides (App) and the worker files its slice
 * under. A lesson never names itself; its hooks ask this.
 */
export const LessonSlug = createContext<string | undefined>(undefined);

/** `trainer` with `lesson` pointing at the slice of the lesson `slug`. */
export function forLesson<S>(trainer: Trainer, slug: string): LessonTrainer<S> {
  const lesson = (trainer.lessons as unknown as Record<string, Remote<S>>)[slug];
  return new Proxy(trainer, { get: (target, key) => (key === 'lesson' ? lesson : Reflect.get(target, key)) }) as LessonTrainer<S>;
}

/** The event by which the page offers a checkpoint another tab saved (App shows it): its message and the action that restores it. */
export const FOREIGN_CHECKPOINT = 'tensor-tutor:foreign-checkpoint';
export interface ForeignOffer {
  message: string;
  restore: () => Promise<void>;
}

/** Starts the training worker and wraps it with comlink. */
export function startTrainer(): { trainer: Trainer; worker: Worker; terminate: () => void } {
  const worker = new Worker(new URL('../train/trainer.worker.ts', import.meta.url), { type: 'module', name: `trainer:${tabId()}` });
  const trainer = wrap<TrainerApi>(worker);
  return {
    trainer,
    worker,
    terminate: () => {
      trainer[releaseProxy]();
      worker.terminate();
    },
  };
}

/** How often the page asks the worker whether it is there, and how long it waits for an answer before it starts a new one. */
export const HEARTBEAT_MS = 2000;
export const UNRESPONSIVE_MS = 15_000;

/** The event the page shows a worker's trouble by (App listens): its detail is the message for the reader. */
export const WORKER_TROUBLE = 'tensor-tutor:worker-trouble';

function reportTrouble(message: string): void {
  window.dispatchEvent(new CustomEvent(WORKER_TROUBLE, { detail: message }));
}

/**
 * The trainer for this component: created once on mount, terminated on unmount. `restart` aborts the
 * worker (losing what it holds) and starts a fresh one. The page restarts it by itself when the worker
 * crashes or fails to start (its error event), or stops answering for UNRESPONSIVE_MS (a heartbeat every
 * HEARTBEAT_MS; training loops yield between steps, so a live worker answers within a step); the lesson then
 * brings its model back from the last checkpoint, as after a reload.
 */
export function useTrainer<S = unknown>(): { trainer: LessonTrainer<S> | undefined; restart: () => void } {
  const slug = useContext(LessonSlug);
  const [generation, setGeneration] = useState(0);
  const [trainer, setTrainer] = useState<Trainer>();
  const failures = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation is what starts a new worker
  useEffect(() => {
    const started = startTrainer();
    setTrainer(() => started.trainer);
    let live = true;
    let lastAnswer = performance.now();
    let asking = false;
    const replace = (message: string) => {
      if (!live) return;
      live = false;
      failures.current++;
      // A worker that cannot start at all (offline, say) is not restarted in a loop: the reader is told what to do.
      if (failures.current > 2) {
        reportTrouble(`${message} It failed again after two fresh starts; check the connection and reload the page.`);
        return;
      }
      reportTrouble(`${message} A new one was started, and the model was brought back from its last checkpoint.`);
      setGeneration((g) => g + 1);
    };
    started.worker.addEventListener('error', (event) => {
      event.preventDefault();
      replace('The training worker crashed or could not start.');
    });
    const beat = setInterval(() => {
      if (!live) return;
      if (performance.now() - lastAnswer > UNRESPONSIVE_MS) {
        replace(`The training worker stopped answering for ${UNRESPONSIVE_MS / 1000} s.`);
        return;
      }
      if (asking) return;
      asking = true;
      started.trainer.memory().then(
        (memory) => {
          asking = false;
          if (live) publishMemory(memory);
          lastAnswer = performance.now();
          if (failures.current > 0 && live) failures.current = 0;
        },
        () => {
          asking = false;
        },
      );
    }, HEARTBEAT_MS);
    return () => {
      live = false;
      clearInterval(beat);
      publishMemory(undefined);
      started.terminate();
      setTrainer(undefined);
    };
  }, [generation]);
  const forPage = useMemo(() => trainer && forLesson<S>(trainer, slug ?? ''), [trainer, slug]);
  return { trainer: forPage, restart: () => setGeneration((g) => g + 1) };
}

// The worker's tensors as the last heartbeat found them (one worker a page), for the badge beside the backend.
let memoryNow: WorkerMemory | undefined;
const memoryListeners = new Set<() => void>();

function publishMemory(memory: WorkerMemory | undefined): void {
  memoryNow = memory;
  for (const listener of memoryListeners) listener();
}

function subscribeMemory(listener: () => void): () => void {
  memoryListeners.add(listener);
  return () => memoryListeners.delete(listener);
}

/** The tensors the worker holds, refreshed by the heartbeat (undefined until its first answer). */
export function useWorkerMemory(): WorkerMemory | undefined {
  return useSyncExternalStore(subscribeMemory, () => memoryNow);
}

/** Wraps a progress callback so that the worker can call it across the boundary. */
export const callback = proxy;

/**
 * The worker's backend for a page: what runs (undefined while it is being chosen), a way to switch, and
 * `onLost`, called with a message when the worker has to change backend by itself (a lost WebGL context); the
 * backend a model was timed fastest on (src/train/fastest.ts) shows without one.
 */
export function useBackend(
  trainer: Trainer | undefined,
  onLost: (message: string) => void,
): { backend: BackendInfo | undefined; choose: (choice: BackendChoice) => void } {
  const [backend, setBackend] = useState<BackendInfo>();
  const lost = useRef(onLost);
  lost.current = onLost;
  useEffect(() => {
    if (!trainer) return;
    let live = true;
    trainer.getBackend().then((info) => live && setBackend(info));
    void trainer.watchBackend(
      proxy((info: BackendInfo, message: string) => {
        if (!live) return;
        setBackend(info);
        if (message) lost.current(message); // none where it moved to the backend a model ran fastest on
      }),
    );
    return () => {
      live = false;
    };
  }, [trainer]);
  const choose = useCallback(
    (choice: BackendChoice) => {
      setBackend(undefined);
      trainer?.setBackend(choice).then(setBackend);
    },
    [trainer],
  );
  return { backend, choose };
}
