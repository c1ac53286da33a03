// Lesson 6's run on the page: the book it loads, the model it trains (or restores), and the text it writes.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import { useEstimate } from '../../client/useEstimate';
import { useLoad } from '../../client/useLoad';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import { useSavedModel, useTrainingRun } from '../../client/useTrainingRun';
import { WAR_AND_PEACE_2600 } from '../../lib/knownFiles';
import type { CharCorpusInfo } from '../../text/chars';
import { WAR_AND_PEACE_MIRRORS } from '../../text/corpora';
import type { CharSampling, CharTrainConfig, CharWriting } from '../../train/charLstm/types';
import type { CharLstmApi } from './api';
import { BOOKS, type BookChoice, type CharState } from './meta';

/** Lesson 6's ready-trained model, made by test/models/trainCharModel.mjs. */
const PRETRAINED_URL = 'pretrained/char-lstm-war-and-peace.json';

/** How far "Train further" takes a finished model. */
const MORE_STEPS = 1000;

export function useCharRun(trainer: LessonTrainer<CharLstmApi> | undefined, state: CharState, setState: (patch: Partial<CharState>) => void) {
  const config: CharTrainConfig = useMemo(
    () => ({
      embed: state.embed,
      hidden: state.hidden,
      layers: state.layers,
      window: state.window,
      batch: state.batch,
      learningRate: state.learningRate,
      steps: state.steps,
      seed: state.seed,
    }),
    [state],
  );
  const sampling: CharSampling = useMemo(
    () => ({ prompt: state.prompt, length: 200, mode: state.mode, temperature: state.temperature, k: state.k, p: state.p }),
    [state.prompt, state.mode, state.temperature, state.k, state.p],
  );

  // The book
  const bookLoad = useLoad<BookChoice | File, CharCorpusInfo>(
    trainer &&
      ((source, onProgress) =>
        source instanceof File
          ? trainer.lesson.load({ kind: 'file', file: source, name: source.name }, onProgress)
          : source === 'war-and-peace'
            ? trainer.lesson.load({ kind: 'mirrors', urls: [...WAR_AND_PEACE_MIRRORS], name: 'War and Peace', expected: WAR_AND_PEACE_2600 }, onProgress)
            : trainer.lesson.load(
                { kind: 'url', url: new URL('corpora/moby-dick.txt', document.baseURI).href, name: 'Moby-Dick', format: 'text' },
                onProgress,
              )),
    trainer && (() => void trainer.cancelLoad()),
  );
  const { loaded: book, setLoaded: setBook, loading, error: bookError, load } = bookLoad;

  // Training
  const [trained, setTrained] = useState<{ config: CharTrainConfig; corpusName: string; parameters?: number; pretrained?: string }>();
  const [writing, setWriting] = useState<{ step: number; prompt: string; text: string; unknown: string[]; done: boolean }>();
  const onWriting = useMemo(
    () =>
      callback((w: CharWriting) => {
        setWriting((current) =>
          w.kind === 'start'
            ? { step: w.step, prompt: w.prompt, text: '', unknown: w.unknown, done: false }
            : current && { ...current, text: current.text + w.text, done: w.kind === 'end' },
        );
      }),
    [],
  );
  const training = useTrainingRun({
    prepare: async () => Boolean(book ?? (await load(state.book))),
    create: async () => {
      if (!trainer) return false;
      const created = await trainer.lesson.create(config);
      setWriting(undefined);
      setTrained({ config, corpusName: book?.name ?? BOOKS[state.book], parameters: created.parameters });
    },
    trainSteps: async (maxSteps, onProgress) => {
      await trainer!.lesson.setSampling(sampling);
      return trainer!.lesson.train(maxSteps, onProgress, onWriting);
    },
    extend: {
      label: `Train ${MORE_STEPS.toLocaleString('en')} more steps`,
      run: async () => {
        const steps = await trainer!.lesson.extend(MORE_STEPS);
        setTrained((t) => t && { ...t, config: { ...t.config, steps } });
      },
    },
  });
  const { run } = training;
  useEffect(() => {
    if (run === 'running') void trainer?.lesson.setSampling(sampling);
  }, [trainer, run, sampling]);

  // Before a new model's run: how long its steps take here, timed on the loaded book.
  const estimate = useEstimate(
    `${book?.name}:${JSON.stringify(config)}`,
    run === 'idle' && !trained && book !== undefined,
    trainer && (() => trainer.lesson.estimate(config)),
  );

  const {
    backend,
    choose: chooseBackend,
    reset,
  } = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.lesson.restore();
      if (!restored) return;
      setTrained({ config: restored.train, corpusName: restored.corpusName, pretrained: restored.pretrained });
      setState({ ...restored.train, book: restored.corpusName === 'Moby-Dick' ? 'moby-dick' : 'war-and-peace' });
      training.restoredAt(
        { step: restored.step, totalSteps: restored.train.steps },
        `Restored the model saved at step ${restored.step} (trained on ${restored.corpusName}). It can write now; load the book to train it further.`,
        {
          steps: restored.points,
          validation: restored.validation,
        },
      );
    },
    forget: async () => {
      await trainer?.lesson.reset();
    },
    clearPage: () => {
      setTrained(undefined);
      setWriting(undefined);
    },
  });

  // The ready-trained model (public/pretrained/): it writes at once; training it further needs its book.
  const loadPretrained = useCallback(async () => {
    if (!trainer) return;
    training.setError(undefined);
    try {
      const loaded = await trainer.lesson.loadPretrained(new URL(PRETRAINED_URL, document.baseURI).href);
      setWriting(undefined);
      setTrained({ config: loaded.train, corpusName: loaded.corpusName, pretrained: loaded.pretrained });
      setState({ ...loaded.train, book: 'war-and-peace' });
      training.restoredAt({ step: loaded.step, totalSteps: loaded.train.steps }, 'Loaded the ready-trained model: it can write now.', {
        validation: loaded.validation,
      });
    } catch (error) {
      training.setError(errorText(error));
    }
  }, [trainer, training, setState]);

  const [writeError, setWriteError] = useState<string>();
  const write = useCallback(async () => {
    if (!trainer) return;
    setWriteError(undefined);
    if (!state.prompt) {
      setWriteError('Type a prompt of at least one character.');
      return;
    }
    try {
      await trainer.lesson.write(sampling, onWriting);
    } catch (error) {
      setWriteError(errorText(error));
    }
  }, [trainer, sampling, onWriting, state.prompt]);

  return {
    config,
    sampling,
    book,
    setBook,
    loading,
    cancelLoad: bookLoad.cancel,
    bookError,
    load,
    trained,
    writing,
    training,
    backend,
    chooseBackend,
    reset,
    write,
    writeError,
    estimate,
    loadPretrained,
  };
}

export type CharRun = ReturnType<typeof useCharRun>;

/** What each of the lesson's widgets gets: the worker, the run, and the page's settings. */
export interface CharWidgetProps {
  trainer?: LessonTrainer<CharLstmApi>;
  run: CharRun;
  state: CharState;
  setState: (patch: Partial<CharState>) => void;
}
