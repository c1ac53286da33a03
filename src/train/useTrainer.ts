// The React side of the worker: one worker per page that needs it, wrapped by comlink, terminated when
// the page goes away (abort), and recreated if it dies.

import { proxy, type Remote, releaseProxy, wrap } from 'comlink';
import { useEffect, useState } from 'react';
import type { TrainerApi } from './api';

export type Trainer = Remote<TrainerApi>;

/** Starts the training worker and wraps it with comlink. */
export function startTrainer(): { trainer: Trainer; terminate: () => void } {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
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
