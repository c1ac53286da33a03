// Lesson 2's full-softmax CBOW step with its products and softmax in the project's kernels (CbowProducts, on one
// thread and on two, by the products of n V D and by the V x V route) against the same step in tfjs ops: the batch's
// loss and both matrices after an Adam step.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CbowProducts } from '../../src/kernels/cbowProducts';
import type { Kernels } from '../../src/kernels/kernels';
import { cbowFullStep, createCbow, disposeCbow } from '../../src/lessons/word2vec/cbow';
import { Adam } from '../../src/lib/adam';
import { createRng } from '../../src/lib/rng';
import { kernelsOf } from './nodeHelper';
import { maxRelDiff } from './reference';

// Large enough that every product reads panels (V D = 160,000) and the chunks of 40 split over two threads.
const VOCAB = 2000;
const DIM = 80;
const W = 5; // a window whose mean is not a power-of-two division
const BATCH = 100;
const CHUNK_ROWS = 40;
/** A batch of 2.5 windows a word, chunks of 96: the V x V route, with a last chunk of 52 and D not a multiple of 8. */
const PAIRWISE = { V: 96, D: 36, B: 240, CHUNK: 94 };

async function step(products?: CbowProducts, { V, D, B, CHUNK } = { V: VOCAB, D: DIM, B: BATCH, CHUNK: CHUNK_ROWS }) {
  const weights = createCbow(V, D, createRng(5));
  const adam = new Adam([weights.context, weights.centre], { learningRate: 0.01 });
  const rng = createRng(9);
  const contexts = Int32Array.from({ length: B * W }, () => Math.floor(rng() * V));
  const centres = Int32Array.from({ length: B }, () => Math.floor(rng() * V));
  const losses: number[] = [];
  for (let s = 0; s < 2; s++)
    losses.push(await cbowFullStep(weights, contexts, centres, W, { batch: B, chunk: CHUNK, maxNorm: 1 }, (g) => adam.step(g), undefined, products));
  const out = { losses, context: weights.context.dataSync().slice(), centre: weights.centre.dataSync().slice() };
  disposeCbow(weights);
  adam.dispose();
  return out;
}

describe("Lesson 2's CBOW products in the kernels", () => {
  for (const variant of ['kernels-relaxed.wasm', 'kernels-threads.wasm']) {
    it(`give the tfjs step's losses and weights by the V x V route where a batch has twice as many windows as words (${variant})`, async () => {
      await tf.setBackend('cpu');
      const kernels: Kernels = await kernelsOf(variant);
      const products = await CbowProducts.create(kernels, PAIRWISE.V, PAIRWISE.D, PAIRWISE.CHUNK, W, PAIRWISE.B);
      const expected = await step(undefined, PAIRWISE);
      const mine = await step(products, PAIRWISE);
      expect(products.pairRoute).toBe(true);
      products.dispose();
      for (let s = 0; s < 2; s++) expect(Math.abs(mine.losses[s] - expected.losses[s])).toBeLessThan(1e-5 * expected.losses[s]);
      expect(maxRelDiff(mine.context, expected.context)).toBeLessThan(1e-4);
      expect(maxRelDiff(mine.centre, expected.centre)).toBeLessThan(1e-4);
    });

    it(`give the tfjs step's losses and weights after two Adam steps (${variant})`, async () => {
      await tf.setBackend('cpu');
      const kernels: Kernels = await kernelsOf(variant);
      const products = await CbowProducts.create(kernels, VOCAB, DIM, CHUNK_ROWS, W);
      expect(products.threads).toBe(variant === 'kernels-threads.wasm' ? 2 : 1);
      const expected = await step();
      const mine = await step(products);
      expect(products.pairRoute).toBe(false);
      products.dispose();
      for (let s = 0; s < 2; s++) expect(Math.abs(mine.losses[s] - expected.losses[s])).toBeLessThan(1e-5 * expected.losses[s]);
      expect(maxRelDiff(mine.context, expected.context)).toBeLessThan(1e-4);
      expect(maxRelDiff(mine.centre, expected.centre)).toBeLessThan(1e-4);
      expect(() => products.chunkGradients(new Int32Array(41 * W), new Int32Array(41), BATCH)).toThrow(/does not fit/);
    });
  }
});
