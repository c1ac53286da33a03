// The four ways Lesson 10 cuts one text: characters, Lesson 1's words (looked up in the loaded corpus's
// vocabulary), the series' BPE, and GPT-2's byte-level BPE, whose files the worker fetches from this site.

import { basicEnglish } from '../../text/basicEnglish';
import { type BpeModel, UNKNOWN } from '../../text/bpe';
import type { Gpt2Tokenizer } from '../../text/gpt2Tokenizer';
import { pythonSplit } from '../../text/python';
import type { Comparison, Gpt2Cut, TokenRow } from './api';

/** `text` cut by GPT-2's tokenizer, each token shown as its own text. */
export function gpt2Cut(tokenizer: Gpt2Tokenizer, text: string, allowSpecial: boolean): Gpt2Cut {
  const ids = tokenizer.encode(text, { allowSpecial });
  return { ids, pieces: ids.map((id) => tokenizer.decode([id])), roundTrip: tokenizer.decode(ids) === text };
}

/** Words of `lines` as Lesson 1 cuts them, for the vocabulary the word-level row looks words up in. */
export function wordVocabulary(text: string): Set<string> {
  const words = new Set<string>();
  for (const line of text.split('\n')) for (const token of basicEnglish(line)) words.add(token);
  return words;
}

/** The four cuts of `text`. */
export function compareTokenizers(text: string, words: Set<string> | undefined, bpe: BpeModel | undefined, gpt2: Gpt2Tokenizer | undefined): Comparison {
  const chars = Array.from(text);
  const charRow: TokenRow = { tokens: chars, unknown: chars.map(() => false) };
  const basic = basicEnglish(text);
  const bpeTokens = bpe ? pythonSplit(text).flatMap((word) => bpe.encodeWord(word)) : [];
  const gptIds = gpt2?.encode(text) ?? [];
  return {
    text,
    words: pythonSplit(text).length,
    chars: charRow,
    basic: words && { tokens: basic, unknown: basic.map((w) => !words.has(w)), vocab: words.size },
    bpe: bpe && { tokens: bpeTokens, unknown: bpeTokens.map((t) => t === UNKNOWN), vocab: bpe.vocab.length },
    gpt2: gpt2 ? { tokens: gptIds.map((id) => gpt2.decode([id])), unknown: gptIds.map(() => false), ids: gptIds } : { tokens: [], unknown: [] },
  };
}
