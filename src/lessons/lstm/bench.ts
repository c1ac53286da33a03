// Lesson 5's benchmark (npm run bench): epochs of one memory model, on the fused WebAssembly kernels or tfjs's
// autodiff, and a profile of one epoch by tfjs kernel.

import type { Kernels } from '../../kernels/kernels';
import { profileStep } from '../../train/bench/profile';
import type { MemoryBenchResult } from './api';
import { MemoryTrainer } from './memory';
import type { MemoryConfig } from './meta';

export async function benchMemory(config: MemoryConfig, epochs: number, kernels: Kernels | undefined): Promise<MemoryBenchResult> {
  const trainer = new MemoryTrainer(config, kernels);
  try {
    trainer.trainEpoch(); // warm-up
    const start = performance.now();
    for (let e = 1; e < epochs; e++) trainer.trainEpoch();
    const msPerEpoch = (performance.now() - start) / Math.max(1, epochs - 1);
    const profiled = await profileStep(() => trainer.trainEpoch());
    return { msPerEpoch, fused: trainer.fused, ...profiled };
  } finally {
    trainer.dispose();
  }
}
