// Lesson 12's run on the page: WikiText-2 cut into tokens, the transformer it trains (or restores, or the
// ready-trained one), what the run streams (validation points, samples), the estimate, and writing.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import { useEstimate } from '../../client/useEstimate';
import { useCorpusLoad } from '../../client/useLoad';
import { useSavedModel } from '../../client/useSavedModel';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import { useTrainingRun } from '../../client/useTrainingRun';
import { mirrorsOf, WIKITEXT2 } from '../../text/corpora';
import type { TimedPoint, WikiApi, WikiConfig, WikiCorpusInfo, WikiEvent, WikiRestored } from './api';
import { PROJECT_II_MERGES, type WikiCorpusChoice, type WikiState } from './meta';

/** "Train further" adds this many steps, at the schedule's floor. */
export const MORE_STEPS = 500;
/** The ready-trained model, made by test/models/trainWikiModel.mjs. */
export const WIKI_PRETRAINED_URL = 'pretrained/wiki-transformer.json';

const corpusSource = (_choice: WikiCorpusChoice) => mirrorsOf(WIKITEXT2);

export interface WikiModel {
  config: WikiConfig;
  corpusName: string;
  totalSteps: number;
  /** Symbols in its vocabulary. */
  vocab: number;
  parameters?: number;
  /** How the ready-trained model was made, when it is the one held. */
  pretrained?: string;
}

export function useWikiRun(trainer: LessonTrainer<WikiApi> | undefined, state: WikiState, setState: (patch: Partial<WikiState>) => void) {
  const { corpus: corpusChoice, prompt, writeLength: _length, rules, ...rest } = state;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the config is the state less the text and the prompt, compared by value
  const config: WikiConfig = useMemo(() => rest, [JSON.stringify(rest)]);
  const corpusLoad = useCorpusLoad<WikiCorpusChoice, WikiCorpusInfo>(
    trainer,
    (source, onProgress) => trainer!.lesson.load(source, rules, PROJECT_II_MERGES, onProgress),
    corpusSource,
  );
  const { loaded: corpus, load } = corpusLoad;
  const [validation, setValidation] = useState<TimedPoint[]>([]);
  const [sample, setSample] = useState<{ step: number; text: string }>();
  const [engine, setEngine] = useState<WikiEvent['engine']>();
  const onEvent = useMemo(
    () =>
      callback((e: WikiEvent) => {
        if (e.engine) setEngine(e.engine);
        if (e.validation) setValidation((list) => [...list, e.validation!]);
        if (e.sample) setSample(e.sample);
      }),
    [],
  );
  const [model, setModel] = useState<WikiModel>();
  const [writing, setWriting] = useState<{ text: string; busy: boolean }>();
  const [writeError, setWriteError] = useState<string>();

  const training = useTrainingRun({
    prepare: async () => Boolean(corpus ?? (await load(corpusChoice))),
    create: async () => {
      if (!trainer) return false;
      const created = await trainer.lesson.create(config);
      setValidation([]);
      setSample(undefined);
      setModel({ config, corpusName: corpus?.name ?? WIKITEXT2.name, totalSteps: config.steps, vocab: created.vocab, parameters: created.parameters });
    },
    trainSteps: async (maxSteps, onProgress) => {
      await trainer!.lesson.setPrompt(prompt);
      return trainer!.lesson.train(maxSteps, onProgress, onEvent);
    },
    extend: {
      label: `Train ${MORE_STEPS} more steps`,
      run: async () => {
        const totalSteps = await trainer!.lesson.extend(MORE_STEPS);
        setModel((m) => m && { ...m, totalSteps });
      },
    },
  });
  const { run } = training;
  useEffect(() => {
    if (run === 'running') void trainer?.lesson.setPrompt(prompt);
  }, [trainer, run, prompt]);

  const show = useCallback(
    (m: WikiRestored, note: string) => {
      setModel({ config: m.config, corpusName: m.corpusName, totalSteps: m.totalSteps, vocab: m.vocab, pretrained: m.pretrained });
      setValidation(m.validation);
      setState({ ...m.config });
      training.restoredAt({ step: m.step, totalSteps: m.totalSteps }, note, {
        steps: m.points,
        validation: m.validation.map((v) => ({ step: v.step, loss: v.loss })),
      });
    },
    [setState, training],
  );
  const clearPage = useCallback(() => {
    setModel(undefined);
    setValidation([]);
    setSample(undefined);
    setEngine(undefined);
    setWriting(undefined);
  }, []);

  const saved = useSavedModel(trainer, training, {
    restore: async () => {
      const restored = await trainer?.lesson.restore();
      if (!restored) return;
      show(
        restored,
        `Restored the model saved at step ${restored.step} (trained on ${restored.corpusName}). It can write now; load the text to train it further.`,
      );
    },
    forget: async () => {
      await trainer?.lesson.reset();
    },
    clearPage,
  });

  const [opening, setOpening] = useState(false);
  const loadPretrained = useCallback(async () => {
    if (!trainer) return;
    training.setError(undefined);
    setOpening(true);
    try {
      const loaded = await trainer.lesson.loadPretrained(new URL(WIKI_PRETRAINED_URL, document.baseURI).href);
      setSample(undefined);
      show(loaded, 'Opened the ready-trained model: it writes now, and trains further once WikiText-2 is loaded.');
    } catch (error) {
      training.setError(errorText(error));
    } finally {
      setOpening(false);
    }
  }, [trainer, training, show]);

  const estimate = useEstimate(
    `${corpus?.name}:${JSON.stringify(config)}`,
    run === 'idle' && !model && corpus !== undefined,
    trainer && (() => trainer.lesson.estimate(config)),
  );

  const write = useCallback(
    async (length: number) => {
      if (!trainer) return;
      setWriteError(undefined);
      setWriting((w) => ({ text: w?.text ?? '', busy: true }));
      try {
        setWriting({ text: await trainer.lesson.write(prompt, length), busy: false });
      } catch (error) {
        setWriting(undefined);
        setWriteError(errorText(error));
      }
    },
    [trainer, prompt],
  );

  return {
    config,
    corpusLoad,
    corpus,
    model,
    training,
    ...saved,
    chooseBackend: saved.choose,
    validation,
    sample,
    engine,
    estimate,
    loadPretrained,
    opening,
    writing,
    writeError,
    write,
  };
}

export type WikiRun = ReturnType<typeof useWikiRun>;
