// The four ways Lesson 10 cuts one text: characters, Lesson 1's words (looked up in the loaded corpus's
// vocabulary), the series' BPE, and GPT-2's byte-level BPE, whose files the worker fetches from this site.

import { fetchData } from '../../lib/fetchData';
import { GPT2_ENCODER, GPT2_MERGES } from '../../lib/knownFiles';
import { basicEnglish } from '../../text/basicEnglish';
import { type BpeModel, UNKNOWN } from '../../text/bpe';
import { createGpt2Tokenizer, type Gpt2Tokenizer } from '../../text/gpt2Tokenizer';
import { pythonSplit } from '../../text/python';
import type { LoadProgress } from '../../train/types';
import type { Comparison, Gpt2Cut, TokenRow } from './api';

/**
 * GPT-2's tokenizer from its published files, which this site serves under `root` (vite.config.ts): downloaded once,
 * checked against their size and SHA-256, then kept in the browser's cache.
 */
export async function loadGpt2Tokenizer(
  root: string,
  onProgress?: (p: LoadProgress) => void,
): Promise<{ tokenizer: Gpt2Tokenizer; fromCache: boolean; files: { encoder: Record<string, number>; merges: string } }> {
  const total = GPT2_ENCODER.bytes + GPT2_MERGES.bytes;
  const encoder = await fetchData(new URL('gpt2/encoder.json', root).href, (loaded) => onProgress?.({ phase: 'download', loaded, total }), GPT2_ENCODER);
  const merges = await fetchData(
    new URL('gpt2/vocab.bpe', root).href,
    (loaded) => onProgress?.({ phase: 'download', loaded: GPT2_ENCODER.bytes + loaded, total }),
    GPT2_MERGES,
  );
  onProgress?.({ phase: 'tokenize', loaded: 0, total: 1 });
  const text = new TextDecoder();
  const files = { encoder: JSON.parse(text.decode(encoder.bytes)) as Record<string, number>, merges: text.decode(merges.bytes) };
  return { tokenizer: createGpt2Tokenizer(files.encoder, files.merges), fromCache: encoder.fromCache && merges.fromCache, files };
}

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
