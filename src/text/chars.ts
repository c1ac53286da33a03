// Text for the character-level language model: the book without Project Gutenberg's header and footer,
// its characters as the vocabulary, and windows of consecutive characters as training examples.

import { DataError } from '../lib/errors';
import type { Rng } from '../lib/rng';

/**
 * The book itself: what lies between Project Gutenberg's "*** START OF ..." and "*** END OF ..." lines
 * (any ebook), trimmed. Text without those markers (a reader's own file) comes back unchanged.
 */
export function stripGutenberg(text: string): string {
  const start = /^\*\*\* ?START OF (THE|THIS) PROJECT GUTENBERG EBOOK.*$/im.exec(text);
  const end = /^\*\*\* ?END OF (THE|THIS) PROJECT GUTENBERG EBOOK.*$/im.exec(text);
  if (!start || !end || end.index <= start.index) return text;
  return text.slice(start.index + start[0].length, end.index).trim();
}

/** The characters of a text as a vocabulary: `itos` sorted by code point, and a lookup. */
export interface CharVocab {
  itos: readonly string[];
  indexOf(ch: string): number;
}

/** Every distinct character (code point, so an emoji is one character) of `text`, sorted. */
export function charVocab(text: string): CharVocab {
  const itos = [...new Set(Array.from(text))].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const stoi = new Map(itos.map((ch, i) => [ch, i]));
  return { itos, indexOf: (ch) => stoi.get(ch) ?? -1 };
}

/** `text` as ids; characters outside the vocabulary are listed in `unknown` and left out. */
export function encodeChars(text: string, vocab: CharVocab): { ids: Int32Array; unknown: string[] } {
  const ids: number[] = [];
  const unknown = new Set<string>();
  for (const ch of text) {
    const id = vocab.indexOf(ch);
    if (id < 0) unknown.add(ch);
    else ids.push(id);
  }
  return { ids: Int32Array.from(ids), unknown: [...unknown] };
}

export const decodeChars = (ids: ArrayLike<number>, vocab: CharVocab): string => Array.from(ids, (id) => vocab.itos[id]).join('');

/** The first `trainFraction` of the ids for training, the rest (the end of the book) for validation. */
export function splitIds(ids: Int32Array, trainFraction = 0.9): { train: Int32Array; validation: Int32Array } {
  const cut = Math.floor(ids.length * trainFraction);
  return { train: ids.subarray(0, cut), validation: ids.subarray(cut) };
}

/**
 * A batch of `batch` windows of `window` characters at random places in `ids`: inputs [T, B] time first,
 * and targets, the same characters shifted by one. Flat Int32Arrays, row t holding the B windows' t-th character.
 */
export function windowBatch(ids: Int32Array, window: number, batch: number, rng: Rng): { inputs: Int32Array; targets: Int32Array } {
  const starts = ids.length - window - 1;
  if (starts < 0) throw new DataError(`The text has ${ids.length} characters: fewer than a window of ${window} plus one.`);
  const inputs = new Int32Array(window * batch);
  const targets = new Int32Array(window * batch);
  for (let b = 0; b < batch; b++) {
    const start = Math.floor(rng() * (starts + 1));
    for (let t = 0; t < window; t++) {
      inputs[t * batch + b] = ids[start + t];
      targets[t * batch + b] = ids[start + t + 1];
    }
  }
  return { inputs, targets };
}

/** The loaded book. */
export interface CharCorpusInfo {
  name: string;
  /** Characters of the book (after Gutenberg's header and footer are dropped). */
  chars: number;
  vocab: number;
  trainChars: number;
  validationChars: number;
  strippedGutenberg: boolean;
  fromCache: boolean;
  /** The first characters of the book, to show what it reads. */
  opening: string;
}

export interface CharCorpus {
  name: string;
  vocab: CharVocab;
  train: Int32Array;
  validation: Int32Array;
}

/**
 * The most different characters a book may have: a character model's embedding and softmax grow with them, and
 * a text in a script of thousands of characters (32,161 in 900 KB of Chinese and Korean) held the worker at 4 GB.
 */
export const MAX_CHARS = 1000;

/** The book as ids: Gutenberg's header and footer stripped, its own characters as the vocabulary, split 90/10. */
export function charCorpus(name: string, text: string, fromCache: boolean): { corpus: CharCorpus; info: CharCorpusInfo } {
  const book = stripGutenberg(text);
  const vocab = charVocab(book);
  if (vocab.itos.length > MAX_CHARS)
    throw new DataError(
      `${name} has ${vocab.itos.length.toLocaleString('en')} different characters; a character model here takes at most ${MAX_CHARS.toLocaleString('en')} (its first and last layers grow with them). A text in an alphabet, English or French, say, has about a hundred.`,
    );
  const { ids } = encodeChars(book, vocab);
  const { train, validation } = splitIds(ids);
  if (validation.length < 200)
    throw new DataError(
      `${name} has ${ids.length.toLocaleString('en')} characters: too few to train on and keep a tenth for validation (it needs at least 2,000).`,
    );
  return {
    corpus: { name, vocab, train, validation },
    info: {
      name,
      chars: ids.length,
      vocab: vocab.itos.length,
      trainChars: train.length,
      validationChars: validation.length,
      strippedGutenberg: book.length !== text.length,
      fromCache,
      opening: book.slice(0, 300),
    },
  };
}
