// Lesson 1's slice of the worker: reads and tokenizes a corpus, analyses text, and trains the bigram demo.

import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { builtOrFreed } from '../../lib/variables';
import { basicEnglish } from '../../text/basicEnglish';
import { countTokens } from '../../text/vocab';
import { extendHeld, trainHeld, type WorkerContext } from '../../train/context';
import { documentsOf, readText } from '../../train/readText';
import { analyseText } from './analysis';
import type { TokensApi } from './api';
import { benchBigram } from './bench';
import { MIN_FREQS, minFreqCurve, topTokens } from './corpusStats';
import { TOKENS_FIELDS } from './meta';
import { BigramSession, type TokenCorpus } from './session';

export default function tokensWorker(ctx: WorkerContext): TokensApi {
  let corpus: TokenCorpus | undefined;
  const bigram = ctx.slot<BigramSession>('tokens/bigram');

  return {
    async bench(config, seconds) {
      if (!corpus) throw new DataError('Load a corpus first.');
      await ctx.ensureBackend();
      return benchBigram(corpus, config, seconds);
    },

    async analyse(text, opts) {
      return analyseText(text, opts);
    },

    async loadCorpus(source, onProgress) {
      const started = performance.now();
      const { text, fromCache } = await readText(source, onProgress);
      const texts = documentsOf(text, source.kind === 'url' ? source.format : 'text');
      onProgress?.({ phase: 'tokenize', loaded: 0, total: texts.length });
      const docs: string[][] = [];
      for (const document of texts) {
        const tokens = basicEnglish(document);
        if (tokens.length > 0) docs.push(tokens);
      }
      onProgress?.({ phase: 'tokenize', loaded: texts.length, total: texts.length });
      const counts = countTokens(docs);
      if (counts.size === 0) throw new DataError(`${source.name} has no words in it that the tokenizer can find.`);
      // A new corpus replaces the old one only once it has loaded; a model trained before is kept.
      corpus = { name: source.name, docs, counts };
      let tokens = 0;
      for (const doc of docs) tokens += doc.length;
      return {
        name: source.name,
        chars: text.length,
        documents: docs.length,
        tokens,
        distinct: counts.size,
        curve: minFreqCurve(counts, MIN_FREQS),
        top: topTokens(counts, 30),
        fromCache,
        millis: performance.now() - started,
      };
    },

    async create(config) {
      checkBounds(config, TOKENS_FIELDS);
      if (!corpus) throw new DataError('Load a corpus first.');
      await ctx.ensureBackend();
      bigram.set(undefined);
      const session = builtOrFreed((from) => BigramSession.create(from, config), corpus);
      bigram.set(session);
      return session.info;
    },

    async restore() {
      await ctx.ensureBackend();
      const restored = await builtOrFreed(() => BigramSession.restore(bigram));
      if (!restored) return undefined;
      bigram.set(restored);
      return restored.describe();
    },

    async train(steps, onProgress) {
      ctx.stop.arm();
      const session = bigram.require('There is no model to train: press Train to create one.');
      if (!session.trainer.hasPairs) {
        // A model restored after a reload goes on with the corpus loaded now, read through its own vocabulary.
        if (!corpus) throw new DataError('Load a corpus to go on training this model.');
        session.attach(corpus);
      }
      return trainHeld(ctx, bigram, session, steps, onProgress);
    },

    async predict(word, k) {
      const session = bigram.require('Train the model first.');
      return session.predict(basicEnglish(word)[0] ?? '', k);
    },

    extend(extra) {
      return extendHeld(bigram, extra);
    },

    async reset() {
      ctx.stop.request();
      await bigram.forget();
    },
  };
}
