// Lesson 9's slice of the worker: loads a book, trains the tiny GPT, writes, shows its attention, and trains
// Lesson 6's LSTM on the same book for the same time (in a slot of its own: Lesson 6's model is left alone).

import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { builtOrFreed } from '../../lib/variables';
import { CHAR_DEFAULTS } from '../../models/charLstmConfig';
import type { SamplingOptions } from '../../models/sampling';
import { TINY_GPT_SLOT } from '../../models/tinyGpt';
import type { CharCorpus } from '../../text/chars';
import { readBook } from '../../train/charLstm/book';
import { CharSession } from '../../train/charLstm/session';
import { extendHeld, restoreHeld, trainHeld, type WorkerContext } from '../../train/context';
import { estimateRun } from '../../train/estimate';
import type { GptApi, TimedPoint } from './api';
import { benchGpt } from './bench';
import { GPT_FIELDS, type GptTrainConfig } from './meta';
import { GptSession, VALIDATE_EVERY } from './session';

/** The longest sample the page asks for at once. */
const MAX_WRITE = 2000;

export default function gptWorker(ctx: WorkerContext): GptApi {
  let book: CharCorpus | undefined;
  const model = ctx.slot<GptSession>(TINY_GPT_SLOT);
  const lstm = ctx.slot<CharSession>('gpt/lstm', 'comparison LSTM');
  let prompt: { text: string; sampling: SamplingOptions } = { text: 'ROMEO:\n', sampling: { mode: 'temperature', temperature: 0.8, k: 5, p: 0.95 } };
  const trained = () => model.require('Train the model first: an untrained GPT writes noise.');
  const checkConfig = (config: GptTrainConfig) => {
    checkBounds(config, GPT_FIELDS);
    if (config.width % config.heads !== 0)
      throw new DataError(`The width ${config.width} does not split into ${config.heads} heads: pick a width that ${config.heads} divides.`);
  };

  return {
    async bench(config, seconds, profile = false, fused = true) {
      checkConfig(config);
      if (!book) throw new DataError('Load a book first.');
      await ctx.ensureBackend();
      return benchGpt(book, config, seconds, profile, fused ? await ctx.fastKernels() : undefined);
    },

    async load(source, onProgress) {
      const { corpus, info } = await readBook(source, onProgress);
      book = corpus;
      return info;
    },

    async create(config) {
      checkConfig(config);
      if (!book) throw new DataError('Load a book first.');
      await ctx.ensureBackend();
      const session = await builtOrFreed((from, kernels) => GptSession.create(from, config, kernels), book, await ctx.fastKernels());
      model.set(session);
      await lstm.forget();
      return { parameters: session.parameters, vocab: book.vocab.itos.length };
    },

    async train(maxSteps, onProgress, onEvent) {
      ctx.stop.arm();
      const session = model.require('There is no model to train: press Train to create one.');
      if (!session.corpus) {
        if (!book) throw new DataError('Load the book to go on training this model.');
        session.attach(book);
      }
      await session.useEngine(await ctx.fastKernels());
      session.prompt = prompt.text;
      session.sampling = prompt.sampling;
      session.onEvent = onEvent;
      try {
        return await trainHeld(ctx, model, session, maxSteps, onProgress);
      } finally {
        session.onEvent = undefined;
      }
    },

    async setPrompt(text, sampling) {
      prompt = { text, sampling };
      if (model.current) {
        model.current.prompt = text;
        model.current.sampling = sampling;
      }
    },

    async write(text, length, sampling, onText) {
      if (!Number.isInteger(length) || length < 1 || length > MAX_WRITE) throw new DataError(`Write 1 to ${MAX_WRITE} characters.`);
      return trained().write(text, length, sampling, onText);
    },

    async attention(text) {
      return trained().attention(text);
    },

    async estimate(config) {
      checkConfig(config);
      if (!book) throw new DataError('Load a book first.');
      const loaded = book;
      const { vocab, context, width, heads, layers, batch } = { ...config, vocab: loaded.vocab.itos.length };
      // Timed on each backend worth trying, once per shape of model: it trains where it ran fastest.
      return ctx.fastest(`gpt ${[vocab, context, width, heads, layers, batch]}`, async (limit) =>
        estimateRun(
          await builtOrFreed((from, kernels) => GptSession.create(from, { ...config, steps: 3 }, kernels), loaded, await ctx.fastKernels()),
          config.steps,
          VALIDATE_EVERY,
          limit,
        ),
      );
    },

    extend(steps) {
      return extendHeld(model, steps);
    },

    async compareLstm(onPoint) {
      ctx.stop.arm();
      const session = trained();
      if (!book || book.name !== session.corpusName) throw new DataError(`Load ${session.corpusName} to train the LSTM on the same book.`);
      if (session.seconds <= 0) throw new DataError('Train the GPT first: the LSTM trains for as long as it did.');
      await ctx.ensureBackend();
      const seconds = session.seconds;
      const rival = builtOrFreed((from) => CharSession.create(from, { ...CHAR_DEFAULTS, steps: 1_000_000_000 }), book);
      await rival.model.useKernels(await ctx.fastKernels());
      lstm.set(rival);
      const points: TimedPoint[] = [];
      const started = performance.now();
      const elapsed = () => (performance.now() - started) / 1000;
      const first = { step: 0, loss: rival.validationLoss(), seconds: 0 };
      points.push(first);
      onPoint(first);
      const stop = ctx.stop.begin(lstm, rival);
      await rival.train(
        Number.POSITIVE_INFINITY,
        () => stop() || elapsed() >= seconds,
        (p) => {
          for (const v of p.validation ?? []) {
            const point = { step: v.step, loss: v.loss, seconds: Math.min(seconds, elapsed()) };
            points.push(point);
            onPoint(point);
          }
        },
        lstm,
      );
      const last = { step: rival.model.step, loss: rival.validationLoss(), seconds: Math.min(seconds, elapsed()) };
      points.push(last);
      onPoint(last);
      session.lstm = points;
      await session.save(model);
      await lstm.forget();
      return points;
    },

    async restore() {
      const kernels = await ctx.fastKernels();
      return restoreHeld(ctx, model, (slot) => builtOrFreed(() => GptSession.restore(slot, kernels)), book);
    },

    async reset() {
      ctx.stop.request();
      await lstm.forget();
      await model.forget();
    },

    async export() {
      return trained().exportWeights();
    },
  };
}
