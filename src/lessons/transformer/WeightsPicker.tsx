// Whose weights Lesson 8's block has: random ones from a seed, Project II's ready-trained transformer, or the tiny
// GPT the reader trained in Lesson 9 and exported; the trained model is opened in the worker, once.

import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../client/errors';
import type { LessonTrainer } from '../../client/useTrainer';
import { WIKI_PRETRAINED_PATH } from '../../models/wikiTransformer';
import type { TrainedSummary, TransformerApi } from './api';
import type { WeightsChoice } from './meta';

export interface TrainedModel {
  /** The model opened for `choice` (undefined while none is, or another kind is). */
  summary?: TrainedSummary;
  loading: boolean;
  error?: string;
  openTiny(file: File): void;
  /** Opens the tiny GPT Lesson 9 saved in this browser. */
  openSaved(): void;
}

/** Opens Project II's model when it is chosen; a tiny GPT when its file is given. */
export function useTrainedModel(trainer: LessonTrainer<TransformerApi> | undefined, choice: WeightsChoice): TrainedModel {
  const [opened, setOpened] = useState<{ kind: WeightsChoice; summary: TrainedSummary }>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<{ kind: WeightsChoice; text: string }>();
  const open = useCallback(async (kind: WeightsChoice, load: () => Promise<TrainedSummary>) => {
    setLoading(true);
    setError(undefined);
    try {
      setOpened({ kind, summary: await load() });
    } catch (e) {
      setError({ kind, text: errorText(e) });
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    if (trainer && choice === 'ready' && opened?.kind !== 'ready')
      void open('ready', () => trainer.lesson.openReady(new URL(WIKI_PRETRAINED_PATH, document.baseURI).href));
  }, [trainer, choice, opened, open]);
  const openTiny = useCallback((file: File) => trainer && void open('tiny', () => trainer.lesson.openTinyGpt(file)), [trainer, open]);
  const openSaved = useCallback(() => trainer && void open('tiny', () => trainer.lesson.openSaved()), [trainer, open]);
  return {
    summary: opened?.kind === choice ? opened.summary : undefined,
    loading,
    error: error?.kind === choice ? error.text : undefined,
    openTiny,
    openSaved,
  };
}

export function WeightsPicker({
  choice,
  onChoice,
  model,
  layer,
  onLayer,
}: {
  choice: WeightsChoice;
  onChoice: (w: WeightsChoice) => void;
  model: TrainedModel;
  layer: number;
  onLayer: (l: number) => void;
}) {
  const { summary } = model;
  return (
    <div className="field-row">
      <div className="field">
        <label htmlFor="block-source">Weights</label>
        <select id="block-source" value={choice} onChange={(e) => onChoice(e.target.value as WeightsChoice)}>
          <option value="random">random, from a seed (the arithmetic only)</option>
          <option value="ready">Project II's ready-trained transformer (Lesson 12)</option>
          <option value="tiny">your tiny GPT from Lesson 9 (its exported file)</option>
        </select>
      </div>
      {choice === 'tiny' && (
        <div className="field">
          <button type="button" onClick={model.openSaved} disabled={model.loading}>
            Use the tiny GPT you trained in Lesson 9
          </button>
        </div>
      )}
      {choice === 'tiny' && (
        <div className="field">
          <label htmlFor="block-tiny-file">Or open a tiny GPT exported from Lesson 9 (“Export the weights” there)</label>
          <input
            id="block-tiny-file"
            type="file"
            accept=".json,application/json"
            disabled={model.loading}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) model.openTiny(file);
              e.target.value = '';
            }}
          />
        </div>
      )}
      {summary && (
        <div className="field">
          <label htmlFor="block-layer">Block</label>
          <select id="block-layer" value={Math.min(layer, summary.layers)} onChange={(e) => onLayer(Number(e.target.value))}>
            {Array.from({ length: summary.layers }, (_, i) => (
              <option key={i} value={i + 1}>
                {i + 1} of {summary.layers}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}
