// How long one training example of a configuration takes on this machine, timed on a batch of synthetic ids
// (one full-softmax chunk, or a fast-mode batch), so that the plan's time is measured rather than guessed.

import { CbowProducts, pairsPay } from '../../kernels/cbowProducts';
import type { Kernels } from '../../kernels/kernels';
import { createRng } from '../../lib/rng';
import type { Word2vecConfig } from './api';
import { cbowFullStep, createCbow, disposeCbow } from './cbow';
import { trainNegativeSampling } from './negativeSampling';
import { chunkSize } from './plan';

/** Seconds an example of `config` takes at vocabulary size `vocabSize`: a warm-up batch, then a timed one. */
export async function timeExample(config: Word2vecConfig, vocabSize: number, kernels?: Kernels): Promise<number> {
  const rng = createRng(1);
  const { dim, window } = config;
  const ids = (n: number) => Int32Array.from({ length: n }, () => Math.floor(rng() * vocabSize));
  if (config.mode === 'full') {
    // One chunk as the run would push it (at most 512 rows, so that timing stays short), without Adam's step,
    // which a batch of thousands shares. Where the batch takes the V x V route (pairsPay), most of its cost is the
    // batch's three V x V products: one whole batch is timed, after a warm-up of the smallest batch that route takes.
    const pairs = kernels !== undefined && pairsPay(vocabSize, config.batch);
    const chunk = pairs ? chunkSize(vocabSize, config.batch) : Math.min(512, chunkSize(vocabSize, config.batch));
    const n = pairs ? config.batch : chunk;
    const weights = createCbow(vocabSize, dim, rng);
    const products = kernels && (await CbowProducts.create(kernels, vocabSize, dim, chunk, window, n));
    try {
      const step = (size: number) =>
        cbowFullStep(weights, ids(size * window), ids(size), window, { batch: size, chunk, maxNorm: 1 }, () => {}, undefined, products);
      await step(pairs ? 2 * vocabSize : n);
      // The median of three timed chunks: one chunk on a busy machine can take twice as long as the next.
      const times: number[] = [];
      for (let i = 0; i < (pairs ? 1 : 3); i++) {
        const start = performance.now();
        await step(n);
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b)[times.length >> 1] / 1000 / n;
    } finally {
      disposeCbow(weights);
      products?.dispose();
    }
  }
  const n = 4096;
  const model = { dim, context: Float32Array.from({ length: vocabSize * dim }, () => (rng() - 0.5) / dim), centre: new Float32Array(vocabSize * dim) };
  const step = () => trainNegativeSampling(model, ids(n * window), ids(n), ids(n * config.negatives), window, config.learningRate);
  step();
  const start = performance.now();
  step();
  return (performance.now() - start) / 1000 / n;
}
