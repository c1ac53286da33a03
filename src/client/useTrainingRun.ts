// The run every lesson's Train / Pause / Resume / Step shares: its state is runState.ts's reducer (what runs,
// the last progress, the loss history, the error and note); this hook drives it from the worker's answers, with
// one `train` that creates the model when nothing is trained and goes on otherwise.

import { useCallback, useMemo, useReducer, useRef } from 'react';
import type { TrainProgress } from '../train/types';
import type { RunState } from '../ui/TrainControls';
import { errorText } from './errors';
import { initialRun, type LossHistory, type RunView, runReducer } from './runState';
import { useLeaveWarning } from './useLeaveWarning';
import { callback } from './useTrainer';

export type { LossHistory };

export interface TrainingRunOptions<R extends { step: number; totalSteps: number }> {
  /** Before every run, fresh or resumed (load a corpus, say); false ends it quietly, having set its own message. */
  prepare?: () => Promise<boolean>;
  /** When nothing is trained yet: create the model (and clear the page's old points); false ends the run. */
  create: () => Promise<boolean | void>;
  /** Runs up to `maxSteps` steps in the worker, streaming `onProgress`. */
  trainSteps: (maxSteps: number, onProgress: (p: TrainProgress) => void) => Promise<R>;
  /** After the worker returned, before the state moves to paused or done. */
  onFinished?: (result: R) => void;
  /** Where a finished model can train further: raises the run's total in the worker (and on the page). */
  extend?: { label: string; run: () => Promise<void> };
}

export interface TrainingRun extends Readonly<RunView> {
  setRun: (run: RunState) => void;
  setProgress: (p: TrainProgress | undefined) => void;
  setError: (message: string | undefined) => void;
  setNote: (note: string | undefined) => void;
  /** Creates the model when idle, then trains `maxSteps` more steps (Infinity: to the end). */
  train: (maxSteps: number) => Promise<void>;
  /** Back to nothing trained: idle, no progress, no history, no note. */
  clear: () => void;
  /** A finished model trains further (where the lesson has `extend`): its label, and the action. */
  more?: { label: string; run: () => Promise<void> };
  /** A model brought back from its checkpoint: where it stands (paused, or done at the end) and its saved curves, with `note` to say so. */
  restoredAt: (at: { step: number; totalSteps: number; epoch?: number }, note: string, saved?: Partial<LossHistory>) => void;
}

/** The training run of one lesson page; options are read when `train` runs, so they may change freely. */
export function useTrainingRun<R extends { step: number; totalSteps: number }>(options: TrainingRunOptions<R>): TrainingRun {
  const [view, dispatch] = useReducer(runReducer, initialRun);
  useLeaveWarning(view.run === 'running');
  const latest = useRef(options);
  latest.current = options;
  const runRef = useRef(view.run);
  runRef.current = view.run;
  const inFlight = useRef(false);
  // Which model the page shows: `clear` (a lost WebGL context, a new worker, Reset) starts a new one, and what a
  // run of the one before ends with, result or error, is no longer the page's to show.
  const generation = useRef(0);

  const onProgress = useMemo(() => callback((progress: TrainProgress) => dispatch({ type: 'progress', progress })), []);
  const set = useCallback((patch: Extract<Parameters<typeof runReducer>[1], { type: 'set' }>['patch']) => dispatch({ type: 'set', patch }), []);

  const train = useCallback(
    async (maxSteps: number) => {
      // One run at a time: a second click (a double click, Train then Step) while a call is under way does nothing.
      if (inFlight.current) return;
      inFlight.current = true;
      const mine = generation.current;
      const o = latest.current;
      dispatch({ type: 'begin' });
      try {
        if (o.prepare && !(await o.prepare())) return;
        if (runRef.current === 'idle') {
          if ((await o.create()) === false) return;
          dispatch({ type: 'created' });
        }
        runRef.current = 'running';
        dispatch({ type: 'running' });
        const result = await o.trainSteps(maxSteps, onProgress);
        if (generation.current !== mine) return;
        o.onFinished?.(result);
        dispatch({ type: 'finished', step: result.step, totalSteps: result.totalSteps });
      } catch (e) {
        if (generation.current !== mine) return;
        dispatch({ type: 'failed', message: errorText(e) });
      } finally {
        if (generation.current === mine) {
          inFlight.current = false;
          dispatch({ type: 'settled' });
        }
      }
    },
    [onProgress],
  );

  const clear = useCallback(() => {
    generation.current++;
    inFlight.current = false; // a run of a worker that died never returns
    runRef.current = 'idle';
    dispatch({ type: 'clear' });
  }, []);

  const restoredAt = useCallback((at: { step: number; totalSteps: number; epoch?: number }, note: string, saved?: Partial<LossHistory>) => {
    runRef.current = at.step >= at.totalSteps ? 'done' : 'paused';
    dispatch({ type: 'restored', at, note, saved });
  }, []);

  const setRun = useCallback(
    (run: RunState) => {
      runRef.current = run;
      set({ run });
    },
    [set],
  );

  const more = useMemo(() => {
    const label = options.extend?.label;
    if (!label) return undefined;
    return {
      label,
      run: async () => {
        set({ error: undefined });
        try {
          await latest.current.extend?.run();
        } catch (e) {
          set({ error: errorText(e) });
          return;
        }
        setRun('paused');
        await train(Number.POSITIVE_INFINITY);
      },
    };
  }, [options.extend?.label, set, setRun, train]);

  return {
    ...view,
    setRun,
    setProgress: useCallback((progress: TrainProgress | undefined) => set({ progress }), [set]),
    setError: useCallback((error: string | undefined) => set({ error }), [set]),
    setNote: useCallback((note: string | undefined) => set({ note }), [set]),
    train,
    clear,
    restoredAt,
    more,
  };
}
