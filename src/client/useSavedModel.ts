// A lesson page's saved model: brought back from its checkpoint when the worker is ready, offered when another
// tab saved it, brought back again after the worker changed backend by itself, and forgotten by Reset.

import { useCallback, useEffect, useRef } from 'react';
import { errorText, writtenForReader } from './errors';
import { FOREIGN_CHECKPOINT, type ForeignOffer, type Trainer, useBackend } from './useTrainer';
import type { TrainingRun } from './useTrainingRun';

/**
 * The saved model of a page: brought back from its checkpoint when the worker is ready, and again after
 * the worker had to change backend by itself (a lost WebGL context, whose message is shown); `reset`
 * forgets it. `clearPage` empties what the page shows of a model; the run state is cleared here.
 */
export function useSavedModel(
  trainer: Trainer | undefined,
  training: TrainingRun,
  model: { restore: () => Promise<void>; forget: () => Promise<void>; clearPage: () => void },
) {
  const latest = useRef(model);
  latest.current = model;
  const { clear, setError } = training;
  const restore = useCallback(async () => {
    try {
      await latest.current.restore();
    } catch (e) {
      // Refused for its settings, the reason is said; one that cannot be built (damaged, or saved by another
      // version of the lesson) is said in plain words, not in tfjs's.
      const why = writtenForReader(e) ? errorText(e) : 'It could not be read back: it is damaged, or was saved by another version of this lesson.';
      setError(`The model saved in this browser was not brought back. ${why} Press Train to start a new one; it will take its place.`);
    }
  }, [setError]);
  // A model saved by another tab (or an earlier visit) is not restored silently: the page offers it.
  const offerForeign = useCallback(async () => {
    const foreign = await trainer?.foreignCheckpoints().catch(() => []);
    if (!trainer || !foreign || foreign.length === 0) return;
    const newest = Math.max(...foreign.map((f) => f.savedAt ?? 0));
    const when = newest > 0 ? ` on ${new Date(newest).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}` : '';
    const offer: ForeignOffer = {
      message: `A model of this lesson, saved${when} by another tab or an earlier visit, is stored in this browser. This page started without it.`,
      restore: async () => {
        for (const f of foreign) await trainer.adoptCheckpoint(f.key);
        await restore();
      },
    };
    window.dispatchEvent(new CustomEvent(FOREIGN_CHECKPOINT, { detail: offer }));
  }, [trainer, restore]);
  // A new worker (the first, or one started after the last crashed or hung): the run of the old one is over, and
  // the model comes back from its checkpoint.
  useEffect(() => {
    if (!trainer) return;
    latest.current.clearPage();
    clear();
    void restore().then(offerForeign);
  }, [trainer, restore, clear, offerForeign]);
  const backend = useBackend(trainer, (message) => {
    latest.current.clearPage();
    clear();
    setError(message);
    void restore();
  });
  const reset = useCallback(async () => {
    await latest.current.forget();
    latest.current.clearPage();
    clear();
    setError(undefined);
  }, [clear, setError]);
  return { ...backend, reset };
}
