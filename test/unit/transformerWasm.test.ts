// The causal transformer on tfjs's WASM backend, where the lessons train without a GPU: tfjs's WASM Tile kernel
// aborts on a boolean mask (which killed the worker at 12 tokens), so the mask is an added bias.
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { randomBlock, traceBlock } from '../../src/lessons/transformer/trace';
import { causalBias, multiHeadAttention } from '../../src/models/attention';
import { onWasmBackend } from './wasmBackend';

onWasmBackend();

it('runs the causal block on WASM for 1 to 16 tokens, and agrees with the one-call block', () => {
  expect(tf.getBackend()).toBe('wasm');
  for (const T of [1, 2, 5, 12, 16]) {
    const trace = traceBlock(
      Array.from({ length: T }, (_, i) => `w${i % 5}`),
      { dim: 16, heads: 4, causal: true, seed: T },
    );
    expect(trace.checkDifference).toBeLessThan(1e-5);
    expect(trace.heads[3].weights.values[T - 1]).toBe(T === 1 ? 1 : 0); // the first token never sees the last
  }
});

it('masks a batch of sequences in every head: no weight on a later position', () => {
  const before = tf.memory().numTensors;
  const w = randomBlock(16, 3);
  const x = tf.randomNormal([3, 10, 16]);
  const { out, weights } = multiHeadAttention(x, w, { heads: 4, causal: true });
  expect(weights.shape).toEqual([3, 4, 10, 10]);
  const upper = tf.tidy(
    () =>
      weights
        .mul(
          tf.tensor2d(
            causalBias(10)
              .dataSync()
              .map((v) => (v === 0 ? 0 : 1)),
            [10, 10],
          ),
        )
        .sum()
        .dataSync()[0],
  );
  expect(upper).toBe(0);
  tf.dispose([x, out, weights, ...Object.values(w)]);
  expect(tf.memory().numTensors).toBe(before);
});
