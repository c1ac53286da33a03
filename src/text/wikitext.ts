// The word2vec notebook's data: WikiText-2 cleaned into paragraphs of tokens, and the CBOW windows
// (a centre word and the words around it) cut from them.

import { DataError } from '../lib/errors';
import { basicEnglish } from './basicEnglish';
import { PYTHON_WHITESPACE } from './python';

/**
 * The notebook's cleaning, one line at a time: strip leading white space, delete every `@`, drop lines
 * that start with `=` (section titles), tokenize with basic_english, drop lines with no tokens. Each kept
 * line is one paragraph; no window crosses from one to the next.
 */
export function toParagraphs(lines: Iterable<string>): string[][] {
  const paragraphs: string[][] = [];
  for (const raw of lines) {
    const line = raw.replace(/^\s+/, '').replaceAll('@', '');
    if (line.startsWith('=')) continue;
    const tokens = basicEnglish(line);
    if (tokens.length > 0) paragraphs.push(tokens);
  }
  return paragraphs;
}

/** Python's `^\s+`: the whitespace a line starts with (str.isspace's characters). */
const LEADING = new RegExp(`^(?:${PYTHON_WHITESPACE.source})+`);

/**
 * The Project II notebook's cleaning (christianb93/MLLM wiki/): each line without its leading whitespace, every
 * `@` and newline deleted, lines that then start with `=` (titles) dropped, the rest concatenated into one text
 * (WikiText's lines end in a space, which keeps their words apart).
 */
export function projectTwoText(lines: Iterable<string>): string {
  const kept: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(LEADING, '').replaceAll('@', '').replaceAll('\n', '');
    if (!line.startsWith('=')) kept.push(line);
  }
  return kept.join('');
}

/** CBOW training examples: `centres[n]` and its `window` context ids at `contexts[n*window ...]`. */
export interface Windows {
  window: number;
  centres: Int32Array;
  contexts: Int32Array;
}

/** How many full windows of `window` context words (half left, half right) the paragraphs hold. */
export function countWindows(paragraphs: readonly ArrayLike<number>[], window: number): number {
  let n = 0;
  for (const p of paragraphs) n += Math.max(0, p.length - window);
  return n;
}

/**
 * Cuts every full window out of each paragraph of ids: the centre word at position i and the `window/2`
 * ids on each side of it (the centre itself left out). Positions without a full window are skipped.
 */
export function cbowWindows(paragraphs: readonly ArrayLike<number>[], window: number): Windows {
  if (window < 2 || window % 2 !== 0) throw new DataError(`The window must be an even number of at least 2, got ${window}.`);
  const half = window / 2;
  const n = countWindows(paragraphs, window);
  const centres = new Int32Array(n);
  const contexts = new Int32Array(n * window);
  let k = 0;
  for (const p of paragraphs) {
    for (let i = half; i + half < p.length; i++, k++) {
      centres[k] = p[i];
      let c = k * window;
      for (let j = i - half; j <= i + half; j++) if (j !== i) contexts[c++] = p[j];
    }
  }
  return { window, centres, contexts };
}
