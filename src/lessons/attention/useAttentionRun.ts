// Lesson 7's run on the page: the two models it trains (or restores), their measurements as they land, the
// time estimate before a run, and the reader's sequence through both.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import { useEstimate } from '../../client/useEstimate';
import { useSavedModel } from '../../client/useSavedModel';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import { useTrainingRun } from '../../client/useTrainingRun';
import type { AttentionApi, AttentionEvaluation, AttentionProbe } from './api';
import { type AttentionConfig, type AttentionState, parseProbe } from './meta';

/** "Train further" adds this many steps of both models, at the settled rate. */
export const MORE_STEPS = 200;

export function useAttentionRun(trainer: LessonTrainer<AttentionApi> | undefined, state: AttentionState, setState: (patch: Partial<AttentionState>) => void) {
  const { probe: probeText, ...rest } = state;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the config is the state less the probe, compared by value
  const config: AttentionConfig = useMemo(() => rest, [JSON.stringify(rest)]);
  const [trained, setTrained] = useState<{ config: AttentionConfig; totalSteps: number; parameters?: { with: number; without: number } }>();
  const [evaluations, setEvaluations] = useState<AttentionEvaluation[]>([]);
  const [probe, setProbe] = useState<AttentionProbe>();
  const parsed = parseProbe(probeText, (trained?.config ?? config).vocab);
  const probeProblem = 'problem' in parsed ? parsed.problem : undefined;
  const sequenceKey = 'sequence' in parsed ? parsed.sequence.join(' ') : '';

  const onEvaluation = useMemo(
    () =>
      callback((e: AttentionEvaluation) => {
        setEvaluations((list) => [...list, e]);
        if (e.probe) setProbe(e.probe);
      }),
    [],
  );

  const training = useTrainingRun({
    create: async () => {
      if (!trainer) return false;
      const created = await trainer.lesson.create(config);
      setEvaluations([]);
      setProbe(undefined);
      setTrained({ config, totalSteps: created.totalSteps, parameters: created.parameters });
    },
    trainSteps: (maxSteps, onProgress) => trainer!.lesson.train(maxSteps, onProgress, onEvaluation),
    extend: {
      label: `Train ${MORE_STEPS} more steps`,
      run: async () => {
        const totalSteps = await trainer!.lesson.extend(MORE_STEPS);
        setTrained((t) => t && { ...t, totalSteps });
      },
    },
  });
  const { run } = training;

  // The reader's sequence goes to the worker, so that the measurements taken while training include it.
  useEffect(() => {
    if (!trainer || !sequenceKey) return;
    void trainer.lesson.setProbe(sequenceKey.split(' ').map(Number)).catch(() => {});
  }, [trainer, sequenceKey]);

  const [askError, setAskError] = useState<string>();
  const ask = useCallback(async () => {
    if (!trainer) return;
    if (!sequenceKey) {
      setAskError(probeProblem);
      return;
    }
    setAskError(undefined);
    try {
      setProbe(await trainer.lesson.probe(sequenceKey.split(' ').map(Number)));
    } catch (error) {
      setAskError(errorText(error));
    }
  }, [trainer, sequenceKey, probeProblem]);

  const {
    backend,
    choose: chooseBackend,
    reset,
  } = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.lesson.restore();
      if (!restored) return;
      setTrained({ config: restored.config, totalSteps: restored.totalSteps });
      setEvaluations(restored.evaluations);
      setProbe(restored.evaluations.findLast((e) => e.probe)?.probe);
      setState(restored.config);
      training.restoredAt(
        { step: restored.step, totalSteps: restored.totalSteps },
        `Restored the models saved at step ${restored.step} of ${restored.totalSteps}.`,
        { steps: [] },
      );
    },
    forget: async () => {
      await trainer?.lesson.reset();
    },
    clearPage: () => {
      setTrained(undefined);
      setEvaluations([]);
      setProbe(undefined);
    },
  });

  // Before a new run: how long it takes here, timed from a few steps of both models.
  const estimate = useEstimate(JSON.stringify(config), run === 'idle' && !trained, trainer && (() => trainer.lesson.estimate(config)));

  return { config, trained, evaluations, probe, probeProblem, ask, askError, training, backend, chooseBackend, reset, estimate };
}

export type AttentionRun = ReturnType<typeof useAttentionRun>;
