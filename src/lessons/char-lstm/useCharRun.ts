// Lesson 6's run on the page: the book it loads, the model it trains (or restores, or loads ready-trained), and
// the text it writes (useCharWriting).

import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import { useEstimate } from '../../client/useEstimate';
import { useCorpusLoad } from '../../client/useLoad';
import { useSavedModel } from '../../client/useSavedModel';
import type { LessonTrainer } from '../../client/useTrainer';
import { useTrainingRun } from '../../client/useTrainingRun';
import { MOBY_DICK_ASSET_PATH, mirrorsOf, servedBySite, WAR_AND_PEACE } from '../../text/corpora';
import type { CharCorpusInfo, CharLstmApi, CharSampling, CharTrainConfig } from './api';
import { BOOKS, type BookChoice, type CharState } from './meta';
import { useCharWriting } from './useCharWriting';

/** Lesson 6's ready-trained model, made by test/models/trainCharModel.mjs. */
const PRETRAINED_URL = 'pretrained/char-lstm-war-and-peace.json';

/** How far "Train further" takes a finished model. */
const MORE_STEPS = 1000;

const bookSource = (choice: BookChoice) =>
  choice === 'war-and-peace' ? mirrorsOf(WAR_AND_PEACE) : servedBySite(MOBY_DICK_ASSET_PATH, BOOKS['moby-dick'], 'text');

export function useCharRun(trainer: LessonTrainer<CharLstmApi> | undefined, state: CharState, setState: (patch: Partial<CharState>) => void) {
  const { embed, hidden, layers, window, batch, learningRate, steps, seed } = state;
  const config: CharTrainConfig = useMemo(
    () => ({ embed, hidden, layers, window, batch, learningRate, steps, seed }),
    [embed, hidden, layers, window, batch, learningRate, steps, seed],
  );
  const sampling: CharSampling = useMemo(
    () => ({ prompt: state.prompt, length: 200, mode: state.mode, temperature: state.temperature, k: state.k, p: state.p }),
    [state.prompt, state.mode, state.temperature, state.k, state.p],
  );
  const writer = useCharWriting(trainer, sampling);
  const { setWriting, onWriting } = writer;
  const bookLoad = useCorpusLoad<BookChoice, CharCorpusInfo>(trainer, (source, onProgress) => trainer!.lesson.load(source, onProgress), bookSource);
  const { loaded: book, load } = bookLoad;

  const [trained, setTrained] = useState<{ config: CharTrainConfig; corpusName: string; parameters?: number; pretrained?: string }>();
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

  /** A model that came back (from its checkpoint, or ready-trained): the page shows it as it was saved. */
  const show = useCallback(
    (model: Awaited<ReturnType<CharLstmApi['restore']>> & object, note: string, curves: { steps?: boolean }) => {
      setTrained({ config: model.train, corpusName: model.corpusName, pretrained: model.pretrained });
      setState({ ...model.train, book: model.corpusName === BOOKS['moby-dick'] ? 'moby-dick' : 'war-and-peace' });
      training.restoredAt({ step: model.step, totalSteps: model.train.steps }, note, { steps: curves.steps ? model.points : [], validation: model.validation });
    },
    [setState, training],
  );

  const saved = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.lesson.restore();
      if (!restored) return;
      const note = `Restored the model saved at step ${restored.step} (trained on ${restored.corpusName}). It can write now; load the book to train it further.`;
      show(restored, note, { steps: true });
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
      show(loaded, 'Loaded the ready-trained model: it can write now.', {});
    } catch (error) {
      training.setError(errorText(error));
    }
  }, [trainer, training, setWriting, show]);

  return { config, sampling, bookLoad, book, trained, training, ...saved, chooseBackend: saved.choose, estimate, loadPretrained, ...writer };
}

export type CharRun = ReturnType<typeof useCharRun>;

/** What each of the lesson's widgets gets: the worker, the run, and the page's settings. */
export interface CharWidgetProps {
  trainer?: LessonTrainer<CharLstmApi>;
  run: CharRun;
  state: CharState;
  setState: (patch: Partial<CharState>) => void;
}
