// Lesson 10's slice of the worker: the corpus as words, the series' BPE learning on it (in a slot, saved), GPT-2's
// tokenizer, and the four tokenizers side by side.

import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { initialSymbols } from '../../text/bpe';
import { loadGpt2Tokenizer } from '../../text/gpt2Files';
import { createGpt2Tokenizer, type Gpt2Tokenizer } from '../../text/gpt2Tokenizer';
import { pythonSplit } from '../../text/python';
import { projectTwoText } from '../../text/wikitext';
import { restoreHeld, trainHeld, type WorkerContext } from '../../train/context';
import { readText } from '../../train/readText';
import type { BpeApi } from './api';
import { benchGpt2, benchLearn } from './bench';
import { BPE_CONFIG_FIELDS, MAX_TEXT_BYTES } from './meta';
import { type BpeCorpus, BpeSession } from './session';
import { compareTokenizers, gpt2Cut, wordVocabulary } from './tokenizers';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export default function bpeWorker(ctx: WorkerContext): BpeApi {
  let corpus: (BpeCorpus & { text: string }) | undefined;
  let words: Set<string> | undefined;
  let gpt2: { tokenizer: Gpt2Tokenizer; files: { encoder: Record<string, number>; merges: string } } | undefined;
  const vocabulary = ctx.slot<BpeSession>('bpe/vocabulary', 'vocabulary');
  const needGpt2 = () => {
    if (!gpt2) throw new DataError('Load GPT-2’s tokenizer first.');
    return gpt2.tokenizer;
  };

  return {
    async load(source, projectII, onProgress) {
      if (source.kind === 'file' && source.file.size > MAX_TEXT_BYTES)
        throw new DataError(
          `“${source.name}” is ${megabytes(source.file.size)}; this lesson learns on at most ${megabytes(MAX_TEXT_BYTES)} of text (WikiText-2 is 10.3 MB).`,
        );
      const { text, fromCache } = await readText(source, onProgress);
      if (text.length > MAX_TEXT_BYTES)
        throw new DataError(
          `“${source.name}” has ${text.length.toLocaleString('en')} characters; this lesson learns on at most ${MAX_TEXT_BYTES.toLocaleString('en')}.`,
        );
      onProgress?.({ phase: 'tokenize', loaded: 0, total: 1 });
      const cleaned = projectII ? projectTwoText(text.split('\n')) : text;
      const split = pythonSplit(cleaned);
      if (split.length === 0) throw new DataError(`“${source.name}” has no words in it to learn from.`);
      const distinct = new Set(split);
      const symbols = new Set<string>();
      for (const word of distinct) for (const symbol of initialSymbols(word)) symbols.add(symbol);
      corpus = { name: source.name, words: split, text: cleaned };
      words = undefined;
      onProgress?.({ phase: 'tokenize', loaded: 1, total: 1 });
      return { name: source.name, fromCache, chars: cleaned.length, words: split.length, distinctWords: distinct.size, symbols: symbols.size + 1, projectII };
    },

    async create(config) {
      checkBounds(config, BPE_CONFIG_FIELDS);
      if (!corpus) throw new DataError('Load a text first.');
      const session = BpeSession.create(corpus, config);
      vocabulary.set(session);
      return { planned: session.totalSteps, symbols: session.model().vocab.length };
    },

    async train(maxSteps, onProgress, onEvent) {
      ctx.stop.arm();
      const session = vocabulary.require('There is no vocabulary to learn: press Learn to start one.');
      if (corpus) session.attach(corpus);
      session.onEvent = onEvent;
      try {
        const summary = await trainHeld(ctx, vocabulary, session, maxSteps, onProgress);
        return { ...summary, learned: session.describe() };
      } finally {
        session.onEvent = undefined;
      }
    },

    async setSentence(sentence) {
      if (vocabulary.current) vocabulary.current.sentence = sentence;
    },

    restore() {
      return restoreHeld(ctx, vocabulary, (slot) => BpeSession.restore(slot), corpus);
    },

    async reset() {
      ctx.stop.request();
      await vocabulary.forget();
    },

    async compare(text) {
      if (text.trim() === '') throw new DataError('Type a text to compare the tokenizers on.');
      if (corpus && !words) words = wordVocabulary(corpus.text);
      return compareTokenizers(text, words, vocabulary.current?.model(), gpt2?.tokenizer);
    },

    async loadGpt2(root, onProgress) {
      const loaded = await loadGpt2Tokenizer(root, onProgress);
      gpt2 = { tokenizer: loaded.tokenizer, files: loaded.files };
      return { fromCache: loaded.fromCache, vocab: loaded.tokenizer.vocabSize };
    },

    async gpt2(text, allowSpecial) {
      if (text === '') throw new DataError('Type a text for GPT-2’s tokenizer to read.');
      return gpt2Cut(needGpt2(), text, allowSpecial);
    },

    async benchLearn(config) {
      checkBounds(config, BPE_CONFIG_FIELDS);
      if (!corpus) throw new DataError('Load a text first.');
      return benchLearn(corpus.words, config);
    },

    async benchGpt2(rounds) {
      if (!corpus) throw new DataError('Load a text first.');
      needGpt2();
      const { encoder, merges } = gpt2!.files;
      return benchGpt2(corpus.text, () => createGpt2Tokenizer(encoder, merges), rounds);
    },
  };
}
