// Lesson 5's sweep on the page: one model per (length, cell) trained in the worker, points as they land.

import { useCallback, useMemo, useRef, useState } from 'react';
import { errorText } from '../../client/errors';
import { callback, type Trainer } from '../../client/useTrainer';
import type { MemorySweepPoint, MemorySweepProgress } from './api';
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
  const sweep = useCallback(async () => {
    if (!trainer) return;
    pointsRef.current = [];
    setPoints([]);
    setSweepError(undefined);
    setSweepNote(undefined);
    onStart();
    setRunning(true);
    try {
      const result = await trainer.memorySweep({ lengths: [...SWEEP_LENGTHS], cells: CELLS, ...state }, onPoint, onSweepProgress);
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
  }, [trainer, state, onPoint, onSweepProgress, onStart]);
  return { points, now, running, sweepError, sweepNote, sweep };
}

export type MemorySweepRun = ReturnType<typeof useMemorySweep>;
