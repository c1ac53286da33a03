// Lesson 9's run on the page: the book, the tiny GPT it trains (or restores), and what the run streams, the
// writing and the race (useGptExtras.ts).

import { useCallback, useEffect, useMemo, useState } from 'react';
import { useEstimate } from '../../client/useEstimate';
import { useCorpusLoad } from '../../client/useLoad';
import { useSavedModel } from '../../client/useSavedModel';
import type { LessonTrainer } from '../../client/useTrainer';
import { useTrainingRun } from '../../client/useTrainingRun';
import { mirrorsOf, TINY_SHAKESPEARE_TEXT, WAR_AND_PEACE } from '../../text/corpora';
import type { CharCorpusInfo, GptApi, GptTrainConfig } from './api';
import { GPT_BOOKS, type GptBook, type GptState } from './meta';
import { useGptEvents, useGptRace, useGptWriting } from './useGptExtras';

/** "Train further" adds this many steps, at the schedule's floor. */
export const MORE_STEPS = 500;

const bookSource = (choice: GptBook) => mirrorsOf(choice === 'shakespeare' ? TINY_SHAKESPEARE_TEXT : WAR_AND_PEACE);
const bookNamed = (name: string): GptBook => (name === GPT_BOOKS['war-and-peace'] ? 'war-and-peace' : 'shakespeare');

export function useGptRun(trainer: LessonTrainer<GptApi> | undefined, state: GptState, setState: (patch: Partial<GptState>) => void) {
  const { book: bookChoice, prompt, temperature, mode, k, p, ...rest } = state;
  const sampling = useMemo(() => ({ mode, temperature, k, p }), [mode, temperature, k, p]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the config is the state less the book and the writing, compared by value
  const config: GptTrainConfig = useMemo(() => rest, [JSON.stringify(rest)]);
  const bookLoad = useCorpusLoad<GptBook, CharCorpusInfo>(trainer, (source, onProgress) => trainer!.lesson.load(source, onProgress), bookSource);
  const { loaded: book, load } = bookLoad;
  const events = useGptEvents();
  const [trained, setTrained] = useState<{ config: GptTrainConfig; corpusName: string; totalSteps: number; parameters?: number }>();

  const training = useTrainingRun({
    prepare: async () => Boolean(book ?? (await load(bookChoice))),
    create: async () => {
      if (!trainer) return false;
      const created = await trainer.lesson.create(config);
      events.clear();
      setTrained({ config, corpusName: book?.name ?? GPT_BOOKS[bookChoice], totalSteps: config.steps, parameters: created.parameters });
    },
    trainSteps: async (maxSteps, onProgress) => {
      await trainer!.lesson.setPrompt(prompt, sampling);
      return trainer!.lesson.train(maxSteps, onProgress, events.onEvent);
    },
    extend: {
      label: `Train ${MORE_STEPS} more steps`,
      run: async () => {
        const totalSteps = await trainer!.lesson.extend(MORE_STEPS);
        setTrained((t) => t && { ...t, totalSteps });
      },
    },
  });
  const { run } = training;
  useEffect(() => {
    if (run === 'running') void trainer?.lesson.setPrompt(prompt, sampling);
  }, [trainer, run, prompt, sampling]);

  const saved = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.lesson.restore();
      if (!restored) return;
      setTrained({ config: restored.config, corpusName: restored.corpusName, totalSteps: restored.totalSteps });
      events.setValidation(restored.validation);
      events.setLstm(restored.lstm);
      setState({ ...restored.config, book: bookNamed(restored.corpusName) });
      training.restoredAt(
        { step: restored.step, totalSteps: restored.totalSteps },
        `Restored the model saved at step ${restored.step} (trained on ${restored.corpusName}). It can write now; load the book to train it further.`,
        { steps: restored.points, validation: restored.validation.map((v) => ({ step: v.step, loss: v.loss })) },
      );
    },
    forget: async () => {
      await trainer?.lesson.reset();
    },
    clearPage: () => {
      setTrained(undefined);
      events.clear();
    },
  });

  const estimate = useEstimate(
    `${book?.name}:${JSON.stringify(config)}`,
    run === 'idle' && !trained && book !== undefined,
    trainer && (() => trainer.lesson.estimate(config)),
  );
  const writing = useGptWriting(trainer, prompt, sampling, events);
  const ensureBook = useCallback(async () => Boolean(book || !trained || (await load(bookNamed(trained.corpusName)))), [book, trained, load]);
  const race = useGptRace(trainer, ensureBook, events);

  return { config, bookLoad, book, trained, training, ...saved, chooseBackend: saved.choose, estimate, ...events, ...writing, ...race };
}

export type GptRun = ReturnType<typeof useGptRun>;
