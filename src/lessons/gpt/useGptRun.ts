// Lesson 9's run on the page: the book, the tiny GPT it trains (or restores), its samples and attention maps
// as they land, its writing, and the race against Lesson 6's LSTM.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import { useEstimate } from '../../client/useEstimate';
import { useLoad } from '../../client/useLoad';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import { useSavedModel, useTrainingRun } from '../../client/useTrainingRun';
import { TINY_SHAKESPEARE, WAR_AND_PEACE_2600 } from '../../lib/knownFiles';
import { TINY_SHAKESPEARE_MIRRORS, WAR_AND_PEACE_MIRRORS } from '../../text/corpora';
import type { CharCorpusInfo, GptApi, GptAttention, GptEvent, GptTrainConfig, TimedPoint } from './api';
import { GPT_BOOKS, type GptBook, type GptState } from './meta';

/** "Train further" adds this many steps, at the schedule's floor. */
export const MORE_STEPS = 500;

export function useGptRun(trainer: LessonTrainer<GptApi> | undefined, state: GptState, setState: (patch: Partial<GptState>) => void) {
  const { book: bookChoice, prompt, temperature, ...rest } = state;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the config is the state less the book and the writing, compared by value
  const config: GptTrainConfig = useMemo(() => rest, [JSON.stringify(rest)]);

  const bookLoad = useLoad<GptBook | File, CharCorpusInfo>(
    trainer &&
      ((source, onProgress) =>
        source instanceof File
          ? trainer.lesson.load({ kind: 'file', file: source, name: source.name }, onProgress)
          : trainer.lesson.load(
              {
                kind: 'mirrors',
                urls: [...(source === 'shakespeare' ? TINY_SHAKESPEARE_MIRRORS : WAR_AND_PEACE_MIRRORS)],
                name: GPT_BOOKS[source],
                expected: source === 'shakespeare' ? TINY_SHAKESPEARE : WAR_AND_PEACE_2600,
              },
              onProgress,
            )),
    trainer && (() => void trainer.cancelLoad()),
  );
  const { loaded: book, loading, load } = bookLoad;

  const [trained, setTrained] = useState<{ config: GptTrainConfig; corpusName: string; totalSteps: number; parameters?: number }>();
  const [validation, setValidation] = useState<TimedPoint[]>([]);
  const [lstm, setLstm] = useState<TimedPoint[]>([]);
  const [sample, setSample] = useState<{ step: number; prompt: string; text: string }>();
  const [attention, setAttention] = useState<GptAttention>();
  const [engine, setEngine] = useState<GptEvent['engine']>();

  const onEvent = useMemo(
    () =>
      callback((e: GptEvent) => {
        if (e.engine) setEngine(e.engine);
        if (e.validation) setValidation((list) => [...list, e.validation!]);
        if (e.sample) setSample(e.sample);
        if (e.attention) setAttention(e.attention);
      }),
    [],
  );

  const training = useTrainingRun({
    prepare: async () => Boolean(book ?? (await load(bookChoice))),
    create: async () => {
      if (!trainer) return false;
      const created = await trainer.lesson.create(config);
      setValidation([]);
      setLstm([]);
      setSample(undefined);
      setAttention(undefined);
      setTrained({ config, corpusName: book?.name ?? GPT_BOOKS[bookChoice], totalSteps: config.steps, parameters: created.parameters });
    },
    trainSteps: async (maxSteps, onProgress) => {
      await trainer!.lesson.setPrompt(prompt, temperature);
      return trainer!.lesson.train(maxSteps, onProgress, onEvent);
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
    if (run === 'running') void trainer?.lesson.setPrompt(prompt, temperature);
  }, [trainer, run, prompt, temperature]);

  const {
    backend,
    choose: chooseBackend,
    reset,
  } = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.lesson.restore();
      if (!restored) return;
      setTrained({ config: restored.config, corpusName: restored.corpusName, totalSteps: restored.totalSteps });
      setValidation(restored.validation);
      setLstm(restored.lstm);
      setState({ ...restored.config, book: restored.corpusName === GPT_BOOKS['war-and-peace'] ? 'war-and-peace' : 'shakespeare' });
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
      setEngine(undefined);
      setValidation([]);
      setLstm([]);
      setSample(undefined);
      setAttention(undefined);
    },
  });

  const estimate = useEstimate(
    `${book?.name}:${JSON.stringify(config)}`,
    run === 'idle' && !trained && book !== undefined,
    trainer && (() => trainer.lesson.estimate(config)),
  );

  // Writing and looking, on demand
  const [writing, setWriting] = useState<{ prompt: string; text: string; done: boolean }>();
  const [writeError, setWriteError] = useState<string>();
  const write = useCallback(async () => {
    if (!trainer) return;
    setWriteError(undefined);
    setWriting({ prompt, text: '', done: false });
    try {
      await trainer.lesson.write(
        prompt,
        300,
        temperature,
        callback((text: string) => setWriting((w) => w && { ...w, text: w.text + text })),
      );
      setWriting((w) => w && { ...w, done: true });
      setAttention(await trainer.lesson.attention(prompt));
    } catch (error) {
      setWriting(undefined);
      setWriteError(errorText(error));
    }
  }, [trainer, prompt, temperature]);

  // The race: Lesson 6's LSTM on the same book for as long as the GPT trained.
  const [racing, setRacing] = useState(false);
  const [raceError, setRaceError] = useState<string>();
  const race = useCallback(async () => {
    if (!trainer) return;
    setRaceError(undefined);
    setRacing(true);
    setLstm([]);
    try {
      if (!book && trained && !(await load(trained.corpusName === GPT_BOOKS['war-and-peace'] ? 'war-and-peace' : 'shakespeare'))) return;
      await trainer.lesson.compareLstm(callback((p: TimedPoint) => setLstm((list) => [...list, p])));
    } catch (error) {
      setRaceError(errorText(error));
    } finally {
      setRacing(false);
    }
  }, [trainer, book, trained, load]);

  return {
    config,
    engine,
    bookLoad,
    book,
    loading,
    trained,
    validation,
    lstm,
    sample,
    attention,
    training,
    backend,
    chooseBackend,
    reset,
    estimate,
    writing,
    writeError,
    write,
    race,
    racing,
    raceError,
  };
}

export type GptRun = ReturnType<typeof useGptRun>;
