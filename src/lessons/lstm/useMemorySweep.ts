// Lesson 5's sweep on the page: one model per (length, cell) trained in the worker, points as they land.

import { useCallback, useMemo, useRef, useState } from 'react';
import { errorText } from '../../client/errors';
import { useEstimate } from '../../client/useEstimate';
import { callback, type Trainer } from '../../client/useTrainer';
import type { MemorySweepConfig, MemorySweepEstimate, MemorySweepPoint, MemorySweepProgress } from './api';
import { CELLS, SWEEP_LENGTHS, type SweepState } from './meta';

/** The sweep; `onStart` runs as a new sweep begins (the models looked inside before are gone). */
export function useMemorySweep(trainer: Trainer | undefined, state: SweepState, onStart: () => void) {
  const [points, setPoints] = useState<MemorySweepPoint[]>([]);
  const [now, setNow] = useState<MemorySweepProgress>();
  const [running, setRunning] = useState(false);
  const [sweepError, setSweepError] = useState<string>();
  const [sweepNote, setSweepNote] = useState<string>();
  const pointsRef = useRef<MemorySweepPoint[]>([]);
  const onPoint = useMemo(
    () =>
      callback((p: MemorySweepPoint) => {
        pointsRef.current = [...pointsRef.current, p];
        setPoints(pointsRef.current);
      }),
    [],
  );
  const onSweepProgress = useMemo(() => callback((p: MemorySweepProgress) => setNow(p)), []);
  const config = useMemo((): MemorySweepConfig => ({ lengths: [...SWEEP_LENGTHS], cells: CELLS, ...state }), [state]);
  // Before a run: the sweep's time here, from a few timed epochs, measured again when a setting changes.
  const estimate = useEstimate(JSON.stringify(config), !running, trainer && (() => trainer.memoryEstimate(config)));
  const sweep = useCallback(async () => {
    if (!trainer) return;
    pointsRef.current = [];
    setPoints([]);
    setSweepError(undefined);
    setSweepNote(undefined);
    onStart();
    setRunning(true);
    try {
      const result = await trainer.memorySweep(config, onPoint, onSweepProgress);
      setSweepNote(
        result.stopped
          ? `Stopped after ${result.points.length} of ${SWEEP_LENGTHS.length * CELLS.length} models.`
          : `All ${result.points.length} models trained.`,
      );
    } catch (error) {
      setSweepError(errorText(error));
    } finally {
      setRunning(false);
      setNow(undefined);
    }
  }, [trainer, config, onPoint, onSweepProgress, onStart]);
  return { points, now, running, sweepError, sweepNote, sweep, estimate, secondsLeft: secondsLeft(estimate, points, now) };
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
