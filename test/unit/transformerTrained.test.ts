// Lesson 8's step-through on trained weights: traced block by block, the last block's output read by the model's
// head gives the model's own logits (Project II's post-LN model: PyTorch's, from test/fixtures/wiki-transformer.json;
// a tiny GPT exported as Lesson 9 exports it: gptLogits'); a damaged export is refused in words.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { sinusoids } from '../../src/kernels/gpt/layout';
import { type TrainedSource, tinySource, traceTrained } from '../../src/lessons/transformer/trained';
import { createRng } from '../../src/lib/rng';
import { layerNorm } from '../../src/models/block';
import { createGpt, gptInitialValues, gptLogits, gptShapes } from '../../src/models/gpt';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/wiki-transformer.json', import.meta.url), 'utf8')) as {
  shape: { vocab: number; width: number; heads: number; ff: number; layers: number; context: number };
  ids: number[];
  parameters: number[][];
  logits: number[];
};

/** rows [T, D] times weight [V, D] transposed, plus bias. */
function readOut(rows: number[], T: number, D: number, weight: ArrayLike<number>, V: number, bias?: ArrayLike<number>): Float32Array {
  const out = new Float32Array(T * V);
  for (let t = 0; t < T; t++)
    for (let v = 0; v < V; v++) {
      let s = bias ? bias[v] : 0;
      for (let d = 0; d < D; d++) s += rows[t * D + d] * weight[v * D + d];
      out[t * V + v] = s;
    }
  return out;
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe("Lesson 8's block on a trained model", () => {
  it("traces Project II's post-LN blocks: the last one's output, through the head, is PyTorch's logits", () => {
    const { vocab: V, width: D, heads, layers, context: T } = fixture.shape;
    const p = fixture.parameters.map((a) => Float32Array.from(a));
    const source: TrainedSource = {
      name: 'the fixture',
      width: D,
      heads,
      layers,
      context: T,
      kind: { norm: 'post', activation: 'relu' },
      encode: (text) => text.split(' ').map(Number),
      label: (id) => `#${id}`,
      tokenTable: p[0],
      positions: sinusoids(T, D),
      blocks: Array.from({ length: layers }, (_, l) => p.slice(1 + 12 * l, 13 + 12 * l)),
    };
    const ids = fixture.ids.slice(0, T);
    const trace = traceTrained(source, ids.join(' '), layers, 48);
    expect(trace.tokens).toEqual(ids.map((id) => `#${id}`));
    expect([trace.layer, trace.layers, trace.dropped]).toEqual([layers, layers, 0]);
    expect(trace.checkDifference).toBeLessThan(1e-5);
    const logits = readOut(trace.out.values, T, D, p[p.length - 2], V, p[p.length - 1]);
    expect(maxDiff(logits, fixture.logits.slice(0, T * V))).toBeLessThan(1e-4);
    // Causal: every head's first row is all on the first token, and nothing above the diagonal.
    for (const head of trace.heads) {
      expect(head.weights.values[0]).toBeCloseTo(1, 6);
      for (let r = 0; r < T; r++) for (let c = r + 1; c < T; c++) expect(head.weights.values[r * T + c]).toBe(0);
    }
    // Block 1 reads the token rows plus the sinusoids; a longer text is cut to the context, and says so.
    const first = traceTrained(source, [...ids, ...ids].join(' '), 1, 48);
    expect(first.dropped).toBe(T);
    const pos = sinusoids(T, D);
    expect(first.x.values[D + 3]).toBeCloseTo(p[0][ids[1] * D + 3] + pos[D + 3], 5);
  });

  it('traces a tiny GPT exported by Lesson 9: pre-LN, its last block then its final LayerNorm and head give gptLogits', () => {
    const config = { vocab: 5, context: 8, width: 16, heads: 2, layers: 2 };
    const values = gptInitialValues(config, createRng(3));
    const shapes = gptShapes(config);
    const vocabulary = ['a', 'b', ' ', 'c', '\n'];
    const file = {
      model: 'tensor-tutor tiny GPT (Lesson 9)',
      config: { width: 16, heads: 2, layers: 2, context: 8 },
      vocabulary,
      weights: values.map((v, i) => ({ shape: shapes[i], values: Array.from(v) })),
    };
    const source = tinySource(file, 'mine.json');
    expect(source.kind).toEqual({ norm: 'pre', activation: 'gelu' });
    const text = 'ab cxa'; // x is not in the vocabulary: left out
    const trace = traceTrained(source, text, 2, 48);
    expect(trace.tokens).toEqual(['a', 'b', '␣', 'c', 'a']);
    const ids = [0, 1, 2, 3, 0];
    const n = values.length;
    const expected = tf.tidy(() => {
      const w = createGpt(config, values);
      return gptLogits(w, tf.tensor2d([ids], [1, 5], 'int32'), 2).dataSync();
    });
    const normed = tf.tidy(() => layerNorm(tf.tensor2d(trace.out.values, [5, 16]), tf.tensor1d(values[n - 3]), tf.tensor1d(values[n - 2])).dataSync());
    expect(maxDiff(readOut(Array.from(normed), 5, 16, values[n - 1], 5), expected)).toBeLessThan(1e-5);

    // Damaged or foreign files are refused in words.
    expect(() => tinySource({ ...file, model: 'something else' }, 'x.json')).toThrow(/not a tiny GPT exported from Lesson 9/);
    expect(() => tinySource({ ...file, weights: file.weights.slice(1) }, 'x.json')).toThrow(/holds 28 tensors; a tiny GPT of 2 layers has 29/);
    const cut = file.weights.map((w, i) => (i === 4 ? { ...w, values: w.values.slice(1) } : w));
    expect(() => tinySource({ ...file, weights: cut }, 'x.json')).toThrow(/Tensor 4 of “x.json” holds 255 values, not 256: the file is damaged/);
    expect(() => traceTrained(source, 'xyz', 1, 48)).toThrow(/None of this text is in the model’s vocabulary/);
  });
});
