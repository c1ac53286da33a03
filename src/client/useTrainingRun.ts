// The run state every lesson's Train / Pause / Resume / Step shares: what runs, the last progress, the
// loss history, the error and note to show, and one `train` that creates the model when nothing is
// trained and goes on otherwise.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LossPoint, TrainProgress } from '../train/types';
import type { RunState } from '../ui/TrainControls';
import { errorText, writtenForReader } from './errors';
import { useLeaveWarning } from './useLeaveWarning';
import { callback, FOREIGN_CHECKPOINT, type ForeignOffer, type Trainer, useBackend } from './useTrainer';

/** Every loss the worker streamed for the model on the page: per step, held-out, and per finished epoch. */
export interface LossHistory {
  steps: LossPoint[];
  validation: LossPoint[];
  epochs: { epoch: number; loss: number }[];
}

const emptyHistory = (): LossHistory => ({ steps: [], validation: [], epochs: [] });

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

export interface TrainingRun {
  run: RunState;
  busy: boolean;
  progress: TrainProgress | undefined;
  /** The model's losses so far (the hook adds each progress message's points; pages only read it). */
  history: LossHistory;
  error: string | undefined;
  note: string | undefined;
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
  const [run, setRunState] = useState<RunState>('idle');
  useLeaveWarning(run === 'running');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<TrainProgress>();
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const history = useRef<LossHistory>(emptyHistory());
  const latest = useRef(options);
  latest.current = options;
  const runRef = useRef(run);
  const inFlight = useRef(false);
  // Which model the page shows: `clear` (a lost WebGL context, a new worker, Reset) starts a new one, and what a
  // run of the one before ends with, result or error, is no longer the page's to show.
  const generation = useRef(0);
  const setRun = useCallback((next: RunState) => {
    runRef.current = next;
    setRunState(next);
  }, []);

  const onProgress = useMemo(
    () =>
      callback((p: TrainProgress) => {
        const kept = history.current;
        kept.steps.push(...p.points);
        if (p.validation) kept.validation.push(...p.validation);
        if (p.epochMeans) kept.epochs.push(...p.epochMeans);
        setProgress(p);
      }),
    [],
  );

  const train = useCallback(
    async (maxSteps: number) => {
      // One run at a time: a second click (a double click, Train then Step) while a call is under way does nothing.
      if (inFlight.current) return;
      inFlight.current = true;
      const mine = generation.current;
      const o = latest.current;
      setError(undefined);
      setBusy(true);
      try {
        if (o.prepare && !(await o.prepare())) return;
        if (runRef.current === 'idle') {
          if ((await o.create()) === false) return;
          history.current = emptyHistory();
          setProgress(undefined);
        }
        // A note about the model as it was ("Restored …", "load the book to train it further") is stale once it trains.
        setNote(undefined);
        setRun('running');
        setBusy(false);
        const result = await o.trainSteps(maxSteps, onProgress);
        if (generation.current !== mine) return;
        o.onFinished?.(result);
        setRun(result.step >= result.totalSteps ? 'done' : 'paused');
      } catch (e) {
        if (generation.current !== mine) return;
        setError(errorText(e));
        if (runRef.current === 'running') setRun('paused');
      } finally {
        if (generation.current === mine) {
          inFlight.current = false;
          setBusy(false);
        }
      }
    },
    [onProgress, setRun],
  );

  const clear = useCallback(() => {
    generation.current++;
    inFlight.current = false; // a run of a worker that died never returns
    setBusy(false);
    history.current = emptyHistory();
    setRun('idle');
    setProgress(undefined);
    setNote(undefined);
  }, [setRun]);

  const restoredAt = useCallback(
    (at: { step: number; totalSteps: number; epoch?: number }, message: string, saved?: Partial<LossHistory>) => {
      history.current = { ...emptyHistory(), ...saved };
      setProgress({ points: [], step: at.step, totalSteps: at.totalSteps, examplesPerSecond: 0, secondsLeft: Number.NaN, epoch: at.epoch });
      setRun(at.step >= at.totalSteps ? 'done' : 'paused');
      setNote(message);
    },
    [setRun],
  );

  const more = useMemo(() => {
    const label = options.extend?.label;
    if (!label) return undefined;
    return {
      label,
      run: async () => {
        setError(undefined);
        try {
          await latest.current.extend?.run();
        } catch (e) {
          setError(errorText(e));
          return;
        }
        setRun('paused');
        await train(Number.POSITIVE_INFINITY);
      },
    };
  }, [options.extend?.label, setRun, train]);

  return { run, busy, progress, history: history.current, error, note, setRun, setProgress, setError, setNote, train, clear, restoredAt, more };
}

/**
 * The saved model of a page: brought back from its checkpoint when the worker is ready, and again after
 * the worker had to change backend by itself (a lost WebGL context, whose message is shown); `reset`
 * forgets it. `clearPage` empties what the page shows of a model; the run state is cleared here.
 */
export function useSavedModel(
  trainer: Trainer | undefined,
  training: TrainingRun,
  model: { restore: () => Promise<void>; forget: () => Promise<void>; clearPage: () => void },
) {
  const latest = useRef(model);
  latest.current = model;
  const { clear, setError } = training;
  const restore = useCallback(async () => {
    try {
      await latest.current.restore();
    } catch (e) {
      // Refused for its settings, the reason is said; one that cannot be built (damaged, or saved by another
      // version of the lesson) is said in plain words, not in tfjs's.
      const why = writtenForReader(e) ? errorText(e) : 'It could not be read back: it is damaged, or was saved by another version of this lesson.';
      setError(`The model saved in this browser was not brought back. ${why} Press Train to start a new one; it will take its place.`);
    }
  }, [setError]);
  // A model saved by another tab (or an earlier visit) is not restored silently: the page offers it.
  const offerForeign = useCallback(async () => {
    const foreign = await trainer?.foreignCheckpoints().catch(() => []);
    if (!trainer || !foreign || foreign.length === 0) return;
    const newest = Math.max(...foreign.map((f) => f.savedAt ?? 0));
    const when = newest > 0 ? ` on ${new Date(newest).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}` : '';
    const offer: ForeignOffer = {
      message: `A model of this lesson, saved${when} by another tab or an earlier visit, is stored in this browser. This page started without it.`,
      restore: async () => {
        for (const f of foreign) await trainer.adoptCheckpoint(f.key);
        await restore();
      },
    };
    window.dispatchEvent(new CustomEvent(FOREIGN_CHECKPOINT, { detail: offer }));
  }, [trainer, restore]);
  // A new worker (the first, or one started after the last crashed or hung): the run of the old one is over, and
  // the model comes back from its checkpoint.
  useEffect(() => {
    if (!trainer) return;
    latest.current.clearPage();
    clear();
    void restore().then(offerForeign);
  }, [trainer, restore, clear, offerForeign]);
  const backend = useBackend(trainer, (message) => {
    latest.current.clearPage();
    clear();
    setError(message);
    void restore();
  });
  const reset = useCallback(async () => {
    await latest.current.forget();
    latest.current.clearPage();
    clear();
    setError(undefined);
  }, [clear, setError]);
  return { ...backend, reset };
}
