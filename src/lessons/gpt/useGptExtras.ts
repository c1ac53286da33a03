// Lesson 9's page besides its training run: what the run streams (validation points, samples, attention maps,
// where the steps run), the writing asked for, and the race against Lesson 6's LSTM.

import { useCallback, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import type { SamplingOptions } from '../../models/sampling';
import type { GptApi, GptAttention, GptEvent, TimedPoint } from './api';

/** What the run streams besides its losses, kept for the page; `clear` empties it for a new model. */
export function useGptEvents() {
  const [validation, setValidation] = useState<TimedPoint[]>([]);
  const [lstm, setLstm] = useState<TimedPoint[]>([]);
  const [sample, setSample] = useState<{ step: number; prompt: string; text: string }>();
  const [attention, setAttention] = useState<GptAttention>();
  const [engine, setEngine] = useState<GptEvent['engine']>();
  const onEvent = useMemo(
    () =>
      callback((e: GptEvent) => {
        if (e.engine) setEngine(e.engine);
        if (e.validation) setValidation((list) => [...list, e.validation!]);
        if (e.sample) setSample(e.sample);
        if (e.attention) setAttention(e.attention);
      }),
    [],
  );
  const clear = useCallback(() => {
    setEngine(undefined);
    setValidation([]);
    setLstm([]);
    setSample(undefined);
    setAttention(undefined);
  }, []);
  return { validation, setValidation, lstm, setLstm, sample, attention, setAttention, engine, onEvent, clear };
}

export type GptEvents = ReturnType<typeof useGptEvents>;

/** Write: 300 characters after the prompt, streaming, then the prompt's attention maps. */
export function useGptWriting(trainer: LessonTrainer<GptApi> | undefined, prompt: string, sampling: SamplingOptions, events: GptEvents) {
  const [writing, setWriting] = useState<{ prompt: string; text: string; done: boolean }>();
  const [writeError, setWriteError] = useState<string>();
  const { setAttention } = events;
  const write = useCallback(async () => {
    if (!trainer) return;
    setWriteError(undefined);
    setWriting({ prompt, text: '', done: false });
    try {
      await trainer.lesson.write(
        prompt,
        300,
        sampling,
        callback((text: string) => setWriting((w) => w && { ...w, text: w.text + text })),
      );
      setWriting((w) => w && { ...w, done: true });
      setAttention(await trainer.lesson.attention(prompt));
    } catch (error) {
      setWriting(undefined);
      setWriteError(errorText(error));
    }
  }, [trainer, prompt, sampling, setAttention]);
  return { writing, writeError, write };
}

/** The race: Lesson 6's LSTM on the same book for as long as the GPT trained; `ensureBook` loads it first where needed. */
export function useGptRace(trainer: LessonTrainer<GptApi> | undefined, ensureBook: () => Promise<boolean>, events: GptEvents) {
  const [racing, setRacing] = useState(false);
  const [raceError, setRaceError] = useState<string>();
  const { setLstm } = events;
  const race = useCallback(async () => {
    if (!trainer) return;
    setRaceError(undefined);
    setRacing(true);
    setLstm([]);
    try {
      if (!(await ensureBook())) return;
      await trainer.lesson.compareLstm(callback((p: TimedPoint) => setLstm((list) => [...list, p])));
    } catch (error) {
      setRaceError(errorText(error));
    } finally {
      setRacing(false);
    }
  }, [trainer, ensureBook, setLstm]);
  return { race, racing, raceError };
}
