// The React side of the worker: one worker per page that needs it, wrapped by comlink, terminated when
// the page goes away (abort), and recreated if it dies.

import { proxy, type Remote, releaseProxy, wrap } from 'comlink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackendChoice, BackendInfo, TrainerApi } from '../train/api';

export type Trainer = Remote<TrainerApi>;

/** Starts the training worker and wraps it with comlink. */
export function startTrainer(): { trainer: Trainer; terminate: () => void } {
  const worker = new Worker(new URL('../train/trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
  const trainer = wrap<TrainerApi>(worker);
  return {
    trainer,
    terminate: () => {
      trainer[releaseProxy]();
      worker.terminate();
    },
  };
}

/**
 * The trainer for this component: created once on mount, terminated on unmount. `restart` aborts the
 * worker (losing what it holds) and starts a fresh one, for a worker that hangs or has crashed.
 */
export function useTrainer(): { trainer: Trainer | undefined; restart: () => void } {
  const [generation, setGeneration] = useState(0);
  const [trainer, setTrainer] = useState<Trainer>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation is what starts a new worker
  useEffect(() => {
    const started = startTrainer();
    setTrainer(() => started.trainer);
    return () => {
      started.terminate();
      setTrainer(undefined);
    };
  }, [generation]);
  return { trainer, restart: () => setGeneration((g) => g + 1) };
}

/** Wraps a progress callback so that the worker can call it across the boundary. */
export const callback = proxy;

/**
 * The worker's backend for a page: what runs (undefined while it is being chosen), a way to switch, and
 * `onLost`, called with a message when the worker has to change backend by itself (a lost WebGL context).
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
        lost.current(message);
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
