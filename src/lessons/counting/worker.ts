// Lesson 4's slice of the worker: creates, trains, asks and restores the counting model.

import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { builtOrFreed } from '../../lib/variables';
import { extendHeld, trainHeld, type WorkerContext } from '../../train/context';
import type { CountingApi } from './api';
import { benchCounting } from './bench';
import { COUNTING_FIELDS } from './meta';
import { CountingSession } from './session';

export default function countingWorker(ctx: WorkerContext): CountingApi {
  const model = ctx.slot<CountingSession>('counting/model');
  /** A model that does not exist yet is a message for the page, not a crash. */
  const trained = () => model.require('There is no trained model yet: press Train first.');

  return {
    async bench(config) {
      checkBounds(config, COUNTING_FIELDS);
      await ctx.ensureBackend();
      return benchCounting(config);
    },

    async create(config) {
      checkBounds(config, COUNTING_FIELDS);
      await ctx.ensureBackend();
      let session: CountingSession;
      try {
        session = builtOrFreed(() => new CountingSession(config));
      } catch (error) {
        throw new DataError(error instanceof Error ? error.message : String(error));
      }
      model.set(session);
      return { items: session.items, stepsPerEpoch: session.stepsPerEpoch, totalSteps: session.totalSteps };
    },

    async train(maxSteps, onProgress) {
      ctx.stop.arm();
      return trainHeld(ctx, model, trained(), maxSteps, onProgress);
    },

    async evaluate() {
      return trained().evaluate();
    },

    async predict(sequence, h) {
      const session = trained();
      const vocab = session.config.vocab;
      if (sequence.length === 0) throw new DataError('Type at least one number.');
      const outside = sequence.find((v) => !Number.isInteger(v) || v < 0 || v >= vocab);
      if (outside !== undefined) throw new DataError(`${outside} is not a whole number from 0 to ${vocab - 1}.`);
      if (h && h.length !== session.config.hidden) throw new DataError('The carried hidden state belongs to another model; start again from the sequence.');
      return session.predict(sequence, h);
    },

    async restore() {
      await ctx.ensureBackend();
      const restored = await builtOrFreed(() => CountingSession.restore(model));
      if (!restored) return undefined;
      model.set(restored);
      return restored.describe();
    },

    async reset() {
      ctx.stop.request();
      await model.forget();
    },

    extend(epochs) {
      return extendHeld(model, epochs);
    },
  };
}
