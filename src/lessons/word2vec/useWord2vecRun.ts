// Lesson 2's run on the page: the corpus it loads, the model it trains (or restores), and what a
// configuration costs, for the training widget and the tools that ask the model.

import { useEffect, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import { useLoad } from '../../client/useLoad';
import type { Trainer } from '../../client/useTrainer';
import { useSavedModel, useTrainingRun } from '../../client/useTrainingRun';
import type { Word2vecConfig, Word2vecCorpusInfo, Word2vecPlan } from './api';
import { WIKITEXT2_TRAIN_MIRRORS } from './corpus';
import type { CorpusChoice, Word2vecState } from './meta';

/** The model on the page: its plan, its config and the corpus it was trained on. */
export interface TrainedWord2vec {
  plan: Word2vecPlan;
  config: Word2vecConfig;
  corpusName: string;
}

export function useWord2vecRun(trainer: Trainer | undefined, state: Word2vecState, setState: (patch: Partial<Word2vecState>) => void) {
  const config: Word2vecConfig = useMemo(
    () => ({
      mode: state.mode,
      minFreq: state.minFreq,
      dim: state.dim,
      window: state.window,
      batch: state.batch,
      epochs: state.epochs,
      learningRate: state.learningRate,
      negatives: state.negatives,
      subsample: state.subsample,
      seed: state.seed,
    }),
    [state],
  );

  // Corpus
  const corpusLoad = useLoad<CorpusChoice | File, Word2vecCorpusInfo>(
    trainer &&
      ((source, onProgress) =>
        source instanceof File
          ? trainer.w2vLoad({ kind: 'file', file: source, name: source.name }, onProgress)
          : source === 'wikitext'
            ? trainer.w2vLoad({ kind: 'mirrors', urls: [...WIKITEXT2_TRAIN_MIRRORS], name: 'WikiText-2 (train)' }, onProgress)
            : trainer.w2vLoad(
                { kind: 'url', url: new URL('corpora/sotu.json', document.baseURI).href, name: 'State of the Union addresses', format: 'sotu-json' },
                onProgress,
              )),
  );
  const { loaded: corpus, setLoaded: setCorpus, loading, error: corpusError, load } = corpusLoad;

  // Training
  const [trained, setTrained] = useState<TrainedWord2vec>();
  const [pausing, setPausing] = useState(false);
  const training = useTrainingRun({
    prepare: async () => Boolean(corpus ?? (await load(state.corpus))),
    create: async () => {
      if (!trainer) return false;
      const created = await trainer.w2vCreate(config);
      setTrained({ plan: created, config, corpusName: corpus?.name ?? '' });
    },
    trainSteps: (maxSteps, onProgress) => trainer!.w2vTrain(maxSteps, onProgress),
    onFinished: () => setPausing(false),
  });
  const {
    backend,
    choose: chooseBackend,
    reset,
  } = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.w2vRestore();
      if (!restored) return;
      setTrained({ plan: restored.plan, config: restored.config, corpusName: restored.corpusName });
      setState({ ...restored.config, corpus: restored.corpusName.startsWith('State of the Union') ? 'sotu' : 'wikitext' });
      training.restoredAt(
        { step: restored.step, totalSteps: restored.totalSteps, epoch: Math.floor(restored.step / restored.plan.batchesPerEpoch) },
        `Restored the model saved after epoch ${restored.epochMeans.length} of ${restored.config.epochs} (trained on ${restored.corpusName}).`,
        { steps: restored.points, epochs: restored.epochMeans },
      );
    },
    forget: async () => {
      await trainer?.w2vReset();
    },
    clearPage: () => setTrained(undefined),
  });

  // What the configuration costs
  const [plan, setPlan] = useState<Word2vecPlan>();
  const [planError, setPlanError] = useState<string>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the plan's time estimate depends on the backend
  useEffect(() => {
    if (!trainer || !corpus) return;
    let live = true;
    const timer = setTimeout(() => {
      trainer.w2vPlan(config).then(
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
  }, [trainer, corpus, config, backend]);

  return {
    config,
    corpusLoad,
    corpus,
    setCorpus,
    loading,
    corpusError,
    load,
    trained,
    pausing,
    setPausing,
    training,
    backend,
    chooseBackend,
    reset,
    plan,
    setPlan,
    planError,
  };
}

export type Word2vecRun = ReturnType<typeof useWord2vecRun>;
