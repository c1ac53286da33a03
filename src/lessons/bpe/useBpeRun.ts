// Lesson 10's run on the page: the corpus, the vocabulary it learns (or restores), its merges and the reader's
// sentence as they stream in, and what the learned vocabulary makes of the whole corpus.

import { useEffect, useMemo, useState } from 'react';
import { useCorpusLoad } from '../../client/useLoad';
import { useSavedModel } from '../../client/useSavedModel';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import { useTrainingRun } from '../../client/useTrainingRun';
import { mirrorsOf, TINY_SHAKESPEARE_TEXT, WAR_AND_PEACE, WIKITEXT2 } from '../../text/corpora';
import type { TextSource } from '../../train/types';
import type { BpeApi, BpeCorpusInfo, BpeEvent, BpeLearned, Merge } from './api';
import type { BpeConfig, BpeCorpusChoice, BpeState } from './meta';

const CORPORA = { wikitext: WIKITEXT2, shakespeare: TINY_SHAKESPEARE_TEXT, 'war-and-peace': WAR_AND_PEACE } as const;
const corpusSource = (choice: BpeCorpusChoice): TextSource => mirrorsOf(CORPORA[choice]);
const choiceNamed = (name: string): BpeCorpusChoice | undefined => (Object.keys(CORPORA) as BpeCorpusChoice[]).find((c) => CORPORA[c].name === name);

export function useBpeRun(trainer: LessonTrainer<BpeApi> | undefined, state: BpeState, setState: (patch: Partial<BpeState>) => void) {
  const { merges, align, minFrequency, sentence } = state;
  const config: BpeConfig = useMemo(() => ({ merges, align, minFrequency }), [merges, align, minFrequency]);
  const corpusLoad = useCorpusLoad<BpeCorpusChoice, BpeCorpusInfo>(
    trainer,
    // WikiText-2 is cleaned as the Project II notebook does; any other text is split at white space as it is.
    (source, onProgress) => trainer!.lesson.load(source, source.kind === 'mirrors' && source.name === WIKITEXT2.name, onProgress),
    corpusSource,
  );
  const { loaded: corpus, load } = corpusLoad;
  const [recent, setRecent] = useState<Merge[]>([]);
  const [cut, setCut] = useState<{ text: string; tokens: string[] }>();
  const [learned, setLearned] = useState<BpeLearned>();
  const [symbols, setSymbols] = useState<number>();
  const onEvent = useMemo(
    () =>
      callback((e: BpeEvent) => {
        if (e.merges?.length) setRecent((list) => [...list, ...e.merges!].slice(-50));
        if (e.sentence) setCut(e.sentence);
      }),
    [],
  );
  const clearPage = () => {
    setRecent([]);
    setCut(undefined);
    setLearned(undefined);
    setSymbols(undefined);
  };

  const training = useTrainingRun({
    prepare: async () => Boolean(corpus ?? (await load(state.corpus))),
    create: async () => {
      if (!trainer) return false;
      const created = await trainer.lesson.create(config);
      clearPage();
      setSymbols(created.symbols);
    },
    trainSteps: async (maxSteps, onProgress) => {
      await trainer!.lesson.setSentence(sentence);
      return trainer!.lesson.train(maxSteps, onProgress, onEvent);
    },
    onFinished: (result) => setLearned(result.learned),
  });
  const { run } = training;
  useEffect(() => {
    void trainer?.lesson.setSentence(sentence);
  }, [trainer, sentence]);

  const saved = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.lesson.restore();
      if (!restored) return;
      setLearned(restored);
      setSymbols(restored.symbols);
      setRecent(restored.merges);
      const choice = choiceNamed(restored.corpusName);
      setState({ ...restored.config, ...(choice ? { corpus: choice } : {}) });
      const where = restored.step >= restored.totalSteps ? 'learned' : `stopped after ${restored.step.toLocaleString('en')} merges`;
      training.restoredAt(
        { step: restored.step, totalSteps: restored.totalSteps },
        `Restored the vocabulary ${where} on ${restored.corpusName}. It cuts text now; load the text to go on learning.`,
        { steps: restored.points },
      );
    },
    forget: async () => {
      await trainer?.lesson.reset();
    },
    clearPage,
  });

  return { config, corpusLoad, corpus, training, ...saved, recent, cut, learned, symbols, running: run === 'running' };
}

export type BpeRun = ReturnType<typeof useBpeRun>;
