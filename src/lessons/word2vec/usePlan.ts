// What a configuration of Lesson 2 costs on the loaded corpus (its vocabulary, batches, memory and time here),
// asked of the worker a moment after the settings stop changing.

import { useEffect, useState } from 'react';
import { errorText } from '../../client/errors';
import type { LessonTrainer } from '../../client/useTrainer';
import type { BackendInfo } from '../../train/types';
import type { Word2vecApi, Word2vecConfig, Word2vecPlan } from './api';

export function usePlan(
  trainer: LessonTrainer<Word2vecApi> | undefined,
  corpusName: string | undefined,
  config: Word2vecConfig,
  backend: BackendInfo | undefined,
) {
  const [plan, setPlan] = useState<Word2vecPlan>();
  const [planError, setPlanError] = useState<string>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the plan's time estimate depends on the backend and the corpus
  useEffect(() => {
    if (!trainer || !corpusName) return;
    let live = true;
    const timer = setTimeout(() => {
      trainer.lesson.plan(config).then(
        (p) => {
          if (!live) return;
          setPlan(p);
          setPlanError(undefined);
        },
        (error) => live && setPlanError(errorText(error)),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [trainer, corpusName, config, backend]);
  return { plan, setPlan, planError };
}
