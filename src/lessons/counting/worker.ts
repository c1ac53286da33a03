// Lesson 4's slice of the worker: creates, trains, asks and restores the counting model.

import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { builtOrFreed } from '../../lib/variables';
import { extendHeld, trainHeld, type WorkerContext } from '../../train/context';
import type { CountingApi } from './api';
import { COUNTING_FIELDS } from './meta';
import { CountingSession } from './session';

export function countingWorker(ctx: WorkerContext): CountingApi {
  const model = ctx.slot<CountingSession>('counting/model');
  /** A model that does not exist yet is a message for the page, not a crash. */
  const trained = () => model.require('There is no trained model yet: press Train first.');

  return {
    async countCreate(config) {
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

    async countTrain(maxSteps, onProgress) {
      ctx.stop.arm();
      return trainHeld(ctx, model, trained(), maxSteps, onProgress);
    },

    async countEvaluate() {
      return trained().evaluate();
    },

    async countPredict(sequence, h) {
      const session = trained();
      const vocab = session.config.vocab;
      if (sequence.length === 0) throw new DataError('Type at least one number.');
      const outside = sequence.find((v) => !Number.isInteger(v) || v < 0 || v >= vocab);
      if (outside !== undefined) throw new DataError(`${outside} is not a whole number from 0 to ${vocab - 1}.`);
      if (h && h.length !== session.config.hidden) throw new DataError('The carried hidden state belongs to another model; start again from the sequence.');
      return session.predict(sequence, h);
    },

    async countRestore() {
      await ctx.ensureBackend();
      const restored = await builtOrFreed(() => CountingSession.restore(model));
      if (!restored) return undefined;
      model.set(restored);
      return restored.describe();
    },

    async countReset() {
      ctx.stop.request();
      await model.forget();
    },

    countExtend(epochs) {
      return extendHeld(model, epochs);
    },
  };
}
