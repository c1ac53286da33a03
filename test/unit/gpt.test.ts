// Lesson 9's tiny GPT: shapes, the causal property, the loss of a model that knows nothing, and learning.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/rng';
import { createGpt, disposeGpt, gptLogits, gptLoss, gptVariables } from '../../src/models/gpt';

const config = { vocab: 11, context: 8, width: 16, heads: 4, layers: 2 };

describe('the tiny GPT', () => {
  it('gives logits [B, T, V], and no position sees a later one', () => {
    const before = tf.memory().numTensors;
    const w = createGpt(config, createRng(1));
    const a = tf.tensor2d([[1, 2, 3, 4, 5, 6]], [1, 6], 'int32');
    const b = tf.tensor2d([[1, 2, 3, 9, 9, 9]], [1, 6], 'int32');
    const [la, lb] = [gptLogits(w, a, config.heads), gptLogits(w, b, config.heads)];
    expect(la.shape).toEqual([1, 6, 11]);
    // The first three positions read the same characters: their logits agree; the fourth differs.
    const diff = tf.tidy(() => la.sub(lb).abs().max(-1).dataSync());
    for (let t = 0; t < 3; t++) expect(diff[t]).toBeLessThan(1e-6);
    expect(diff[3]).toBeGreaterThan(1e-4);
    expect(() => tf.tidy(() => gptLogits(w, tf.zeros([1, 9], 'int32') as tf.Tensor2D, config.heads))).toThrow('9 positions are more than the model');
    tf.dispose([a, b, la, lb]);
    disposeGpt(w);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('starts near ln V, and Adam brings the loss of a repeating text well below it', () => {
    const before = tf.memory().numTensors;
    const w = createGpt(config, createRng(2));
    // "0 1 2 ... 10 0 1 ..." : each character determines the next.
    const seq = (start: number) => Array.from({ length: 8 }, (_, t) => (start + t) % 11);
    const ids = tf.tensor2d([seq(0), seq(3), seq(6), seq(9)], [4, 8], 'int32');
    const targets = tf.tensor2d([seq(1), seq(4), seq(7), seq(10)], [4, 8], 'int32');
    const first = tf.tidy(() => gptLoss(w, ids, targets, config.heads).dataSync()[0]);
    expect(Math.abs(first - Math.log(11))).toBeLessThan(0.1);
    const optimizer = tf.train.adam(1e-2);
    let last = first;
    for (let step = 0; step < 60; step++) {
      last = tf.tidy(() => (optimizer.minimize(() => gptLoss(w, ids, targets, config.heads), true, gptVariables(w)) as tf.Scalar).dataSync()[0]);
    }
    expect(last).toBeLessThan(0.5);
    optimizer.dispose();
    tf.dispose([ids, targets]);
    disposeGpt(w);
    expect(tf.memory().numTensors).toBe(before);
  });
});
