// Lesson 5's slice of the worker: the LSTM's live check and the memory sweep.

import type { Kernels } from '../../kernels/kernels';
import { kernelsOnTwoThreads } from '../../kernels/sharedInstance';
import { checkBounds } from '../../lib/fields';
import type { WorkerContext } from '../../train/context';
import type { LstmApi } from './api';
import { benchMemory } from './bench';
import { lstmNotebookCheck } from './compare';
import { SWEEP_FIELDS } from './meta';
import { MemorySweep } from './session';

export default function lstmWorker(ctx: WorkerContext): LstmApi {
  // The sweep lives in a slot like any model, so that a lost WebGL context drops its models too.
  const sweep = ctx.slot<MemorySweep>('lstm/sweep', 'sweep');
  const current = (): MemorySweep => {
    if (!sweep.current) sweep.set(new MemorySweep());
    return sweep.current!;
  };
  // The memory models' passes on the kernels with a helper thread, made once, where the worker's kernels run.
  let twoThreads: Promise<Kernels> | undefined;
  const kernels = async (): Promise<Kernels | undefined> => {
    const fast = await ctx.fastKernels();
    if (!fast) return undefined;
    twoThreads ??= kernelsOnTwoThreads(fast);
    return twoThreads;
  };

  return {
    async bench(config, fused, epochs) {
      await ctx.ensureBackend();
      return benchMemory(config, epochs, fused ? await kernels() : undefined);
    },

    async check(seed) {
      await ctx.ensureBackend();
      return lstmNotebookCheck(seed);
    },

    async sweep(config, onPoint, onProgress) {
      ctx.stop.arm();
      checkBounds(config, SWEEP_FIELDS);
      await ctx.ensureBackend();
      const session = current();
      return session.run(config, ctx.stop.begin(sweep, session), onPoint, onProgress, await kernels());
    },

    async estimate(config) {
      checkBounds(config, SWEEP_FIELDS);
      await ctx.ensureBackend();
      return MemorySweep.estimate(config, await kernels());
    },

    async inspect(cell, item) {
      return current().inspect(cell, item);
    },
  };
}
