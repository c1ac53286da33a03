// Text for the character-level language model: the book without Project Gutenberg's header and footer,
// its characters as the vocabulary, and windows of consecutive characters as training examples.

import { DataError } from '../../lib/fetchData';
import type { Rng } from '../../lib/rng';

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

/**
 * Public copies of Project Gutenberg's War and Peace (#2600, the Maude translation, the 2022 file 2600-0.txt), tried
 * in this order: the same pinned commit from GitHub and from jsDelivr, both with CORS. Each download is checked
 * against the file's size and SHA-256 (src/lib/knownFiles.ts); Gutenberg's own pg2600.txt is another edition of
 * the file, which that check refuses, so it is not among them.
 */
export const WAR_AND_PEACE_MIRRORS: readonly string[] = [
  'https://raw.githubusercontent.com/declanwhchan/Synonyms/126a341ebb049ce99b3681b9ba5fef92c0cec65a/2600-0.txt',
  'https://cdn.jsdelivr.net/gh/declanwhchan/Synonyms@126a341ebb049ce99b3681b9ba5fef92c0cec65a/2600-0.txt',
];
