// Lesson 4's run on the page: the counting model it trains (or restores) and how it does on the data.

import { useMemo, useState } from 'react';
import { useSavedModel } from '../../client/useSavedModel';
import type { LessonTrainer } from '../../client/useTrainer';
import { useTrainingRun } from '../../client/useTrainingRun';
import type { CountingAccuracy, CountingApi, CountingConfig } from './api';

/** The model on the page: its config and its epochs. */
export interface TrainedCounting {
  config: CountingConfig;
  stepsPerEpoch: number;
  totalSteps: number;
}

/** "Train further" adds this many epochs, at the schedule's last learning rate. */
const MORE_EPOCHS = 5;

export function useCountingRun(trainer: LessonTrainer<CountingApi> | undefined, state: CountingConfig, setState: (patch: Partial<CountingConfig>) => void) {
  const config: CountingConfig = useMemo(() => ({ ...state }), [state]);
  const [trained, setTrained] = useState<TrainedCounting>();
  const [accuracy, setAccuracy] = useState<CountingAccuracy>();

  const training = useTrainingRun({
    create: async () => {
      if (!trainer) return false;
      const plan = await trainer.lesson.create(config);
      clearModel();
      setTrained({ config, stepsPerEpoch: plan.stepsPerEpoch, totalSteps: plan.totalSteps });
    },
    trainSteps: (maxSteps, onProgress) => trainer!.lesson.train(maxSteps, onProgress),
    onFinished: (result) => setAccuracy(result.accuracy),
    extend: {
      label: `Train ${MORE_EPOCHS} more epochs`,
      run: async () => {
        const totalSteps = await trainer!.lesson.extend(MORE_EPOCHS);
        setTrained((t) => t && { ...t, totalSteps });
      },
    },
  });

  /** Empties what the page shows of a model (the run state is the hook's; the answers go with `trained`). */
  const clearModel = () => {
    setAccuracy(undefined);
    setTrained(undefined);
  };

  const {
    backend,
    choose: chooseBackend,
    reset,
  } = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.lesson.restore();
      if (!restored) return;
      setTrained({ config: restored.config, stepsPerEpoch: restored.stepsPerEpoch, totalSteps: restored.totalSteps });
      setAccuracy(restored.accuracy);
      setState(restored.config);
      training.restoredAt(
        { step: restored.step, totalSteps: restored.totalSteps, epoch: Math.floor(restored.step / restored.stepsPerEpoch) },
        `Restored the model saved after step ${restored.step} of ${restored.totalSteps} (epoch ${restored.epochMeans.length} of ${restored.totalSteps / restored.stepsPerEpoch}).`,
        { epochs: restored.epochMeans },
      );
    },
    forget: async () => {
      await trainer?.lesson.reset();
    },
    clearPage: clearModel,
  });

  return { config, trained, accuracy, training, backend, chooseBackend, reset };
}

export type CountingRun = ReturnType<typeof useCountingRun>;
