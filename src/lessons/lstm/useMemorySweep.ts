// Lesson 5's sweep on the page: one model per (length, cell) trained in the worker, points as they land.

import { useCallback, useMemo, useRef, useState } from 'react';
import { errorText } from '../../client/errors';
import { useEstimate } from '../../client/useEstimate';
import { useLeaveWarning } from '../../client/useLeaveWarning';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import type { LstmApi, MemorySweepConfig, MemorySweepEstimate, MemorySweepPoint, MemorySweepProgress } from './api';
import { CELLS, SWEEP_LENGTHS, type SweepState } from './meta';

/**
 * Where the page keeps the points of the last sweep, with its settings, so that a reload loses none: the tab's
 * session storage, so that a sweep in another tab neither shows up here nor overwrites this one's.
 */
export const SWEEP_STORE = 'tensor-tutor:lstm-sweep';

function storedPoints(state: SweepState): MemorySweepPoint[] {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SWEEP_STORE) ?? 'null') as { settings: SweepState; points: MemorySweepPoint[] } | null;
    return stored && JSON.stringify(stored.settings) === JSON.stringify(state) && Array.isArray(stored.points) ? stored.points : [];
  } catch {
    return [];
  }
}

function storePoints(state: SweepState, points: MemorySweepPoint[]): void {
  try {
    sessionStorage.setItem(SWEEP_STORE, JSON.stringify({ settings: state, points }));
  } catch {
    // Storage full or refused: the sweep goes on, only a reload would lose its points.
  }
}

/**
 * The sweep; `onStart` runs as a new sweep begins (the models looked inside before are gone). Every finished
 * point is stored at once: after a reload with the same settings the points are back, and the sweep can be
 * continued from the first model it had not finished.
 */
export function useMemorySweep(trainer: LessonTrainer<LstmApi> | undefined, state: SweepState, onStart: () => void) {
  const total = SWEEP_LENGTHS.length * CELLS.length;
  const [points, setPoints] = useState<MemorySweepPoint[]>(() => storedPoints(state));
  const [now, setNow] = useState<MemorySweepProgress>();
  const [running, setRunning] = useState(false);
  useLeaveWarning(running);
  const [sweepError, setSweepError] = useState<string>();
  const [sweepNote, setSweepNote] = useState<string | undefined>(() => {
    const restored = storedPoints(state).length;
    return restored > 0 ? `Restored ${restored} of ${total} models from your last sweep with these settings.` : undefined;
  });
  const pointsRef = useRef<MemorySweepPoint[]>(points);
  /** The settings the points on the page were trained with. */
  const madeWith = useRef(JSON.stringify(state));
  const stateRef = useRef(state);
  stateRef.current = state;
  const onPoint = useMemo(
    () =>
      callback((p: MemorySweepPoint) => {
        pointsRef.current = [...pointsRef.current, p];
        setPoints(pointsRef.current);
        storePoints(stateRef.current, pointsRef.current);
      }),
    [],
  );
  const onSweepProgress = useMemo(() => callback((p: MemorySweepProgress) => setNow(p)), []);
  const config = useMemo((): MemorySweepConfig => ({ lengths: [...SWEEP_LENGTHS], cells: CELLS, ...state }), [state]);
  // Before a run: the sweep's time here, from a few timed epochs, measured again when a setting changes.
  const estimate = useEstimate(JSON.stringify(config), !running, trainer && (() => trainer.lesson.estimate(config)));
  const sweep = useCallback(
    async (resume = false) => {
      if (!trainer) return;
      if (!resume) {
        pointsRef.current = [];
        madeWith.current = JSON.stringify(state);
        storePoints(state, []);
      }
      setPoints(pointsRef.current);
      setSweepError(undefined);
      setSweepNote(undefined);
      onStart();
      setRunning(true);
      try {
        const done = pointsRef.current.map((p) => ({ cell: p.cell, length: p.length }));
        const result = await trainer.lesson.sweep({ ...config, done }, onPoint, onSweepProgress);
        const trained = pointsRef.current.length;
        setSweepNote(result.stopped ? `Stopped after ${trained} of ${total} models.` : `All ${trained} models trained.`);
      } catch (error) {
        setSweepError(errorText(error));
      } finally {
        setRunning(false);
        setNow(undefined);
      }
    },
    [trainer, config, state, total, onPoint, onSweepProgress, onStart],
  );
  // A sweep that stopped part-way (or was cut off by a reload) can go on with the same settings.
  const resumable = !running && points.length > 0 && points.length < total && madeWith.current === JSON.stringify(state);
  return { points, now, running, sweepError, sweepNote, sweep, resumable, estimate, secondsLeft: secondsLeft(estimate, points, now) };
}

/**
 * The time left in a running sweep: the estimate of every model not yet done, scaled by how the finished ones
 * compared with theirs, less the share of the current model already trained.
 */
export function secondsLeft(estimate: MemorySweepEstimate | undefined, points: MemorySweepPoint[], now: MemorySweepProgress | undefined): number {
  if (!estimate || !now) return Number.NaN;
  const predicted = (p: { cell: string; length: number }) => estimate.models.find((m) => m.cell === p.cell && m.length === p.length)?.seconds ?? 0;
  const done = points.reduce((sum, p) => sum + predicted(p), 0);
  const ratio = done > 0 ? points.reduce((sum, p) => sum + p.seconds, 0) / done : 1;
  const left = estimate.models.filter((m) => !points.some((p) => p.cell === m.cell && p.length === m.length));
  const current = predicted(now) * ((now.epoch + 1) / now.epochs);
  return Math.max(0, ratio * (left.reduce((sum, m) => sum + m.seconds, 0) - current));
}

export type MemorySweepRun = ReturnType<typeof useMemorySweep>;
