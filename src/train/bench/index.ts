// The worker's own benchmarks: the throughput of one matrix product on the backend in use, and the time an element
// of our element-wise kernels takes (GELU, tanh, the softmax with its cross entropy, the LSTM cell).

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
    async benchKernels(seconds) {
      const kernels = await ctx.fastKernels();
      if (!kernels) return undefined;
      const k = await kernels.instantiate(); // an instance of its own: nothing of the lessons' is touched
      const n = 768 * 512;
      const base = Math.ceil(k.memory.buffer.byteLength / 64) * 64;
      const at = (i: number) => base + i * n * 4;
      k.memory.grow(Math.ceil((at(6) - k.memory.buffer.byteLength) / 65536));
      const values = new Float32Array(k.memory.buffer, base, 5 * n);
      for (let i = 0; i < values.length; i++) values[i] = 3 * Math.sin(i);
      new Int32Array(k.memory.buffer, at(5), 96).fill(7);
      const cases: [string, number, () => void][] = [
        ['gelu', n, () => k.gelu(at(0), at(1), at(2), n)],
        ['geluBackward', n, () => k.geluBackward(at(0), at(2), at(3), at(4), n)],
        ['geluTanh', n, () => k.geluTanh(at(0), at(1), n)],
        ['tanh', n, () => k.tanhInto(at(0), at(1), n)],
        ['softmaxCrossEntropy', n, () => k.softmaxCrossEntropy(at(4), at(5), 96, 4096, 1)],
        ['lstmCell', 96 * 1024, () => k.lstmCell(at(0), at(1), at(2), at(3), at(4), 96, 1024)],
      ];
      return cases.map(([name, elements, run]) => {
        for (let i = 0; i < 5; i++) run(); // warm-up: V8 compiles the hot functions again, optimised
        let runs = 0;
        const start = performance.now();
        while (performance.now() - start < (seconds * 1000) / cases.length) {
          run();
          runs++;
        }
        return { name, ns: ((performance.now() - start) * 1e6) / (runs * elements) };
      });
    },
  };
}
