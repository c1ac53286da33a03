import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compareWithLayers, layersRnnForward } from '../../src/lessons/rnn/compare';
import { notebookCheck, traceSequence } from '../../src/lessons/rnn/demo';
import { createRng, normal } from '../../src/lib/rng';
import { type ElmanWeights, elmanForward, elmanTrace } from '../../src/models/elman';
import { flat, maxAbsDiff, type Nested, readReference } from './reference';

interface RnnCase {
  name: string;
  d_in: number;
  d_hidden: number;
  L: number;
  B: number | null;
  input_shape: number[];
  h0_shape: number[] | null;
  output_shape: number[];
  h_n_shape: number[];
  weight_ih_l0: Nested;
  weight_hh_l0: Nested;
  bias_ih_l0: Nested;
  bias_hh_l0: Nested;
  input: Nested;
  h0: Nested | null;
  output: Nested;
  h_n: Nested;
}
const reference = readReference<{ cases: RnnCase[] }>('rnn.json');

const weightsOf = (c: RnnCase): ElmanWeights => ({
  wIh: tf.tensor2d(flat(c.weight_ih_l0), [c.d_hidden, c.d_in]),
  wHh: tf.tensor2d(flat(c.weight_hh_l0), [c.d_hidden, c.d_hidden]),
  bIh: tf.tensor1d(flat(c.bias_ih_l0)),
  bHh: tf.tensor1d(flat(c.bias_hh_l0)),
});

function randomWeights(rng: () => number, dIn: number, dHidden: number): ElmanWeights {
  const r = (n: number) => Array.from({ length: n }, () => normal(rng) * 0.5);
  return {
    wIh: tf.tensor2d(r(dHidden * dIn), [dHidden, dIn]),
    wHh: tf.tensor2d(r(dHidden * dHidden), [dHidden, dHidden]),
    bIh: tf.tensor1d(r(dHidden)),
    bHh: tf.tensor1d(r(dHidden)),
  };
}

describe('elmanForward against PyTorch (reference/rnn.json)', () => {
  it('has the four cases: fresh, continuation, large, batch', () => {
    expect(reference.cases.map((c) => c.name)).toEqual(['small_L5_no_h0', 'small_L1_with_h0', 'big_L7_with_h0', 'small_batched_L3_B4_with_h0']);
  });

  for (const c of reference.cases) {
    it(`${c.name}: all hidden states and the last one within 1e-5`, () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const w = weightsOf(c);
        const x = tf.tensor(flat(c.input), c.input_shape);
        // PyTorch's h0 and h_n carry a leading layer dimension of 1; the seam's do not.
        const h0 = c.h0 && c.h0_shape ? tf.tensor(flat(c.h0), c.h0_shape.slice(1)) : undefined;
        const { out, h } = elmanForward(x, w, h0);
        expect(out.shape).toEqual(c.output_shape);
        expect(h.shape).toEqual(c.h_n_shape.slice(1));
        expect(maxAbsDiff(out.dataSync(), flat(c.output))).toBeLessThan(1e-5);
        expect(maxAbsDiff(h.dataSync(), flat(c.h_n))).toBeLessThan(1e-5);
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('continuing from the returned state equals one call over the whole sequence', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const w = randomWeights(createRng(5), 4, 6);
      const x = tf.randomNormal([9, 4], 0, 1, 'float32', 3) as tf.Tensor2D;
      const whole = elmanForward(x, w);
      const first = elmanForward(x.slice([0, 0], [4, 4]), w);
      const rest = elmanForward(x.slice([4, 0], [5, 4]), w, first.h);
      expect(maxAbsDiff(tf.concat([first.out, rest.out]).dataSync(), Array.from(whole.out.dataSync()))).toBeLessThan(1e-6);
      expect(maxAbsDiff(rest.h.dataSync(), Array.from(whole.h.dataSync()))).toBeLessThan(1e-6);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects inputs of the wrong rank or width with a message', () => {
    const w = randomWeights(createRng(1), 3, 2);
    const bad = tf.zeros([2, 4]);
    expect(() => elmanForward(bad, w)).toThrow(/3/);
    const rank1 = tf.zeros([3]);
    expect(() => elmanForward(rank1, w)).toThrow(/rank/);
    tf.dispose([bad, rank1, w.wIh, w.wHh, w.bIh, w.bHh]);
  });
});

describe('the step-through trace', () => {
  it('keeps every intermediate, and its states are those of elmanForward', () => {
    const c = reference.cases[1];
    const before = tf.memory().numTensors;
    const w = weightsOf(c);
    const x = tf.tensor2d(flat(c.input), [c.L, c.d_in]);
    const h0 = tf.tensor1d(flat(c.h0!));
    const steps = elmanTrace(x, w, h0);
    expect(steps).toHaveLength(1);
    expect(maxAbsDiff(steps[0].h, flat(c.h_n))).toBeLessThan(1e-5);
    expect(maxAbsDiff(steps[0].hPrev, flat(c.h0!))).toBe(0);
    for (let i = 0; i < c.d_hidden; i++) {
      expect(steps[0].sum[i]).toBeCloseTo(steps[0].fromInput[i] + steps[0].fromHidden[i], 6);
      expect(steps[0].h[i]).toBeCloseTo(Math.tanh(steps[0].sum[i]), 6);
    }
    tf.dispose([x, h0, w.wIh, w.wHh, w.bIh, w.bHh]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("tfjs's SimpleRNN with the weights copied across", () => {
  it('matches the PyTorch reference too (so the transposes and the merged bias are right)', () => {
    const c = reference.cases[3];
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const w = weightsOf(c);
      const x = tf.tensor3d(flat(c.input), c.input_shape as [number, number, number]);
      const h0 = tf.tensor2d(flat(c.h0!), c.h0_shape!.slice(1) as [number, number]);
      const { out, h } = layersRnnForward(x, w, h0);
      expect(maxAbsDiff(out.dataSync(), flat(c.output))).toBeLessThan(1e-5);
      expect(maxAbsDiff(h.dataSync(), flat(c.h_n))).toBeLessThan(1e-5);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the notebook check: fresh, continuation and batch all agree within 1e-5, and a wrong weight shows', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const w = randomWeights(createRng(7), 5, 3);
      const x = tf.randomNormal([5, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
      const next = tf.randomNormal([3, 5], 0, 1, 'float32', 2) as tf.Tensor2D;
      const xb = tf.randomNormal([5, 4, 5], 0, 1, 'float32', 3) as tf.Tensor3D;
      const result = compareWithLayers(w, x, next, xb);
      expect(result.shapes).toEqual({ fresh: [5, 3], continuation: [3, 3], batch: [5, 4, 3] });
      expect(result.fresh).toBeLessThan(1e-5);
      expect(result.continuation).toBeLessThan(1e-5);
      expect(result.batch).toBeLessThan(1e-5);
      // Without the transpose the layer computes something else, and the check says so.
      const wrong = { ...w, wHh: w.wHh.transpose() as tf.Tensor2D };
      const broken = layersRnnForward(xb, wrong);
      const ours = elmanForward(xb, w);
      expect(ours.out.sub(broken.out).abs().max().dataSync()[0]).toBeGreaterThan(1e-3);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("Lesson 3's widgets", () => {
  it('traces a sentence one-hot over its own words, and two calls equal one', () => {
    const before = tf.memory().numTensors;
    const trace = traceSequence(['i', 'love', 'my', 'cute', 'dog', 'my'], 4, 1, 3);
    expect(trace.vocabulary).toEqual(['i', 'love', 'my', 'cute', 'dog']);
    expect(trace.steps).toHaveLength(6);
    expect(Array.from(trace.steps[5].x)).toEqual([0, 0, 1, 0, 0]);
    expect(Array.from(trace.steps[0].hPrev)).toEqual([0, 0, 0, 0]);
    expect(Array.from(trace.steps[3].hPrev)).toEqual(Array.from(trace.steps[2].h));
    expect(Array.from(trace.handedOver)).toEqual(Array.from(trace.steps[2].h));
    expect(trace.maxDifference).toBeLessThan(1e-6);
    for (const value of trace.weights.wIh) expect(Math.abs(value)).toBeLessThanOrEqual(0.5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('traces a sentence of one word, or of one word repeated (a vocabulary of one)', () => {
    const before = tf.memory().numTensors;
    expect(traceSequence(['hello'], 4, 1, 1).steps).toHaveLength(1);
    const repeated = traceSequence(['ha', 'ha', 'ha'], 4, 1, 2);
    expect(repeated.vocabulary).toEqual(['ha']);
    expect(Array.from(repeated.steps[2].x)).toEqual([1]);
    expect(repeated.maxDifference).toBeLessThan(1e-6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("runs the notebook's check with fresh weights, within 1e-5, without leaks", () => {
    const before = tf.memory().numTensors;
    const result = notebookCheck(3);
    expect(Math.max(result.fresh, result.continuation, result.batch)).toBeLessThan(1e-5);
    expect(result.fresh).toBeGreaterThanOrEqual(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
