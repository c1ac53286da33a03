// Lesson 7's slice of the worker: creates, trains, measures and asks the two encoder-decoders.

import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { builtOrFreed } from '../../lib/variables';
import { extendHeld, trainHeld, type WorkerContext } from '../../train/context';
import type { AttentionApi } from './api';
import { ATTENTION_FIELDS } from './meta';
import { AttentionSession } from './session';

export default function attentionWorker(ctx: WorkerContext): AttentionApi {
  const model = ctx.slot<AttentionSession>('attention/models');
  let probe: number[] | undefined;
  const checkProbe = (sequence: number[], vocab: number) => {
    if (!Array.isArray(sequence) || sequence.length === 0 || sequence.length > 40 || sequence.some((n) => !Number.isInteger(n) || n < 0 || n >= vocab))
      throw new DataError(`The sequence must be 1 to 40 whole numbers from 0 to ${vocab - 1}.`);
  };

  return {
    async create(config) {
      checkBounds(config, ATTENTION_FIELDS);
      await ctx.ensureBackend();
      const session = builtOrFreed(() => new AttentionSession(config));
      model.set(session);
      return { totalSteps: session.totalSteps, parameters: session.parameters };
    },

    async train(maxSteps, onProgress, onEvaluation) {
      ctx.stop.arm();
      const session = model.require('There are no models to train: press Train to create them.');
      if (probe?.every((n) => n < session.config.vocab)) session.probe = probe;
      session.onEvaluation = onEvaluation;
      try {
        return await trainHeld(ctx, model, session, maxSteps, onProgress);
      } finally {
        session.onEvaluation = undefined;
      }
    },

    async setProbe(sequence) {
      const session = model.current;
      if (session) {
        checkProbe(sequence, session.config.vocab);
        session.probe = sequence;
      }
      probe = sequence;
    },

    async probe(sequence) {
      const session = model.require('Train the models first: untrained, they answer at random.');
      checkProbe(sequence, session.config.vocab);
      return session.ask(sequence);
    },

    async estimate(config) {
      checkBounds(config, ATTENTION_FIELDS);
      await ctx.ensureBackend();
      return AttentionSession.estimate(config);
    },

    extend(steps) {
      return extendHeld(model, steps);
    },

    async restore() {
      await ctx.ensureBackend();
      const restored = await builtOrFreed(() => AttentionSession.restore(model));
      if (!restored) return undefined;
      model.set(restored);
      return restored.describe();
    },

    async reset() {
      ctx.stop.request();
      await model.forget();
    },
  };
}
