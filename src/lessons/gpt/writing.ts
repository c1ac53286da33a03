// The tiny GPT writing: a prompt read as the book's characters, then one character at a time from the last
// `context` of them, picked as the reader chose (Lesson 6's sampling: greedy, temperature, top-k, top-p), streamed to the page as it comes.

import { DataError } from '../../lib/errors';
import { createRng } from '../../lib/rng';
import type { GptTrainer } from '../../models/gptTrainer';
import { drawFrom, type SamplingOptions, samplingDistribution } from '../../models/sampling';
import { type CharVocab, encodeChars } from '../../text/chars';
import { yieldToEvents } from '../../train/loop';

/** The prompt's characters the model knows, the last `context` of them; a message for the reader where none is known. */
export function encodePrompt(prompt: string, vocab: CharVocab, corpusName: string, context: number): number[] {
  const { ids, unknown } = encodeChars(prompt, vocab);
  if (ids.length === 0)
    throw new DataError(unknown.length > 0 ? `None of the prompt's characters occur in ${corpusName}.` : 'Type a prompt of at least one character.');
  return Array.from(ids.slice(-context));
}

/** `length` characters after `ids`, each picked by `sampling` from `trainer`'s next logits; `onText` gets them in pieces. */
export async function writeWith(
  trainer: GptTrainer,
  vocab: CharVocab,
  run: { ids: number[]; context: number; length: number; sampling: SamplingOptions; seed: number },
  onText?: (text: string) => void,
  shouldStop: () => boolean = () => false,
): Promise<string> {
  const window = [...run.ids];
  const rng = createRng(run.seed);
  let text = '';
  let buffered = '';
  let lastFlush = performance.now();
  for (let i = 0; i < run.length && !shouldStop(); i++) {
    const logits = trainer.nextLogits(window.slice(-run.context));
    const id = drawFrom(samplingDistribution(logits, run.sampling), rng);
    window.push(id);
    const ch = vocab.itos[id];
    text += ch;
    buffered += ch;
    if (onText && performance.now() - lastFlush > 30) {
      onText(buffered);
      buffered = '';
      lastFlush = performance.now();
      await yieldToEvents();
    }
  }
  if (onText && buffered) onText(buffered);
  return text;
}
