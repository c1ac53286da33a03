import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { bigramEntropies, bigramLogits, bigramPairs, createBigram, createBigramTrainer, disposeBigram } from '../../src/lessons/tokens/bigram';
import { createRng } from '../../src/lib/rng';

describe('the bigram model', () => {
  it('computes logits as the looked-up embedding row times the output matrix', () => {
    const before = tf.memory().numTensors;
    const weights = createBigram(5, 3, createRng(7));
    const E = weights.embedding.arraySync();
    const W = weights.output.arraySync();
    const ids = [4, 0, 2];
    const logits = tf.tidy(() => bigramLogits(weights, tf.tensor1d(ids, 'int32')).arraySync());
    for (let b = 0; b < ids.length; b++) {
      for (let v = 0; v < 5; v++) {
        let expected = 0;
        for (let d = 0; d < 3; d++) expected += E[ids[b]][d] * W[d][v];
        expect(logits[b][v]).toBeCloseTo(expected, 5);
      }
    }
    disposeBigram(weights);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('makes pairs inside documents only', () => {
    const { current, next } = bigramPairs([Int32Array.from([1, 2, 3]), Int32Array.from([4]), Int32Array.from([5, 6])]);
    expect([...current]).toEqual([1, 2, 5]);
    expect([...next]).toEqual([2, 3, 6]);
  });

  it('computes the two entropies by hand for a small case', () => {
    // Pairs: 0->1, 0->1, 0->2, 1->0. Next tokens: 1,1,2,0.
    const { unigram, conditional } = bigramEntropies(Int32Array.from([0, 0, 0, 1]), Int32Array.from([1, 1, 2, 0]), 3);
    const h = (ps: number[]) => -ps.reduce((s, p) => s + p * Math.log(p), 0);
    expect(unigram).toBeCloseTo(h([0.5, 0.25, 0.25]), 10);
    // Given 0 (3/4 of pairs): next is 1 w.p. 2/3, 2 w.p. 1/3; given 1: always 0.
    expect(conditional).toBeCloseTo(0.75 * h([2 / 3, 1 / 3]), 10);
  });

  it('trains from ln V down to near the conditional entropy without leaking tensors', () => {
    const before = tf.memory().numTensors;
    // A repeating text: after each token the next is nearly determined.
    const doc = Int32Array.from({ length: 400 }, (_, i) => (i % 7 === 3 && i % 2 === 0 ? 6 : i % 6));
    const pairs = bigramPairs([doc]);
    const V = 7;
    const { conditional } = bigramEntropies(pairs.current, pairs.next, V);
    const trainer = createBigramTrainer(V, { dim: 8, batch: 64, learningRate: 0.05, seed: 3 }, createRng(3));
    trainer.usePairs(pairs);
    const first = trainer.step();
    expect(first).toBeGreaterThan(Math.log(V) - 0.6);
    let last = first;
    for (let i = 0; i < 300; i++) last = trainer.step();
    expect(last).toBeLessThan(conditional + 0.15);
    const p = trainer.nextDistribution(0);
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('repeats a run exactly with the same seed', () => {
    const pairs = bigramPairs([Int32Array.from({ length: 100 }, (_, i) => (i * 3) % 5)]);
    const run = () => {
      const trainer = createBigramTrainer(5, { dim: 4, batch: 16, learningRate: 0.01, seed: 9 }, createRng(9));
      trainer.usePairs(pairs);
      const losses = Array.from({ length: 5 }, () => trainer.step());
      trainer.dispose();
      return losses;
    };
    expect(run()).toEqual(run());
  });

  it('refuses to train on a corpus without pairs', () => {
    const trainer = createBigramTrainer(2, { dim: 2, batch: 4, learningRate: 0.1, seed: 1 }, createRng(1));
    expect(() => trainer.step()).toThrow(/no corpus/);
    expect(() => trainer.usePairs(bigramPairs([Int32Array.from([1])]))).toThrow(/no pairs/);
    trainer.dispose();
  });

  it('carries weights and Adam state over an export and restore: the next steps are the same', async () => {
    const before = tf.memory().numTensors;
    const pairs = bigramPairs([Int32Array.from({ length: 200 }, (_, i) => (i * 7) % 6)]);
    const config = { dim: 4, batch: 200, learningRate: 0.05, seed: 2 };
    // Full batches in a fixed order (batch = all pairs), so both runs see the same data.
    const original = createBigramTrainer(6, config, createRng(2));
    original.usePairs(pairs);
    for (let i = 0; i < 5; i++) original.step();
    const state = await original.exportState();
    expect(state.adamIterations).toBe(5);
    expect(state.adamMoments).toHaveLength(4);
    const restored = createBigramTrainer(6, config, createRng(99), state);
    await restored.ready;
    restored.usePairs(pairs);
    const a = [original.step(), original.step()];
    const b = [restored.step(), restored.step()];
    expect(b[0]).toBeCloseTo(a[0], 5);
    expect(b[1]).toBeCloseTo(a[1], 5);
    original.dispose();
    restored.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
