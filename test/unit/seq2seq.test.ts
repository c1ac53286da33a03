// Lesson 7's encoder-decoder on the reversal task: with attention it learns to reverse 16 numbers in a short
// seeded run, where the same model without attention, squeezing the input through one state, stays far below.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { reversalBatch, Seq2SeqTrainer, seq2seqForward } from '../../src/lessons/attention/seq2seq';
import { createRng } from '../../src/lib/rng';
import { onWasmBackend } from './wasmBackend';

onWasmBackend();

describe('the encoder-decoder, with and without attention', () => {
  it('makes reversal data: each target is its input read backwards', () => {
    const { inputs, targets } = reversalBatch(10, 5, 3, createRng(1));
    for (let b = 0; b < 3; b++) for (let t = 0; t < 5; t++) expect(targets[t * 3 + b]).toBe(inputs[(4 - t) * 3 + b]);
  });

  it('with attention reverses 16 numbers (>= 0.95 of them right, greedy), without it stays clearly below (< 0.85)', () => {
    const before = tf.memory().numTensors;
    const results: Record<string, number> = {};
    for (const attention of [true, false]) {
      const trainer = new Seq2SeqTrainer({ vocab: 10, embed: 16, hidden: 64, attention, seed: 3 });
      // 300 steps of 64 sequences: Adam at 0.01, then 0.002 for the last 60 to settle.
      for (let step = 0; step < 300; step++) {
        if (step === 240) trainer.learningRate = 0.002;
        trainer.step(16, 64);
      }
      results[attention ? 'with' : 'without'] = trainer.accuracy(16, 200);
      trainer.dispose();
    }
    expect(results.with).toBeGreaterThanOrEqual(0.95);
    expect(results.without).toBeLessThan(0.85);
    expect(tf.memory().numTensors).toBe(before);
  }, 300_000);

  it('gives attention weights [B, T_out, T_in] that sum to 1 over the input', () => {
    const trainer = new Seq2SeqTrainer({ vocab: 10, embed: 8, hidden: 16, attention: true, seed: 0 });
    const { attention } = tf.tidy(() => {
      const r = seq2seqForward(trainer.weights, tf.zeros([5, 2], 'int32') as tf.Tensor2D, tf.fill([4, 2], 10, 'int32') as tf.Tensor2D);
      return { attention: r.attention!.clone() };
    });
    expect(attention.shape).toEqual([2, 4, 5]);
    const sums = tf.tidy(() => attention.sum(-1).dataSync());
    for (const s of sums) expect(s).toBeCloseTo(1, 5);
    attention.dispose();
    trainer.dispose();
  });
});
