// Project II's data: WikiText-2 cleaned as the notebook does, cut into words, the words into BPE symbols (the
// series' BPE learned on them, or ready rules), one stream of token ids split 90/10 in order; windows of it as
// training batches (seeded by the step) and fixed validation batches.

import { DataError } from '../../lib/errors';
import { createRng } from '../../lib/rng';
import { BpeLearner, bpeModel, UNKNOWN } from '../../text/bpe';

/** The token stream and the vocabulary that made it. */
export interface WikiCorpus {
  name: string;
  /** The symbols, `</unk>` first; ids index them. */
  vocab: string[];
  rules: [string, string][];
  words: number;
  train: Int32Array;
  validation: Int32Array;
}

/** The words' ids under the rules (each word's symbols, in order), the first 90 % to train on, the rest to validate. */
export function encodeCorpus(name: string, words: readonly string[], rules: [string, string][], vocab: string[]): WikiCorpus {
  const model = bpeModel(rules, vocab);
  const index = new Map(vocab.map((s, i) => [s, i]));
  const unknown = index.get(UNKNOWN) ?? 0;
  const ids: number[] = [];
  for (const word of words) for (const symbol of model.encodeWord(word)) ids.push(index.get(symbol) ?? unknown);
  if (ids.length < 100) throw new DataError(`${name} gives ${ids.length} tokens: too few to train on and keep a tenth for validation.`);
  const stream = Int32Array.from(ids);
  const split = Math.floor(0.9 * stream.length);
  return { name, vocab, rules, words: words.length, train: stream.subarray(0, split), validation: stream.subarray(split) };
}

/** The series' BPE learned on `words` (merges raised so that the vocabulary is a multiple of 64), then the stream. */
export function learnCorpus(name: string, words: readonly string[], merges: number): WikiCorpus {
  const learner = new BpeLearner(words);
  learner.step(learner.plannedMerges(merges, true));
  const model = learner.model();
  return encodeCorpus(name, words, model.rules, model.vocab);
}

/** A batch of `batch` windows of `context` tokens at random places of `stream` (seeded), [B, T] row-major, and their next tokens. */
export function windows(stream: Int32Array, context: number, batch: number, seed: number): { ids: Int32Array; targets: Int32Array } {
  if (stream.length <= context + 1) throw new DataError(`The text is shorter than one window of ${context} tokens.`);
  const rng = createRng(seed);
  const ids = new Int32Array(batch * context);
  const targets = new Int32Array(batch * context);
  for (let b = 0; b < batch; b++) {
    const start = Math.floor(rng() * (stream.length - context - 1));
    ids.set(stream.subarray(start, start + context), b * context);
    targets.set(stream.subarray(start + 1, start + context + 1), b * context);
  }
  return { ids, targets };
}

/** The first `count` batches of non-overlapping windows of `stream` (all of it when `count` is large): each token predicted once. */
export function fixedBatches(stream: Int32Array, context: number, batch: number, count: number): { ids: Int32Array; targets: Int32Array }[] {
  const out: { ids: Int32Array; targets: Int32Array }[] = [];
  let start = 0;
  while (out.length < count && start + batch * context + 1 <= stream.length) {
    const ids = new Int32Array(batch * context);
    const targets = new Int32Array(batch * context);
    for (let b = 0; b < batch; b++, start += context) {
      ids.set(stream.subarray(start, start + context), b * context);
      targets.set(stream.subarray(start + 1, start + context + 1), b * context);
    }
    out.push({ ids, targets });
  }
  return out;
}
