// Lesson 8's slice of the worker: the step-through of one block.

import { DataError } from '../../lib/errors';
import type { WorkerContext } from '../../train/context';
import type { TransformerApi } from './api';
import { DIMS, HEADS, MAX_TOKENS } from './meta';
import { traceBlock } from './trace';

export default function transformerWorker(ctx: WorkerContext): TransformerApi {
  return {
    async trace(tokens, options) {
      if (tokens.length === 0) throw new DataError('Type a sentence first.');
      if (tokens.length > MAX_TOKENS) throw new DataError(`The step-through takes at most ${MAX_TOKENS} tokens, not ${tokens.length}.`);
      if (!(DIMS as readonly number[]).includes(options.dim) || !(HEADS as readonly number[]).includes(options.heads))
        throw new DataError(`The width must be one of ${DIMS.join(', ')} and the heads one of ${HEADS.join(', ')}.`);
      await ctx.ensureBackend();
      return traceBlock(tokens, options);
    },
  };
}
