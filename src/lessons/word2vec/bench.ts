// Lesson 2's benchmark (npm run bench): one full-softmax CBOW training step on synthetic ids: the lesson's step, and the same
// model written straightforwardly in tfjs (autodiff, tf.train.adam) as the baseline every run compares to.

import * as tf from '@tensorflow/tfjs';
import { CbowProducts } from '../../kernels/cbowProducts';
import type { Kernels } from '../../kernels/kernels';
import { Adam } from '../../lib/adam';
import { createRng } from '../../lib/rng';
import { byKernel } from '../../train/bench/profile';
import type { CbowBenchOptions, CbowBenchResult } from './api';
import { cbowFullStep, createCbow, disposeCbow } from './cbow';
import { chunkSize } from './plan';

/** Random ids: `batch` windows of `window` context ids and their centres. */
function syntheticBatch(vocabSize: number, window: number, batch: number, seed: number): { contexts: Int32Array; centres: Int32Array } {
  const rng = createRng(seed);
  const contexts = Int32Array.from({ length: batch * window }, () => Math.floor(rng() * vocabSize));
  const centres = Int32Array.from({ length: batch }, () => Math.floor(rng() * vocabSize));
  return { contexts, centres };
}

/** The textbook step: tf.gather (or, where its gradient has no kernel, a bag-of-words matmul), matMul, softmaxCrossEntropy, autodiff, tf.train.adam. */
function straightforwardStep(options: CbowBenchOptions) {
  const { vocabSize: V, dim: D, window: W, batch: B } = options;
  const weights = createCbow(V, D, createRng(1));
  const optimizer = tf.train.adam(0.1);
  // tf.gather's gradient is UnsortedSegmentSum: WASM has no kernel for it, and the CPU backend's builds a
  // [V, B*W] mask (out of memory at this size), so those two get the lookup as a bag-of-words matmul.
  const gatherHasGradient = tf.getBackend() === 'webgl';
  const step = (contexts: Int32Array, centres: Int32Array): number =>
    tf.tidy(() => {
      const ctx = tf.tensor2d(contexts, [B, W], 'int32');
      const labels = tf.oneHot(tf.tensor1d(centres, 'int32'), V).toFloat();
      const loss = optimizer.minimize(() => {
        const h = gatherHasGradient
          ? tf
              .gather(weights.context, ctx.reshape([B * W]))
              .reshape([B, W, D])
              .mean(1) // [B, D]
          : tf.matMul(tf.oneHot(ctx, V).toFloat().sum(1).div(W), weights.context); // [B, V] x [V, D]
        const logits = tf.matMul(h as tf.Tensor2D, weights.centre, false, true); // [B, V]
        return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
      }, true) as tf.Scalar;
      return loss.dataSync()[0];
    });
  return {
    lookup: gatherHasGradient ? 'tf.gather' : 'one-hot bag-of-words matmul (no usable UnsortedSegmentSum for tf.gather on this backend)',
    step: async (contexts: Int32Array, centres: Int32Array) => step(contexts, centres),
    dispose: () => {
      disposeCbow(weights);
      optimizer.dispose();
    },
  };
}

/** The lesson's step: max_norm renorm, hand-written gradients in chunks (their products in `products` where given), our Adam. */
function oursStep(options: CbowBenchOptions, chunk: number, products?: CbowProducts) {
  const weights = createCbow(options.vocabSize, options.dim, createRng(1));
  const adam = new Adam([weights.context, weights.centre], { learningRate: 0.1 });
  return {
    step: (contexts: Int32Array, centres: Int32Array) =>
      cbowFullStep(weights, contexts, centres, options.window, { batch: options.batch, chunk, maxNorm: 1 }, (g) => adam.step(g), undefined, products),
    products: products ? `the project's kernels on ${products.threads} thread${products.threads > 1 ? 's' : ''}` : 'tfjs ops',
    dispose: () => {
      disposeCbow(weights);
      adam.dispose();
      products?.dispose();
    },
  };
}

export async function benchCbowStep(options: CbowBenchOptions, kernels?: Kernels): Promise<CbowBenchResult & { lookup?: string; products?: string }> {
  const chunk = options.variant === 'ours' ? options.chunk || chunkSize(options.vocabSize, options.batch) : options.batch;
  const products =
    options.variant === 'ours' && kernels
      ? await CbowProducts.create(kernels, options.vocabSize, options.dim, chunk, options.window, options.batch)
      : undefined;
  const runner = options.variant === 'ours' ? oursStep(options, chunk, products) : straightforwardStep(options);
  const batches = [0, 1].map((seed) => syntheticBatch(options.vocabSize, options.window, options.batch, seed));
  try {
    await runner.step(batches[0].contexts, batches[0].centres); // warm-up: shaders, allocations
    const start = performance.now();
    for (let i = 0; i < options.steps; i++) await runner.step(batches[i % 2].contexts, batches[i % 2].centres);
    const secondsPerStep = (performance.now() - start) / 1000 / options.steps;
    let kernels: CbowBenchResult['kernels'] = [];
    let profiledMs = 0;
    if (options.profile) {
      const started = performance.now();
      const info = await tf.profile(() => runner.step(batches[1].contexts, batches[1].centres) as unknown as tf.TensorContainer);
      profiledMs = performance.now() - started;
      kernels = byKernel(info.kernels as unknown as { name: string; kernelTimeMs: number; inputShapes: number[][] }[]);
    }
    return {
      wordsPerSecond: options.batch / secondsPerStep,
      secondsPerStep,
      chunk,
      kernels,
      profiledMs,
      lookup: 'lookup' in runner ? (runner.lookup as string) : undefined,
      products: 'products' in runner ? runner.products : undefined,
    };
  } finally {
    runner.dispose();
  }
}
