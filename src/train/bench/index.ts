// The worker's own benchmark: the throughput of one matrix product on the backend in use.

import * as tf from '@tensorflow/tfjs';
import type { WorkerContext } from '../context';
import type { BenchApi } from './api';

export function benchWorker(ctx: WorkerContext): BenchApi {
  return {
    async benchMatmul(n, seconds, shape) {
      await ctx.ensureBackend();
      const [rows, inner, cols] = shape ?? [n, n, n];
      const a = tf.randomNormal([rows, inner]) as tf.Tensor2D;
      const b = tf.randomNormal([inner, cols]) as tf.Tensor2D;
      try {
        tf.tidy(() => tf.matMul(a, b)).dispose(); // warm-up: compiles shaders, allocates
        let runs = 0;
        const start = performance.now();
        while (performance.now() - start < seconds * 1000) {
          const c = tf.matMul(a, b);
          await c.data();
          c.dispose();
          runs++;
        }
        const elapsed = (performance.now() - start) / 1000;
        return { gflops: (2 * rows * inner * cols * runs) / elapsed / 1e9, runs };
      } finally {
        a.dispose();
        b.dispose();
      }
    },
  };
}
