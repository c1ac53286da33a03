// Lesson 6's slice of the worker: loads a book, trains the character model and lets it write.

import { DataError } from '../../lib/errors';
import { fetchPretrained } from '../../lib/fetchData';
import { checkBounds } from '../../lib/fields';
import { builtOrFreed } from '../../lib/variables';
import type { CharCorpus } from '../../text/chars';
import { readBook } from '../../train/charLstm/book';
import type { PretrainedChar } from '../../train/charLstm/pretrained';
import { CharSession } from '../../train/charLstm/session';
import { extendHeld, restoreHeld, trainHeld, type WorkerContext } from '../../train/context';
import type { CharLstmApi } from './api';
import { benchChar } from './bench';
import { CHAR_FIELDS } from './meta';

export default function charLstmWorker(ctx: WorkerContext): CharLstmApi {
  let book: CharCorpus | undefined;
  const model = ctx.slot<CharSession>('char-lstm/model');

  return {
    async bench(config, seconds, profile = false) {
      if (!book) throw new DataError('Load a book first.');
      await ctx.ensureBackend();
      return benchChar(book, config, seconds, profile, await ctx.fastKernels());
    },

    async load(source, onProgress) {
      const { corpus, info } = await readBook(source, onProgress);
      book = corpus;
      return info;
    },

    async create(config) {
      checkBounds(config, CHAR_FIELDS);
      if (!book) throw new DataError('Load a book first.');
      await ctx.ensureBackend();
      const session = builtOrFreed((from) => CharSession.create(from, config), book);
      model.set(session);
      return { vocab: book.vocab.itos.length, parameters: session.parameters };
    },

    async estimate(config) {
      checkBounds(config, CHAR_FIELDS);
      if (!book) throw new DataError('Load a book first.');
      const loaded = book;
      const { embed, hidden, layers, window, batch } = config;
      // Timed on each backend worth trying, once per shape of model: it trains where it ran fastest.
      return ctx.fastest(`char-lstm ${[loaded.vocab.itos.length, embed, hidden, layers, window, batch]}`, async (limit) =>
        CharSession.estimate(loaded, config, await ctx.fastKernels(), limit),
      );
    },

    async train(maxSteps, onProgress, onWriting) {
      ctx.stop.arm();
      const session = model.require('There is no model to train: press Train to create one.');
      if (!session.corpus) {
        if (!book) throw new DataError(`Load ${session.corpusName} to go on training this model.`);
        session.attach(book);
      }
      session.onWriting = onWriting;
      await session.model.useKernels(await ctx.fastKernels());
      return trainHeld(ctx, model, session, maxSteps, onProgress);
    },

    setSampling(sampling) {
      if (model.current) model.current.sampling = sampling;
    },

    async write(sampling, onWriting) {
      const session = model.require('Train the model first: an untrained model writes noise.');
      session.sampling = sampling;
      return session.write(onWriting);
    },

    extend(extra) {
      return extendHeld(model, extra);
    },

    async loadPretrained(url) {
      await ctx.ensureBackend();
      const file = await fetchPretrained<PretrainedChar>(url);
      const session = CharSession.fromPretrained(file);
      model.set(session);
      if (book && book.name === session.corpusName) session.attach(book);
      await session.save(model);
      return session.describe();
    },

    async exportPretrained(made) {
      return JSON.stringify(await model.require('Train a model first.').exportPretrained(made));
    },

    restore() {
      return restoreHeld(ctx, model, (slot) => builtOrFreed(() => CharSession.restore(slot)), book);
    },

    async reset() {
      ctx.stop.request();
      await model.forget();
    },

    async export() {
      return model.require('Train a model first.').export();
    },
  };
}
