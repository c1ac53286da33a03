// The corpora the site reads and does not ship, at their public addresses: each download is checked against
// the published file's size and SHA-256 (src/lib/knownFiles.ts) before it is used or cached. Tests route these
// addresses to the copies in ../shared/data. Pure: the pages name a corpus, the worker fetches it.

import { type KnownFile, TINY_SHAKESPEARE, WAR_AND_PEACE_2600, WIKITEXT2_TRAIN } from '../lib/knownFiles';
import type { TextSource } from '../train/types';

/** Public copies of WikiText-2's tokenized train split (`wiki.train.tokens`), tried in this order. */
export const WIKITEXT2_TRAIN_MIRRORS: readonly string[] = [
  'https://raw.githubusercontent.com/pytorch/examples/main/word_language_model/data/wikitext-2/train.txt',
  'https://cdn.jsdelivr.net/gh/pytorch/examples@main/word_language_model/data/wikitext-2/train.txt',
  'https://raw.githubusercontent.com/pytorch/examples/master/word_language_model/data/wikitext-2/train.txt',
];

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

/** Karpathy's input.txt (1.1 MB), from public copies tried in turn. */
export const TINY_SHAKESPEARE_MIRRORS: readonly string[] = [
  'https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt',
  'https://cdn.jsdelivr.net/gh/karpathy/char-rnn@master/data/tinyshakespeare/input.txt',
];

/** A corpus the site fetches: its name for the reader, its addresses in order, and the file they must send. */
export interface Corpus {
  name: string;
  urls: readonly string[];
  expected: KnownFile;
}

export const WIKITEXT2: Corpus = { name: 'WikiText-2 (train)', urls: WIKITEXT2_TRAIN_MIRRORS, expected: WIKITEXT2_TRAIN };
export const WAR_AND_PEACE: Corpus = { name: 'War and Peace', urls: WAR_AND_PEACE_MIRRORS, expected: WAR_AND_PEACE_2600 };
export const TINY_SHAKESPEARE_TEXT: Corpus = { name: 'Tiny Shakespeare', urls: TINY_SHAKESPEARE_MIRRORS, expected: TINY_SHAKESPEARE };

/** Where the worker reads `corpus` from: its mirrors in turn, through the browser's cache. */
export const mirrorsOf = (corpus: Corpus): TextSource => ({ kind: 'mirrors', urls: [...corpus.urls], name: corpus.name, expected: corpus.expected });

/** The corpora this site serves itself (vite.config.ts builds them from npm packages into dist/corpora/). */
export const MOBY_DICK_ASSET_PATH = 'corpora/moby-dick.txt';
export const SOTU_ASSET_PATH = 'corpora/sotu.json';

/** A corpus this site serves itself (built into dist/corpora/), read from the page's own address. */
export const servedBySite = (asset: string, name: string, format: 'text' | 'sotu-json'): TextSource => ({
  kind: 'url',
  url: new URL(asset, document.baseURI).href,
  name,
  format,
});

/** A text file the reader picked. */
export const pickedFile = (file: File): TextSource => ({ kind: 'file', file, name: file.name });
