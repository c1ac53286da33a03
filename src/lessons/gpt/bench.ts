// Lesson 9's benchmark (npm run bench): training steps of the tiny GPT (no validation, samples or maps) for some
// seconds on the loaded book, in the WebAssembly engine where it loads, and a profile of one step by tfjs kernel.

import type { Kernels } from '../../kernels/kernels';
import type { CharCorpus } from '../../text/chars';
import { type KernelProfile, NO_PROFILE, profileStep, timed } from '../../train/bench/profile';
import type { GptBenchResult } from './api';
import type { GptTrainConfig } from './meta';
import { GptSession } from './session';

export async function benchGpt(
  book: CharCorpus,
  config: GptTrainConfig,
  seconds: number,
  profile: boolean,
  kernels: Kernels | undefined,
): Promise<GptBenchResult> {
  const session = await GptSession.create(book, { ...config, steps: 1_000_000 }, kernels);
  try {
    const { steps, elapsed } = timed(seconds, () => session.trainStep());
    const profiled: KernelProfile = profile ? await profileStep(() => session.trainStep()) : NO_PROFILE;
    return {
      charsPerSecond: (steps * config.context * config.batch) / elapsed,
      steps,
      ...profiled,
      fused: session.engine.kernels,
      threads: session.engine.threads,
    };
  } finally {
    session.dispose();
  }
}
