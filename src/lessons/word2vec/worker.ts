// Lesson 2's slice of the worker: loads the corpus, plans, trains CBOW and answers questions about its vectors.

import { DataError } from '../../lib/errors';
import { fetchPretrained } from '../../lib/fetchData';
import { checkBounds } from '../../lib/fields';
import { builtOrFreed } from '../../lib/variables';
import { extendHeld, trainHeld, type WorkerContext } from '../../train/context';
import { documentsOf, readText } from '../../train/readText';
import type { Word2vecApi } from './api';
import { benchCbowStep } from './bench';
import { WORD2VEC_FIELDS } from './meta';
import { planFor, type Word2vecCorpus, word2vecCorpus } from './plan';
import type { PretrainedWord2vec } from './pretrained';
import { analogyOf, exportVectors, neighbours, wordMap } from './queries';
import { Word2vecSession } from './session';
import { timeExample } from './timing';

export default function word2vecWorker(ctx: WorkerContext): Word2vecApi {
  let corpus: Word2vecCorpus | undefined;
  const model = ctx.slot<Word2vecSession>('word2vec/cbow');
  /** Seconds an example takes here, by model shape and backend (timeExample). */
  const timings = new Map<string, number>();
  const trained = () => model.require('Train a model first.');

  return {
    async benchStep(options) {
      await ctx.ensureBackend();
      return benchCbowStep(options, await ctx.fastKernels());
    },

    async load(source, onProgress) {
      const { text, fromCache, url } = await readText(source, onProgress);
      onProgress?.({ phase: 'tokenize', loaded: 0, total: 1 });
      const lines = source.kind === 'url' && source.format === 'sotu-json' ? documentsOf(text, 'sotu-json') : text.split('\n');
      // A new corpus replaces the old one only once it has loaded; the model trained before is kept.
      const loaded = word2vecCorpus(source.name, lines);
      corpus = loaded;
      onProgress?.({ phase: 'tokenize', loaded: 1, total: 1 });
      return { name: loaded.name, url, paragraphs: loaded.paragraphs.length, tokens: loaded.paragraphs.reduce((n, p) => n + p.length, 0), fromCache };
    },

    async plan(config) {
      checkBounds(config, WORD2VEC_FIELDS);
      if (!corpus) throw new DataError('Load a corpus first.');
      const backend = (await ctx.ensureBackend()).name;
      const rough = planFor(corpus, config, backend);
      if (rough.examples === 0 || rough.vocabSize < 2) return rough;
      // The time of an example here, timed once per model shape, full-softmax batch (its route) and backend.
      const key = [config.mode, rough.vocabSize, config.dim, config.window, config.negatives, config.mode === 'full' ? config.batch : 0, backend].join(':');
      let perExample = timings.get(key);
      if (perExample === undefined) {
        perExample = await timeExample(config, rough.vocabSize, await ctx.fastKernels());
        timings.set(key, perExample);
      }
      return planFor(corpus, config, backend, rough.examples, perExample);
    },

    async create(config) {
      checkBounds(config, WORD2VEC_FIELDS);
      if (!corpus) throw new DataError('Load a corpus first.');
      const info = await ctx.ensureBackend();
      const session = builtOrFreed((from) => Word2vecSession.create(from, config, info.name), corpus);
      model.set(session);
      return session.plan;
    },

    async train(maxSteps, onProgress) {
      ctx.stop.arm();
      const session = model.require('There is no model to train: press Train to create one.');
      if (!session.hasExamples) {
        if (!corpus) throw new DataError('Load a corpus to go on training this model.');
        session.attach(corpus);
      }
      await session.useKernels(await ctx.fastKernels());
      return trainHeld(ctx, model, session, maxSteps, onProgress);
    },

    async neighbours(word, k) {
      return neighbours(trained().vectors(), word, k);
    },

    async analogy(words, k, options) {
      return analogyOf(trained().vectors(), words, k, options);
    },

    async map(words) {
      return wordMap(trained().vectors(), words);
    },

    async restore() {
      await ctx.ensureBackend();
      const restored = await builtOrFreed(() => Word2vecSession.restore(model));
      if (!restored) return undefined;
      model.set(restored);
      return restored.describe();
    },

    async reset() {
      ctx.stop.request();
      await model.forget();
    },

    async export() {
      return exportVectors(trained().vectors());
    },

    extend(epochs) {
      return extendHeld(model, epochs);
    },

    async loadPretrained(url) {
      const info = await ctx.ensureBackend();
      const file = await fetchPretrained<PretrainedWord2vec>(url);
      const session = Word2vecSession.fromPretrained(file, info.name);
      model.set(session);
      if (corpus && corpus.name === session.corpusName) session.attach(corpus);
      await session.save(model);
      return session.describe();
    },

    async exportPretrained(made) {
      return JSON.stringify(await trained().exportPretrained(made));
    },
  };
}
