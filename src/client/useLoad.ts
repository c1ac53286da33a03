// Loading a corpus through the worker, the same way on every lesson page: progress while it loads, the
// summary when done, a message when it fails (keeping what was loaded before).

import { useCallback, useRef, useState } from 'react';
import { pickedFile } from '../text/corpora';
import type { LoadProgress, TextSource } from '../train/api';
import { errorText } from './errors';
import { callback, type Trainer } from './useTrainer';

/**
 * `read(source, onProgress)` asks the worker to load `source`; `load(source)` runs it and returns the
 * summary, or undefined after setting `error`. `loaded` is the last summary (cleared with `setLoaded`).
 */
export function useLoad<S, T>(read: ((source: S, onProgress: (p: LoadProgress) => void) => Promise<T>) | undefined, cancelRead?: () => void) {
  const [loaded, setLoaded] = useState<T>();
  const [loading, setLoading] = useState<LoadProgress>();
  const [error, setError] = useState<string>();
  const latest = useRef(read);
  latest.current = read;
  const load = useCallback(async (source: S): Promise<T | undefined> => {
    const run = latest.current;
    if (!run) return undefined;
    setError(undefined);
    setLoading({ phase: 'download', loaded: 0, total: 0 });
    // Progress comes over its own message port, so a last message can land after the result: it is ignored then,
    // or the page would show a load under way (and hold Train back) for good.
    let finished = false;
    try {
      const summary = await run(
        source,
        callback((p: LoadProgress) => {
          if (!finished) setLoading(p);
        }),
      );
      setLoaded(summary);
      return summary;
    } catch (e) {
      setError(errorText(e));
      return undefined;
    } finally {
      finished = true;
      setLoading(undefined);
    }
  }, []);
  // Cancel: the worker ends the download, and the load fails with "The download was cancelled."
  const cancel = cancelRead && (() => cancelRead());
  return { loaded, setLoaded, loading, error, load, cancel };
}

/**
 * A lesson's corpus: one of the lesson's choices (`sourceOf` says where it is read from) or a file the reader
 * picked, read by the lesson's `read` (its slice's load), cancellable from the page.
 */
export function useCorpusLoad<C, T>(
  trainer: Trainer | undefined,
  read: (source: TextSource, onProgress: (p: LoadProgress) => void) => Promise<T>,
  sourceOf: (choice: C) => TextSource,
) {
  return useLoad<C | File, T>(
    trainer && ((choice, onProgress) => read(choice instanceof File ? pickedFile(choice) : sourceOf(choice), onProgress)),
    trainer && (() => void trainer.cancelLoad()),
  );
}
