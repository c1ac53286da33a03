// Lesson 2's run on the page: the corpus it loads, the model it trains (or restores), and what a
// configuration costs, for the training widget and the tools that ask the model.

import { useCallback, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import { useCorpusLoad } from '../../client/useLoad';
import { useSavedModel } from '../../client/useSavedModel';
import type { LessonTrainer } from '../../client/useTrainer';
import { useTrainingRun } from '../../client/useTrainingRun';
import { mirrorsOf, SOTU_ASSET_PATH, servedBySite, WIKITEXT2 } from '../../text/corpora';
import type { Word2vecApi, Word2vecConfig, Word2vecCorpusInfo, Word2vecPlan, Word2vecRestored } from './api';
import type { CorpusChoice, Word2vecState } from './meta';
import { usePlan } from './usePlan';

/** The model on the page: its plan, its config and the corpus it was trained on. */
export interface TrainedWord2vec {
  plan: Word2vecPlan;
  config: Word2vecConfig;
  corpusName: string;
  /** Epochs added past the schedule by "Train further". */
  extraEpochs: number;
  /** For a ready-trained model: how it was made and its data's licence. */
  pretrained?: string;
}

/** The ready-trained model (public/pretrained/, made by test/models/trainWordModel.mjs). */
const PRETRAINED_URL = 'pretrained/word2vec-wikitext2.json';

const corpusSource = (choice: CorpusChoice) =>
  choice === 'wikitext' ? mirrorsOf(WIKITEXT2) : servedBySite(SOTU_ASSET_PATH, 'State of the Union addresses', 'sotu-json');

export function useWord2vecRun(trainer: LessonTrainer<Word2vecApi> | undefined, state: Word2vecState, setState: (patch: Partial<Word2vecState>) => void) {
  const { mode, minFreq, dim, window, batch, epochs, learningRate, negatives, subsample, seed } = state;
  const config: Word2vecConfig = useMemo(
    () => ({ mode, minFreq, dim, window, batch, epochs, learningRate, negatives, subsample, seed }),
    [mode, minFreq, dim, window, batch, epochs, learningRate, negatives, subsample, seed],
  );

  const corpusLoad = useCorpusLoad<CorpusChoice, Word2vecCorpusInfo>(trainer, (source, onProgress) => trainer!.lesson.load(source, onProgress), corpusSource);
  const { loaded: corpus, load } = corpusLoad;

  // Training
  const [trained, setTrained] = useState<TrainedWord2vec>();
  const [pausing, setPausing] = useState(false);
  const training = useTrainingRun({
    prepare: async () => Boolean(corpus ?? (await load(state.corpus))),
    create: async () => {
      if (!trainer) return false;
      const created = await trainer.lesson.create(config);
      setTrained({ plan: created, config, corpusName: corpus?.name ?? '', extraEpochs: 0 });
    },
    trainSteps: (maxSteps, onProgress) => trainer!.lesson.train(maxSteps, onProgress),
    onFinished: () => setPausing(false),
    extend: {
      label: 'Train 1 more epoch',
      run: async () => {
        const total = await trainer!.lesson.extend(1);
        setTrained((t) => t && { ...t, extraEpochs: Math.round(total / t.plan.batchesPerEpoch) - t.config.epochs });
      },
    },
  });
  /** A model that did not train in this page (a checkpoint, or the ready-trained file), shown with its curves. */
  const showRestored = useCallback(
    (restored: Word2vecRestored, message: string) => {
      const perEpoch = restored.plan.batchesPerEpoch;
      setTrained({
        plan: restored.plan,
        config: restored.config,
        corpusName: restored.corpusName,
        extraEpochs: Math.round(restored.totalSteps / perEpoch) - restored.config.epochs,
        pretrained: restored.pretrained,
      });
      setState({ ...restored.config, corpus: restored.corpusName.startsWith('State of the Union') ? 'sotu' : 'wikitext' });
      training.restoredAt({ step: restored.step, totalSteps: restored.totalSteps, epoch: Math.floor(restored.step / perEpoch) }, message, {
        steps: restored.points,
        epochs: restored.epochMeans,
      });
    },
    [setState, training],
  );
  const saved = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.lesson.restore();
      if (!restored) return;
      showRestored(
        restored,
        `Restored the model saved after epoch ${restored.epochMeans.length} of ${restored.totalSteps / restored.plan.batchesPerEpoch} (trained on ${restored.corpusName}).`,
      );
    },
    forget: async () => {
      await trainer?.lesson.reset();
    },
    clearPage: () => setTrained(undefined),
  });

  // The ready-trained model: its neighbours can be read at once; training it further loads its corpus.
  const loadPretrained = useCallback(async () => {
    if (!trainer) return;
    training.setError(undefined);
    try {
      const loaded = await trainer.lesson.loadPretrained(new URL(PRETRAINED_URL, document.baseURI).href);
      showRestored(loaded, 'Loaded the ready-trained model: its neighbours can be read now.');
    } catch (error) {
      training.setError(errorText(error));
    }
  }, [trainer, training, showRestored]);

  const planned = usePlan(trainer, corpus?.name, config, saved.backend);

  return { config, corpusLoad, corpus, trained, pausing, setPausing, training, ...saved, chooseBackend: saved.choose, ...planned, loadPretrained };
}

export type Word2vecRun = ReturnType<typeof useWord2vecRun>;
