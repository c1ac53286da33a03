import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { layersLstmForward, lstmNotebookCheck } from '../../src/lessons/lstm/compare';
import { matMul2d } from '../../src/lib/matmul';
import { type LstmWeights, lstmForward } from '../../src/models/lstm';
import { flat, maxAbsDiff, type Nested } from './reference';

interface LstmCase {
  name: string;
  d_in: number;
  d_hidden: number;
  L: number;
  B: number | null;
  input_shape: number[];
  state_shape: number[] | null;
  weight_ih_l0: Nested;
  weight_hh_l0: Nested;
  bias_ih_l0: Nested;
  bias_hh_l0: Nested;
  input: Nested;
  h0: Nested | null;
  c0: Nested | null;
  output: Nested;
  h_n: Nested;
  c_n: Nested;
}
/** Made by test/fixtures/make_lstm_reference.py with PyTorch (committed; CI does not run the script). */
const reference = JSON.parse(readFileSync(new URL('../fixtures/lstm.json', import.meta.url), 'utf8')) as { torch_version: string; cases: LstmCase[] };

const weightsOf = (c: LstmCase): LstmWeights => ({
  wIh: tf.tensor2d(flat(c.weight_ih_l0), [4 * c.d_hidden, c.d_in]),
  wHh: tf.tensor2d(flat(c.weight_hh_l0), [4 * c.d_hidden, c.d_hidden]),
  bIh: tf.tensor1d(flat(c.bias_ih_l0)),
  bHh: tf.tensor1d(flat(c.bias_hh_l0)),
});

describe('lstmForward against PyTorch (test/fixtures/lstm.json)', () => {
  it('has cases made by PyTorch: unbatched and batched, with and without a state', () => {
    expect(reference.torch_version).toMatch(/^1\./);
    expect(reference.cases.length).toBeGreaterThanOrEqual(5);
    expect(reference.cases.some((c) => c.B !== null && c.state_shape)).toBe(true);
    expect(reference.cases.some((c) => c.B === null && !c.state_shape)).toBe(true);
  });

  for (const c of reference.cases) {
    it(`${c.name}: all hidden states, h_n and c_n within 1e-5`, () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const w = weightsOf(c);
        const x = tf.tensor(flat(c.input), c.input_shape);
        const state = c.state_shape ? { h: tf.tensor(flat(c.h0!), c.state_shape.slice(1)), c: tf.tensor(flat(c.c0!), c.state_shape.slice(1)) } : undefined;
        const { out, h, c: cell } = lstmForward(x, w, state);
        expect(out.shape).toEqual([...c.input_shape.slice(0, -1), c.d_hidden]);
        expect(maxAbsDiff(out.dataSync(), flat(c.output))).toBeLessThan(1e-5);
        expect(maxAbsDiff(h.dataSync(), flat(c.h_n))).toBeLessThan(1e-5);
        expect(maxAbsDiff(cell.dataSync(), flat(c.c_n))).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('keeps the gates and cells of every step when asked, in range, and the cell ends at c_n', () => {
    const c = reference.cases[4];
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const { internals } = lstmForward(tf.tensor(flat(c.input), c.input_shape), weightsOf(c), undefined, true);
      expect(internals!.forget.shape).toEqual([c.L, c.B!, c.d_hidden]);
      for (const gate of [internals!.input, internals!.forget, internals!.output]) {
        expect(gate.min().dataSync()[0]).toBeGreaterThanOrEqual(0);
        expect(gate.max().dataSync()[0]).toBeLessThanOrEqual(1);
      }
      expect(internals!.candidate.abs().max().dataSync()[0]).toBeLessThanOrEqual(1);
      const lastCell = internals!.cell.slice([c.L - 1, 0, 0], [1, c.B!, c.d_hidden]).dataSync();
      expect(maxAbsDiff(lastCell, flat(c.c_n))).toBeLessThan(1e-5);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("tfjs's LSTM layer with the weights copied across", () => {
  it('matches the PyTorch reference (gate order, transposes, merged bias, sigmoid gates)', () => {
    const c = reference.cases[3];
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const state = {
        h: tf.tensor2d(flat(c.h0!), c.state_shape!.slice(1) as [number, number]),
        c: tf.tensor2d(flat(c.c0!), c.state_shape!.slice(1) as [number, number]),
      };
      const result = layersLstmForward(tf.tensor3d(flat(c.input), c.input_shape as [number, number, number]), weightsOf(c), state);
      expect(maxAbsDiff(result.out.dataSync(), flat(c.output))).toBeLessThan(1e-5);
      expect(maxAbsDiff(result.c.dataSync(), flat(c.c_n))).toBeLessThan(1e-5);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it("runs the notebook's check with fresh weights: fresh, continuation and batch within 1e-5", () => {
    const before = tf.memory().numTensors;
    const result = lstmNotebookCheck(2);
    expect(result.shapes).toEqual({ fresh: [5, 3], continuation: [3, 3], batch: [5, 4, 3] });
    expect(Math.max(result.fresh, result.continuation, result.batch)).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('matMul2d', () => {
  it('gives the product and the same gradients as tf.matMul, without leaks', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const a = tf.randomNormal([3, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
      const b = tf.randomNormal([4, 5], 0, 1, 'float32', 2) as tf.Tensor2D;
      const w = tf.randomNormal([3, 5], 0, 1, 'float32', 3);
      const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
        matMul2d(x as tf.Tensor2D, y as tf.Tensor2D)
          .mul(w)
          .sum(),
      )([a, b]);
      const theirs = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
        tf
          .matMul(x as tf.Tensor2D, y as tf.Tensor2D)
          .mul(w)
          .sum(),
      )([a, b]);
      expect(maxAbsDiff(matMul2d(a, b).dataSync(), Array.from(tf.matMul(a, b).dataSync()))).toBeLessThan(1e-6);
      expect(maxAbsDiff(ours[0].dataSync(), Array.from(theirs[0].dataSync()))).toBeLessThan(1e-5);
      expect(maxAbsDiff(ours[1].dataSync(), Array.from(theirs[1].dataSync()))).toBeLessThan(1e-5);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
