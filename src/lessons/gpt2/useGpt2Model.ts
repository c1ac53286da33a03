// Lesson 11's model on the page: whether it is kept in this browser, the download (asked first, with progress
// and Cancel), or the reader's own files, and the model once loaded.

import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../client/errors';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import { WIKI_PRETRAINED_PATH } from '../../models/wikiTransformer';
import type { LoadProgress } from '../../train/types';
import type { Gpt2Api, LoadedModel } from './api';
import type { ModelChoice } from './meta';

export function useGpt2Model(trainer: LessonTrainer<Gpt2Api> | undefined, choice: ModelChoice) {
  const [loaded, setLoaded] = useState<LoadedModel>();
  const [loading, setLoading] = useState<LoadProgress>();
  const [error, setError] = useState<string>();
  const [cached, setCached] = useState<boolean>();
  useEffect(() => {
    let live = true;
    setCached(undefined);
    trainer?.lesson.cached(choice).then(
      (c) => live && setCached(c),
      () => live && setCached(false),
    );
    return () => {
      live = false;
    };
  }, [trainer, choice]);
  // A new worker (the first, or one started after a crash) holds no model.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new trainer is what empties the page
  useEffect(() => setLoaded(undefined), [trainer]);

  const run = useCallback(async (load: (onProgress: (p: LoadProgress) => void) => Promise<LoadedModel>) => {
    setError(undefined);
    setLoading({ phase: 'download', loaded: 0, total: 0 });
    let finished = false;
    try {
      const model = await load(callback((p: LoadProgress) => !finished && setLoading(p)));
      setLoaded(model);
      setCached(true);
    } catch (e) {
      setError(errorText(e));
    } finally {
      finished = true;
      setLoading(undefined);
    }
  }, []);
  const download = useCallback(() => trainer && run((p) => trainer.lesson.load(choice, document.baseURI, p)), [trainer, choice, run]);
  const openFiles = useCallback(
    (config: File, weights: File) => trainer && run((p) => trainer.lesson.loadFiles(config, weights, document.baseURI, p)),
    [trainer, run],
  );
  const openTinyGpt = useCallback((file: File) => trainer && run(() => trainer.lesson.loadTinyGpt(file)), [trainer, run]);
  const openWikiTransformer = useCallback(
    () => trainer && run(() => trainer.lesson.loadWikiTransformer(new URL(WIKI_PRETRAINED_PATH, document.baseURI).href)),
    [trainer, run],
  );
  const unload = useCallback(async () => {
    await trainer?.lesson.unload();
    setLoaded(undefined);
  }, [trainer]);
  return { loaded, loading, error, cached, download, openFiles, openTinyGpt, openWikiTransformer, unload, cancel: () => void trainer?.cancelLoad() };
}

export type Gpt2Model = ReturnType<typeof useGpt2Model>;
