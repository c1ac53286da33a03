// The WebAssembly kernels against the tfjs reference: the products, the character model trained in its engine
// against the same model on tfjs ops (charEngine.test.ts checks the engine's gradients), Lesson 5's memory models.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kernels } from '../../src/kernels/kernels';
import { kernelsOnTwoThreads, sharedInstance } from '../../src/kernels/sharedInstance';
import { MemoryTrainer } from '../../src/lessons/lstm/memory';
import { MEMORY_RECIPE } from '../../src/lessons/lstm/meta';
import { createRng, uniformArray } from '../../src/lib/rng';
import { CharLm } from '../../src/models/charLstm';
import { kernelsOf, startNodeHelper, wasm } from './nodeHelper';
import { maxRelDiff } from './reference';

const VARIANTS = ['kernels.wasm', 'kernels-relaxed.wasm', 'kernels-threads.wasm'] as const;

/** Where a test may write its matrices: past everything the instance holds (on two threads, the helper's control block). */
const free = (kernels: Kernels) => Math.ceil(kernels.k.memory.buffer.byteLength / 65536) * 65536;

/**
 * Random A [m, k], B [k, n] (and B^T [n, k] at pbT), C [m, n], a bias [n] and a residual [m, n] written past the
 * instance's memory, with room for B's panels (pack) and for m sums.
 */
function place(kernels: Kernels, rng: () => number, m: number, k: number, n: number) {
  const [a, b, c0] = [uniformArray(rng, m * k, 1), uniformArray(rng, k * n, 1), uniformArray(rng, m * n, 1)];
  const mem = kernels.k.memory;
  const pa = free(kernels);
  const pb = pa + a.length * 4 + 64;
  const pbT = pb + b.length * 4 + 64;
  const pc = pbT + b.length * 4 + 64;
  const pack = pc + m * n * 4 + 64;
  const sums = pack + k * n * 4 + 64;
  const pbias = sums + m * 4 + 64;
  const pres = pbias + n * 4 + 64;
  const end = pres + m * n * 4 + 64;
  if (mem.buffer.byteLength < end) mem.grow(Math.ceil((end - mem.buffer.byteLength) / 65536));
  new Float32Array(mem.buffer, pa, a.length).set(a);
  new Float32Array(mem.buffer, pb, b.length).set(b);
  new Float32Array(mem.buffer, pbias, n).set(uniformArray(rng, n, 1));
  new Float32Array(mem.buffer, pres, m * n).set(uniformArray(rng, m * n, 1));
  const bT = new Float32Array(mem.buffer, pbT, b.length);
  for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bT[j * k + p] = b[p * n + j];
  return { mem, pa, pb, pbT, pc, pack, sums, pbias, pres, c0 };
}

/** `put` writes floats past the instance's memory (one after another, growing it), `read` reads them back. */
function arrays(kernels: Kernels) {
  const mem = kernels.k.memory;
  let top = free(kernels);
  const put = (values: Float32Array) => {
    const at = top;
    top += Math.ceil((values.length * 4) / 64) * 64 + 64;
    if (mem.buffer.byteLength < top) mem.grow(Math.ceil((top - mem.buffer.byteLength) / 65536));
    new Float32Array(mem.buffer, at, values.length).set(values);
    return at;
  };
  const read = (at: number, n: number) => Array.from(new Float32Array(mem.buffer, at, n));
  return { put, read };
}

/**
 * matmulShared on `control` (B from panels) gives matmul's C to the bit, added to C or not; so does matmulNTShared
 * from B^T (B's panels turned from its rows, the last columns read from them); and matmulNTBiasShared gives the
 * product followed by addRowsShared's bias, or addRowsResidualShared's residual and bias, on one thread.
 */
function sameProducts(kernels: Kernels, control: number, at: ReturnType<typeof place>, m: number, k: number, n: number) {
  const { mem, pa, pb, pbT, pc, pack, pbias, pres, c0 } = at;
  for (const residual of [0, pres]) {
    kernels.k.matmul(pa, pb, pc, m, k, n, false);
    if (residual) kernels.k.addRowsResidualShared(0, pc, residual, pbias, m, n);
    else kernels.k.addRowsShared(0, pc, pbias, m, n);
    const expected = Array.from(new Float32Array(mem.buffer, pc, m * n));
    new Float32Array(mem.buffer, pc, c0.length).set(c0);
    kernels.k.matmulNTBiasShared(control, pa, pbT, pc, m, k, n, pack, pbias, residual);
    expect(Array.from(new Float32Array(mem.buffer, pc, m * n)), residual ? 'with a residual' : 'with a bias').toEqual(expected);
  }
  for (const accumulate of [false, true]) {
    new Float32Array(mem.buffer, pc, c0.length).set(c0);
    kernels.k.matmul(pa, pb, pc, m, k, n, accumulate);
    const expected = Array.from(new Float32Array(mem.buffer, pc, m * n));
    new Float32Array(mem.buffer, pc, c0.length).set(c0);
    kernels.k.matmulShared(control, pa, pb, pc, m, k, n, accumulate, pack);
    expect(Array.from(new Float32Array(mem.buffer, pc, m * n))).toEqual(expected);
    new Float32Array(mem.buffer, pc, c0.length).set(c0);
    kernels.k.matmulNTShared(control, pa, pbT, pc, m, k, n, accumulate, pack);
    expect(Array.from(new Float32Array(mem.buffer, pc, m * n))).toEqual(expected);
  }
}
const NAMES = {
  'kernels.wasm': 'SIMD kernels',
  'kernels-relaxed.wasm': 'relaxed-SIMD kernels (fused multiply-add)',
  'kernels-threads.wasm': 'kernels on two threads',
};

for (const variant of VARIANTS) {
  describe(NAMES[variant], () => {
    let kernels: Kernels;
    beforeAll(async () => {
      if (variant !== 'kernels-threads.wasm') {
        kernels = await kernelsOf(variant);
        return;
      }
      // Lesson 5's passes: the bump allocator on shared memory, a helper thread sharing the head's products and taking half of its softmax.
      kernels = await kernelsOnTwoThreads(await kernelsOf(variant));
      expect(kernels.control).not.toBe(0);
    });

    describe('the WebAssembly kernels', () => {
      it('multiply like tf.matMul, with odd sizes and accumulation', () => {
        const rng = createRng(1);
        for (const [m, k, n] of [
          [1, 1, 1],
          [5, 7, 13],
          [32, 128, 512],
          [9, 3, 8],
          [13, 2100, 19], // sums longer than a packed block (1,024 terms), carried in C between blocks
          [77, 9, 21], // a second block of rows (72 a block) ending in a strip padded from five rows to six
          [20, 4, 16], // strips of six, six, four and four: no padding
        ]) {
          const a = uniformArray(rng, m * k, 1);
          const b = uniformArray(rng, k * n, 1);
          const expected = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])).dataSync());
          const mem = kernels.k.memory;
          const pa = free(kernels);
          const pb = pa + a.length * 4 + 64;
          const pc = pb + b.length * 4 + 64;
          if (mem.buffer.byteLength < pc + m * n * 8) mem.grow(Math.ceil((pc + m * n * 8 - mem.buffer.byteLength) / 65536));
          new Float32Array(mem.buffer, pa, a.length).set(a);
          new Float32Array(mem.buffer, pb, b.length).set(b);
          kernels.k.matmul(pa, pb, pc, m, k, n, false);
          expect(maxRelDiff(new Float32Array(mem.buffer, pc, m * n), expected)).toBeLessThan(1e-5);
          kernels.k.matmul(pa, pb, pc, m, k, n, true);
          expect(
            maxRelDiff(
              new Float32Array(mem.buffer, pc, m * n),
              expected.map((x) => 2 * x),
            ),
          ).toBeLessThan(1e-5);
          // A^T B with A stored [k, m]: the same product from A's transpose.
          new Float32Array(mem.buffer, pa, a.length).set(tf.tidy(() => tf.tensor2d(a, [m, k]).transpose().dataSync()));
          kernels.k.matmulTN(pa, pb, pc, m, k, n);
          expect(maxRelDiff(new Float32Array(mem.buffer, pc, m * n), expected)).toBeLessThan(1e-5);
        }
      });

      it('multiply from panels of B (matmulShared, matmulNTShared from B^T, matmulTNShared with a pack, on one thread) to the bit as matmul and matmulTN, at odd sizes, with accumulation', () => {
        const rng = createRng(2);
        for (const [m, k, n] of [
          [16, 5, 8],
          [70, 33, 27],
          [131, 64, 200],
          [19, 7, 3],
          [1030, 9, 150],
          [36, 1500, 24],
        ]) {
          const placed = place(kernels, rng, m, k, n);
          sameProducts(kernels, 0, placed, m, k, n);
          const { mem } = placed;
          // A^T B (a weight's gradient): A stored [K, m], B [K, n], summed over K = 1,300 rows in packed blocks of 1,024.
          const K = 1300;
          const at = uniformArray(rng, K * m, 1);
          const bt = uniformArray(rng, K * n, 1);
          const qa = free(kernels);
          const qb = qa + at.length * 4 + 64;
          const qc = qb + bt.length * 4 + 64;
          const qPack = qc + m * n * 4 + 64;
          const qEnd = qPack + K * n * 4 + 64;
          if (mem.buffer.byteLength < qEnd) mem.grow(Math.ceil((qEnd - mem.buffer.byteLength) / 65536));
          new Float32Array(mem.buffer, qa, at.length).set(at);
          new Float32Array(mem.buffer, qb, bt.length).set(bt);
          kernels.k.matmulTN(qa, qb, qc, m, K, n);
          const expectedTN = new Float32Array(mem.buffer, qc, m * n).slice();
          new Float32Array(mem.buffer, qc, m * n).fill(7);
          kernels.k.matmulTNShared(0, qa, qb, qc, m, K, n, qPack, false, 0);
          expect(Array.from(new Float32Array(mem.buffer, qc, m * n))).toEqual(Array.from(expectedTN));
          // Added to C: twice the product.
          kernels.k.matmulTNShared(0, qa, qb, qc, m, K, n, qPack, true, 0);
          expect(
            maxRelDiff(
              new Float32Array(mem.buffer, qc, m * n),
              expectedTN.map((x) => 2 * x),
            ),
          ).toBeLessThan(1e-5);
        }
      });

      it('split products and weight gradients between the threads, by columns (few rows) or by rows, to the bit as on one, the bias sums too', () => {
        const rng = createRng(4);
        for (const [m, k, n] of [
          [20, 300, 1000],
          [40, 64, 517],
          [10, 2000, 100],
          [64, 500, 64],
          [300, 64, 100],
          [301, 40, 24],
        ]) {
          const placed = place(kernels, rng, m, k, n);
          sameProducts(kernels, kernels.control, placed, m, k, n);
          const { mem, pa, pb, pc, pack, sums, c0 } = placed;
          // A^T B with A read as [k, m]: a weight's gradient, split the same ways.
          kernels.k.matmulTN(pa, pb, pc, m, k, n);
          const expectedTN = new Float32Array(mem.buffer, pc, m * n).slice();
          new Float32Array(mem.buffer, pc, c0.length).set(c0);
          // With A's column sums (a bias's gradient) added on the way: sumRows' sums to the bit, added to what was there.
          const start = uniformArray(rng, m, 1);
          new Float32Array(mem.buffer, sums, m).set(start);
          kernels.k.sumRows(pa, sums, k, m);
          const expectedSums = new Float32Array(mem.buffer, sums, m).slice();
          new Float32Array(mem.buffer, sums, m).set(start);
          kernels.k.matmulTNShared(kernels.control, pa, pb, pc, m, k, n, pack, false, sums);
          expect(Array.from(new Float32Array(mem.buffer, pc, m * n))).toEqual(Array.from(expectedTN));
          expect(Array.from(new Float32Array(mem.buffer, sums, m))).toEqual(Array.from(expectedSums));
        }
      });

      it('share GELU, its gradient and causal attention between the threads a chunk at a time, to the bit as on one', () => {
        const rng = createRng(5);
        const { k } = kernels;
        const mem = k.memory;
        const { put, read } = arrays(kernels);
        // GELU over more floats than a chunk (16,384), the last not a multiple of four.
        const n = 50_003;
        const [x, out, cdf, dOut, dx] = [uniformArray(rng, n, 4), new Float32Array(n), new Float32Array(n), uniformArray(rng, n, 1), new Float32Array(n)].map(
          put,
        );
        k.gelu(x, out, cdf, n);
        const [out1, cdf1] = [read(out, n), read(cdf, n)];
        // GELU against the exact x Phi(x), erf by its series in doubles (|z| < 2.9 here: 1e-12 or better).
        const erf = (z: number) => {
          let [term, sum] = [z, z];
          for (let i = 1; i < 80; i++) {
            term *= (-z * z) / i;
            sum += term / (2 * i + 1);
          }
          return (2 / Math.sqrt(Math.PI)) * sum;
        };
        const xs0 = read(x, n);
        const exact = xs0.map((v) => 0.5 * (1 + erf(v / Math.SQRT2)));
        const worst = (got: number[], want: (i: number) => number) => got.reduce((w, g, i) => Math.max(w, Math.abs(g - want(i))), 0);
        expect(worst(cdf1, (i) => exact[i])).toBeLessThan(1e-6);
        expect(worst(out1, (i) => xs0[i] * exact[i])).toBeLessThan(2e-6);
        k.geluBackward(x, cdf, dOut, dx, n);
        const dx1 = read(dx, n);
        // GELU's gradient against its formula (two vectors a pass, then one, then the last floats one at a time).
        const [xs, cdfs, dOuts] = [read(x, n), read(cdf, n), read(dOut, n)];
        const formula = xs.map((v, i) => dOuts[i] * (cdfs[i] + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI)));
        expect(maxRelDiff(new Float32Array(dx1), new Float32Array(formula))).toBeLessThan(1e-5);
        expect(dx1.slice(-7).every((v, i) => Math.abs(v - formula[n - 7 + i]) <= 1e-5 * Math.max(1, Math.abs(formula[n - 7 + i])))).toBe(true);
        new Float32Array(mem.buffer, out, n).fill(0);
        new Float32Array(mem.buffer, cdf, n).fill(0);
        k.geluShared(kernels.control, x, out, cdf, n);
        expect(read(out, n)).toEqual(out1);
        expect(read(cdf, n)).toEqual(cdf1);
        new Float32Array(mem.buffer, dx, n).fill(0);
        k.geluBackwardShared(kernels.control, x, cdf, dOut, dx, n);
        expect(read(dx, n)).toEqual(dx1);
        // Causal attention of 5 sequences (an odd number) of 16 positions, width 32, 4 heads, forward and back.
        const [B, T, D, H] = [5, 16, 32, 4];
        const scratchFloats = k.attentionScratch(T, D, H);
        const qkv = put(uniformArray(rng, B * T * 3 * D, 1));
        const dAtt = put(uniformArray(rng, B * T * D, 1));
        const [attOut, att, dQkv, scratch, helperScratch] = [B * T * D, B * H * T * T, B * T * 3 * D, scratchFloats, scratchFloats].map((f) =>
          put(new Float32Array(f)),
        );
        k.attentionForward(qkv, attOut, att, scratch, B, T, D, H);
        const [attOut1, att1] = [read(attOut, B * T * D), read(att, B * H * T * T)];
        k.attentionBackward(dAtt, qkv, att, dQkv, scratch, B, T, D, H);
        const dQkv1 = read(dQkv, B * T * 3 * D);
        new Float32Array(mem.buffer, attOut, B * T * D).fill(0);
        new Float32Array(mem.buffer, att, B * H * T * T).fill(0);
        k.attentionForwardShared(kernels.control, helperScratch, qkv, attOut, att, scratch, B, T, D, H);
        expect(read(attOut, B * T * D)).toEqual(attOut1);
        expect(read(att, B * H * T * T)).toEqual(att1);
        new Float32Array(mem.buffer, dQkv, B * T * 3 * D).fill(0);
        k.attentionBackwardShared(kernels.control, helperScratch, dAtt, qkv, att, dQkv, scratch, B, T, D, H);
        expect(read(dQkv, B * T * 3 * D)).toEqual(dQkv1);
      });

      it('share the row-wise and element-wise kernels between the threads a chunk at a time, to the bit as on one', () => {
        const rng = createRng(6);
        const { k } = kernels;
        const mem = k.memory;
        const { put, read } = arrays(kernels);
        /** Runs `one` and `shared` on the same inputs (`reset` puts the outputs back between) and compares `outputs`. */
        const same = (outputs: [number, number][], reset: () => void, one: () => void, shared: () => void) => {
          reset();
          one();
          const expected = outputs.map(([at, n]) => read(at, n));
          reset();
          shared();
          outputs.forEach(([at, n], i) => {
            expect(read(at, n)).toEqual(expected[i]);
          });
        };
        // Past the size from which they are shared (131,072 floats), odd in both dimensions.
        const [rows, cols] = [531, 389];
        const n = rows * cols;
        const x = put(uniformArray(rng, n, 2));
        const y = put(uniformArray(rng, n, 1));
        const bias = put(uniformArray(rng, cols, 1));
        const gain = put(uniformArray(rng, cols, 1));
        const out = put(new Float32Array(n));
        const [mean, rstd] = [put(new Float32Array(rows)), put(new Float32Array(rows))];
        const x0 = read(x, n);
        const restoreX = () => new Float32Array(mem.buffer, x, n).set(x0);
        const clearOut = () => new Float32Array(mem.buffer, out, n).fill(0);
        same(
          [[x, n]],
          restoreX,
          () => k.addRows(x, bias, rows, cols),
          () => k.addRowsShared(kernels.control, x, bias, rows, cols),
        );
        // A sub-layer's output into the residual stream: x += y + bias, row by row, as y then bias added in two passes.
        same(
          [[x, n]],
          restoreX,
          () => {
            k.add(x, y, x, n);
            k.addRows(x, bias, rows, cols);
          },
          () => k.addRowsResidualShared(kernels.control, x, y, bias, rows, cols),
        );
        same(
          [
            [out, n],
            [mean, rows],
            [rstd, rows],
          ],
          clearOut,
          () => k.layerNorm(x, gain, bias, out, mean, rstd, rows, cols, 1e-5),
          () => k.layerNormShared(kernels.control, x, gain, bias, out, mean, rstd, rows, cols, 1e-5),
        );
        // LayerNorm's gradient, 14 chunks of 40 rows: each chunk's gain and bias sums in `partials`, added in the
        // chunks' order, so the same bits on one thread or two, and within 1e-5 of the one-pass kernel.
        const [dGain, dBias] = [put(new Float32Array(cols)), put(new Float32Array(cols))];
        const partials = put(new Float32Array(k.layerNormPartials(rows, cols)));
        const grads: [number, number][] = [
          [out, n],
          [dGain, cols],
          [dBias, cols],
        ];
        const resetGrads = () => {
          new Float32Array(mem.buffer, out, n).fill(0.25);
          new Float32Array(mem.buffer, dGain, cols).fill(0.5);
          new Float32Array(mem.buffer, dBias, cols).fill(-0.5);
        };
        const lnBackward = (control: number) => () => k.layerNormBackwardShared(control, y, x, mean, rstd, gain, out, dGain, dBias, rows, cols, partials);
        same(grads, resetGrads, lnBackward(0), lnBackward(kernels.control));
        const chunked = grads.map(([at, len]) => new Float32Array(read(at, len)));
        resetGrads();
        k.layerNormBackward(y, x, mean, rstd, gain, out, dGain, dBias, rows, cols);
        grads.forEach(([at, len], i) => {
          expect(maxRelDiff(new Float32Array(read(at, len)), chunked[i])).toBeLessThan(1e-5);
        });
        same(
          [[out, n]],
          clearOut,
          () => k.relu(x, out, n),
          () => k.reluShared(kernels.control, x, out, n),
        );
        same(
          [[out, n]],
          clearOut,
          () => k.reluBackward(x, y, out, n),
          () => k.reluBackwardShared(kernels.control, x, y, out, n),
        );
        same(
          [[out, n]],
          clearOut,
          () => k.add(x, y, out, n),
          () => k.addShared(kernels.control, x, y, out, n),
        );
        // And the last op did something: out is x + y.
        expect(read(out, 1)[0]).toBe(Math.fround(read(x, 1)[0] + read(y, 1)[0]));
      });

      it('sum the squares of a gradient (its norm) as doubles do, within 1e-6, over whole runs and a tail', () => {
        const rng = createRng(6);
        const { put } = arrays(kernels);
        for (const n of [0, 3, 16, 4096, 10_003, 820_000]) {
          const x = uniformArray(rng, n, 2);
          const exact = x.reduce((sum, v) => sum + v * v, 0);
          const got = kernels.k.sumSquares(put(x), n);
          expect(Math.abs(got - exact)).toBeLessThanOrEqual(1e-6 * exact);
        }
      });

      it('transpose, in four-by-four blocks and at the odd edges', () => {
        const rng = createRng(3);
        for (const [m, n] of [
          [1, 1],
          [4, 4],
          [5, 7],
          [12, 8],
          [65, 128],
          [13, 6],
        ]) {
          const a = uniformArray(rng, m * n, 1);
          kernels.beginPass();
          const pa = kernels.put(a);
          const pb = kernels.transposed(pa, m, n);
          const expected = tf.tidy(() => tf.tensor2d(a, [m, n]).transpose().dataSync());
          expect(Array.from(kernels.take(pb, m * n))).toEqual(Array.from(expected));
        }
      });
    });

    describe('the character model in the WebAssembly engine', () => {
      it('trains a seeded run to the same first 20 losses as on tfjs ops alone (within 1e-3), then writes and saves as they do', async () => {
        const before = tf.memory().numTensors;
        const config = { vocab: 30, embed: 8, hidden: 16, layers: 2, window: 12, batch: 4, learningRate: 0.01, seed: 3 };
        const reference = new CharLm(config);
        const fused = new CharLm(config);
        await fused.useKernels(kernels);
        expect(fused.engine).toEqual({ kernels: true, threads: variant === 'kernels-threads.wasm' ? 2 : 1 });
        const rng = createRng(11);
        for (let step = 0; step < 20; step++) {
          const inputs = Int32Array.from({ length: config.window * config.batch }, () => Math.floor(rng() * config.vocab));
          const targets = Int32Array.from(inputs, (id) => (id + 1) % config.vocab);
          expect(Math.abs(fused.trainStep(inputs, targets) - reference.trainStep(inputs, targets))).toBeLessThan(1e-3);
        }
        const held = [{ inputs: Int32Array.from({ length: 48 }, (_, i) => i % 30), targets: Int32Array.from({ length: 48 }, (_, i) => (i * 7) % 30) }];
        expect(Math.abs(fused.loss(held) - reference.loss(held))).toBeLessThan(1e-3);
        // The tfjs variables catch up before the model writes or is saved, and when it goes back to tfjs ops.
        const greedy = { mode: 'greedy', temperature: 1, k: 1, p: 1 } as const;
        const prompt = Int32Array.from([1, 2, 3]);
        expect(await fused.generate(prompt, 8, greedy, createRng(1))).toEqual(await reference.generate(prompt, 8, greedy, createRng(1)));
        const [saved, expected] = [await fused.exportState(), await reference.exportState()];
        expect([saved.step, saved.adam.t]).toEqual([20, 20]);
        for (const i of [0, 1, 9]) expect(maxRelDiff(saved.weights[i], expected.weights[i])).toBeLessThan(1e-3);
        await fused.useKernels(undefined);
        expect(fused.engine.kernels).toBe(false);
        expect(Math.abs(fused.trainStep(held[0].inputs, held[0].targets) - reference.trainStep(held[0].inputs, held[0].targets))).toBeLessThan(1e-3);
        reference.dispose();
        fused.dispose();
        expect(tf.memory().numTensors).toBe(before);
      });
    });

    describe("Lesson 5's memory models on the kernels", () => {
      for (const cell of ['rnn', 'lstm'] as const) {
        for (const [vocab, length, hidden] of [
          [40, 7, 6],
          [64, 10, 32],
        ]) {
          it(`${cell.toUpperCase()} (V ${vocab}, L ${length}, H ${hidden}): the loss and gradients of tfjs's autodiff, then the same first 20 losses and accuracy`, () => {
            const before = tf.memory().numTensors;
            // At the recipe's lr 0.1 Adam amplifies float32 rounding into diverging runs within 20 epochs (either path
            // against itself on another backend would too); at 0.01 the runs must agree.
            const config = { ...MEMORY_RECIPE, cell, vocab, length, hidden, learningRate: 0.01, seed: 5 };
            const reference = new MemoryTrainer(config);
            const fused = new MemoryTrainer(config, kernels);
            const want = reference.lossAndGrads();
            const got = fused.lossAndGrads();
            expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-4);
            for (const [i, g] of got.grads.entries()) expect(maxRelDiff(g.dataSync(), want.grads[i].dataSync())).toBeLessThan(1e-4);
            tf.dispose([...want.grads, ...got.grads]);
            for (let epoch = 0; epoch < 20; epoch++) expect(Math.abs(fused.trainEpoch() - reference.trainEpoch())).toBeLessThan(1e-3);
            expect(Math.abs(fused.accuracy() - reference.accuracy())).toBeLessThanOrEqual(2 / reference.items);
            reference.dispose();
            fused.dispose();
            expect(tf.memory().numTensors).toBe(before);
          });
        }
      }
    });
  });
}

// The products pack rows of A into a scratch region per thread above the module's static data; the engines lay their
// buffers out from the end of the memory an instance starts with, so that memory must hold both regions.
describe('the scratch regions of the products', () => {
  it('lie inside the memory every build starts with', async () => {
    for (const variant of ['kernels.wasm', 'kernels-relaxed.wasm']) {
      const { instance } = await WebAssembly.instantiate(wasm(variant), { env: { abort: () => {} } });
      const k = instance.exports as unknown as { memory: WebAssembly.Memory; scratchEnd(): number };
      expect(k.scratchEnd()).toBeGreaterThan(2 * 64 * 1024 * 4);
      expect(k.scratchEnd()).toBeLessThanOrEqual(k.memory.buffer.byteLength);
    }
    const { k, memory } = await sharedInstance({ module: await WebAssembly.compile(wasm('kernels-threads.wasm')), startHelper: startNodeHelper });
    expect(k.scratchEnd()).toBeGreaterThan(2 * 64 * 1024 * 4);
    expect(k.scratchEnd()).toBeLessThanOrEqual(memory.buffer.byteLength);
  });
});
