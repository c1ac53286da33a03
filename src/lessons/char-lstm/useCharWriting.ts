// Lesson 6's writing on the page: the sample streaming in (during training, or asked for), and Write.

import { useCallback, useMemo, useState } from 'react';
import { errorText } from '../../client/errors';
import { callback, type LessonTrainer } from '../../client/useTrainer';
import type { CharLstmApi, CharSampling, CharWriting } from './api';

export interface Writing {
  step: number;
  prompt: string;
  text: string;
  unknown: string[];
  done: boolean;
}

export function useCharWriting(trainer: LessonTrainer<CharLstmApi> | undefined, sampling: CharSampling) {
  const [writing, setWriting] = useState<Writing>();
  const [writeError, setWriteError] = useState<string>();
  const onWriting = useMemo(
    () =>
      callback((w: CharWriting) => {
        setWriting((current) =>
          w.kind === 'start'
            ? { step: w.step, prompt: w.prompt, text: '', unknown: w.unknown, done: false }
            : current && { ...current, text: current.text + w.text, done: w.kind === 'end' },
        );
      }),
    [],
  );
  const write = useCallback(async () => {
    if (!trainer) return;
    setWriteError(undefined);
    if (!sampling.prompt) {
      setWriteError('Type a prompt of at least one character.');
      return;
    }
    try {
      await trainer.lesson.write(sampling, onWriting);
    } catch (error) {
      setWriteError(errorText(error));
    }
  }, [trainer, sampling, onWriting]);
  return { writing, setWriting, onWriting, write, writeError };
}
