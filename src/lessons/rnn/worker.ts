// Lesson 3's slice of the worker: it trains nothing, it runs the RNN on the reader's sentence and checks it.

import { DataError } from '../../lib/errors';
import type { WorkerContext } from '../../train/context';
import type { RnnApi } from './api';
import { notebookCheck, traceSequence } from './demo';

export default function rnnWorker(ctx: WorkerContext): RnnApi {
  return {
    async trace(tokens, hidden, seed, split) {
      await ctx.ensureBackend();
      if (tokens.length === 0) throw new DataError('Type a sentence first.');
      return traceSequence(tokens, hidden, seed, split);
    },

    async check(seed) {
      await ctx.ensureBackend();
      return notebookCheck(seed);
    },
  };
}
