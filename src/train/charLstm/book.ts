// Reading a book for a character model (Lessons 6 and 9): the text from its mirrors, the site or a file, then its
// characters as ids, split 90/10, with the summary the page shows.

import { type CharCorpus, type CharCorpusInfo, charCorpus } from '../../text/chars';
import { readText } from '../readText';
import type { LoadProgress, TextSource } from '../types';

export async function readBook(source: TextSource, onProgress?: (p: LoadProgress) => void): Promise<{ corpus: CharCorpus; info: CharCorpusInfo }> {
  const { text, fromCache } = await readText(source, onProgress);
  onProgress?.({ phase: 'tokenize', loaded: 0, total: 1 });
  const read = charCorpus(source.name, text, fromCache);
  onProgress?.({ phase: 'tokenize', loaded: 1, total: 1 });
  return read;
}
