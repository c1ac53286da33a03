// Multi-head self-attention and the transformer block against PyTorch (../shared/reference/attention.json):
// torch.nn.MultiheadAttention and torch.nn.TransformerEncoderLayer(norm_first=True, activation='gelu').
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { traceBlock } from '../../src/lessons/transformer/trace';
import { causalMask, multiHeadAttention } from '../../src/models/attention';
import { type BlockWeights, gelu, transformerBlock } from '../../src/models/block';
import { flat, maxAbsDiff, type Nested, readReference } from './reference';

interface Case {
  kind: 'multi_head_attention' | 'transformer_block';
  name: string;
  D: number;
  heads: number;
  T: number;
  B: number | null;
  causal: boolean;
  eps?: number;
  input: Nested;
  output: Nested;
  attention_weights?: Nested;
  [weight: string]: unknown;
}

const { cases } = readReference<{ cases: Case[] }>('attention.json');
const tensor = (x: unknown) => tf.tensor(flat(x as Nested), shapeOf(x as Nested));
const shapeOf = (x: Nested): number[] => (Array.isArray(x) ? [x.length, ...shapeOf(x[0])] : []);
const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function weightsOf(c: Case): BlockWeights {
  const names = Object.keys(c).filter((k) => /_(weight|bias)$/.test(k));
  return Object.fromEntries(names.map((k) => [camel(k), tensor(c[k])])) as unknown as BlockWeights;
}

describe('multi-head self-attention against torch.nn.MultiheadAttention', () => {
  for (const c of cases.filter((c) => c.kind === 'multi_head_attention')) {
    it(`${c.name}: D ${c.D}, ${c.heads} heads, T ${c.T}, ${c.B === null ? 'one sequence' : `batch ${c.B}`}${c.causal ? ', causal' : ''}: output and weights within 1e-5`, () => {
      const before = tf.memory().numTensors;
      const w = weightsOf(c);
      const x = tensor(c.input);
      const { out, weights } = multiHeadAttention(x, w, { heads: c.heads, causal: c.causal });
      expect(out.shape).toEqual(x.shape);
      expect(maxAbsDiff(out.dataSync(), flat(c.output))).toBeLessThan(1e-5);
      expect(weights.shape).toEqual(shapeOf(c.attention_weights as Nested));
      expect(maxAbsDiff(weights.dataSync(), flat(c.attention_weights as Nested))).toBeLessThan(1e-5);
      tf.dispose([out, weights, x, ...Object.values(w)]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('with the causal mask, no position attends to a later one', () => {
    const mask = causalMask(4);
    expect(mask.dtype).toBe('bool');
    expect(Array.from(mask.dataSync())).toEqual([1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1]);
    mask.dispose();
  });

  it('says so when the width does not split into the heads', () => {
    const c = cases.find((c) => c.kind === 'multi_head_attention')!;
    const w = weightsOf(c);
    const x = tensor(c.input);
    expect(() => multiHeadAttention(x, w, { heads: 3, causal: false })).toThrow(`The width ${c.D} does not split into 3 heads.`);
    tf.dispose([x, ...Object.values(w)]);
  });
});

describe('the transformer block against torch.nn.TransformerEncoderLayer (pre-LN, GELU)', () => {
  for (const c of cases.filter((c) => c.kind === 'transformer_block')) {
    it(`${c.name}: D ${c.D}, ${c.heads} heads, F ${c.F}, T ${c.T}, ${c.B === null ? 'one sequence' : `batch ${c.B}`}${c.causal ? ', causal' : ''}: within 1e-5`, () => {
      const before = tf.memory().numTensors;
      const w = weightsOf(c);
      const x = tensor(c.input);
      const out = transformerBlock(x, w, { heads: c.heads, causal: c.causal, eps: c.eps });
      expect(out.shape).toEqual(x.shape);
      expect(maxAbsDiff(out.dataSync(), flat(c.output))).toBeLessThan(1e-5);
      tf.dispose([out, x, ...Object.values(w)]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('uses the exact GELU, x Phi(x), not the tanh approximation', () => {
    const y = tf.tidy(() => gelu(tf.tensor1d([-3, -1, 0, 0.5, 2])).dataSync());
    // x Phi(x) with Phi the normal CDF: Phi(-3) = 0.0013499, Phi(-1) = 0.1586553, Phi(0.5) = 0.6914625, Phi(2) = 0.9772499.
    expect(maxAbsDiff(y, [-3 * 0.0013499, -0.1586553, 0, 0.5 * 0.6914625, 2 * 0.9772499])).toBeLessThan(1e-5);
  });
});

describe("Lesson 8's step-through of one block", () => {
  it('keeps every step, agrees with transformerBlock, masks the future, and frees its tensors', () => {
    const before = tf.memory().numTensors;
    const tokens = ['the', 'king', 'sat', 'on', 'the', 'throne'];
    const trace = traceBlock(tokens, { dim: 8, heads: 2, causal: true, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(trace.checkDifference).toBeLessThan(1e-5);
    expect(trace.heads).toHaveLength(2);
    expect([trace.x.rows, trace.x.cols]).toEqual([6, 8]);
    expect([trace.heads[0].q.rows, trace.heads[0].q.cols]).toEqual([6, 4]);
    expect([trace.mlpHidden.rows, trace.mlpHidden.cols]).toEqual([6, 32]);
    // The same word has the same token embedding wherever it stands; its position embedding differs.
    expect(trace.tokenEmbedding.values.slice(0, 8)).toEqual(trace.tokenEmbedding.values.slice(32, 40));
    expect(trace.x.values.slice(0, 8)).not.toEqual(trace.x.values.slice(32, 40));
    for (const head of trace.heads) {
      for (let t = 0; t < 6; t++) {
        const row = head.weights.values.slice(t * 6, t * 6 + 6);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        for (let s = t + 1; s < 6; s++) {
          expect(row[s]).toBe(0);
          expect(head.masked.values[t * 6 + s]).toBe(Number.NEGATIVE_INFINITY);
        }
      }
    }
    // Without the mask, the first position attends to later ones too.
    const open = traceBlock(tokens, { dim: 8, heads: 2, causal: false, seed: 1 });
    expect(open.heads[0].weights.values[1]).toBeGreaterThan(0);
    expect(open.checkDifference).toBeLessThan(1e-5);
  });
});
