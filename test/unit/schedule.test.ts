import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Adam } from '../../src/lib/adam';
import { clipGradNorm, warmupCosine } from '../../src/lib/schedule';

describe("a GPT recipe's optimiser", () => {
  it('warms the learning rate up linearly, then lowers it on a cosine to its minimum', () => {
    const s = { maxLr: 1e-3, minLr: 1e-4, warmup: 100, decaySteps: 2000 };
    expect(warmupCosine(0, s)).toBeCloseTo(1e-5, 12);
    expect(warmupCosine(99, s)).toBeCloseTo(1e-3, 12);
    expect(warmupCosine(100, s)).toBeCloseTo(1e-3, 12);
    expect(warmupCosine(1050, s)).toBeCloseTo(5.5e-4, 12); // half-way down the cosine
    expect(warmupCosine(2000, s)).toBeCloseTo(1e-4, 12);
    expect(warmupCosine(5000, s)).toBe(1e-4);
  });

  it('clips the total norm of all gradients as torch.nn.utils.clip_grad_norm_ does', () => {
    const grads = [tf.tensor1d([3, 0]), tf.tensor1d([0, 4])]; // total norm 5
    const clipped = clipGradNorm(grads, 1);
    expect(clipped.norm).toBeCloseTo(5, 6);
    expect(Array.from(clipped.grads[0].dataSync())).toEqual([expect.closeTo(0.6, 5), 0]);
    expect(Array.from(clipped.grads[1].dataSync())).toEqual([0, expect.closeTo(0.8, 5)]);
    const kept = clipGradNorm(grads, 10);
    expect(kept.grads[0]).toBe(grads[0]);
    tf.dispose([...grads, ...clipped.grads]);
  });

  it("decays weights as torch.optim.AdamW: p (1 - lr wd), then Adam's step", () => {
    const p = tf.variable(tf.tensor1d([2, -1]));
    const b = tf.variable(tf.tensor1d([0.5]));
    const adam = new Adam([p, b], { learningRate: 0.1, weightDecay: 0.5, decays: (i) => i === 0 });
    const g = [tf.tensor1d([0.3, -0.2]), tf.tensor1d([1])];
    adam.step(g);
    // First step: m^ = g, v^ = g^2, so Adam moves each value by lr * g / (|g| + eps), about lr * sign(g).
    const expected = [2 * (1 - 0.05) - 0.1, -1 * (1 - 0.05) + 0.1];
    expect(Array.from(p.dataSync())).toEqual(expected.map((x) => expect.closeTo(x, 5)));
    expect(b.dataSync()[0]).toBeCloseTo(0.5 - 0.1, 5); // no decay for this one
    tf.dispose([p, b, ...g]);
    adam.dispose();
  });
});
