// Lesson 6's benchmark (npm run bench): characters per second of training steps on the loaded book, and a
// profile of one step by tfjs kernel (where the WebAssembly engine trains, none: it runs the whole step).

import type { Kernels } from '../../kernels/kernels';
import { createRng } from '../../lib/rng';
import type { CharCorpus } from '../../text/chars';
import { windowBatch } from '../../text/chars';
import { type KernelProfile, NO_PROFILE, profileStep, timed } from '../../train/bench/profile';
import { CharSession } from '../../train/charLstm/session';
import type { CharBenchResult, CharTrainConfig } from './api';

export async function benchChar(
  book: CharCorpus,
  config: CharTrainConfig,
  seconds: number,
  profile: boolean,
  kernels: Kernels | undefined,
): Promise<CharBenchResult> {
  const session = CharSession.create(book, { ...config, steps: 1_000_000 });
  await session.model.useKernels(kernels);
  const rng = createRng(config.seed);
  const step = () => {
    const { inputs, targets } = windowBatch(book.train, config.window, config.batch, rng);
    return session.model.trainStep(inputs, targets);
  };
  try {
    const { steps, elapsed } = timed(seconds, step);
    const profiled: KernelProfile = profile ? await profileStep(step) : NO_PROFILE;
    return {
      charsPerSecond: (steps * config.window * config.batch) / elapsed,
      steps,
      validationLoss: session.validationLoss(),
      fused: session.model.engine.kernels,
      threads: session.model.engine.threads,
      ...profiled,
    };
  } finally {
    session.dispose();
  }
}
