import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  addContextGradient,
  cbowChunkGradients,
  cbowFromArrays,
  cbowFullStep,
  cbowLogits,
  cbowLoss,
  contextMeans,
  contextMeansOf,
  createCbow,
  disposeCbow,
  renormTable,
} from '../../src/lessons/word2vec/cbow';
import { keepProbabilities, noiseSampler, trainNegativeSampling } from '../../src/lessons/word2vec/negativeSampling';
import { analogy, closestSpellings, editDistance, explainedVariance, neighboursOf, pca2d, unitRows } from '../../src/lessons/word2vec/vectors';
import { Adam } from '../../src/lib/adam';
import { createRng } from '../../src/lib/rng';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, digits = 5) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], digits);
};

// A tiny model: V = 4, D = 2, written out so that the maths can be followed by hand.
const E = [1, 0, 0, 2, 3, 4, 0.5, 0.5]; // rows: (1,0), (0,2), (3,4), (0.5,0.5)
const C = [1, 1, -1, 0, 0, 1, 2, -1];

describe('CBOW, full softmax', () => {
  it('computes logits as the mean context vector times each centre row', () => {
    const w = cbowFromArrays(4, 2, Float32Array.from(E), Float32Array.from(C));
    const logits = tf.tidy(() => cbowLogits(w, tf.tensor2d([[0, 1]], [1, 2], 'int32')).dataSync());
    // h = ((1,0) + (0,2)) / 2 = (0.5, 1); logits = C h = (1.5, -0.5, 1, 0)
    close(logits, [1.5, -0.5, 1, 0]);
    const loss = tf.tidy(() => cbowLoss(w, tf.tensor2d([[0, 1]], [1, 2], 'int32'), tf.tensor1d([2], 'int32')).dataSync()[0]);
    const z = [1.5, -0.5, 1, 0];
    expect(loss).toBeCloseTo(Math.log(z.reduce((s, x) => s + Math.exp(x), 0)) - 1, 5);
    disposeCbow(w);
  });

  it('applies max_norm as PyTorch does: only looked-up rows longer than 1, scaled to norm 1', () => {
    const table = Float32Array.from(E);
    expect(renormTable(table, 2, Int32Array.from([1, 2, 2, 3]), 1)).toBe(true);
    close(table.subarray(0, 2), [1, 0]); // not looked up (and exactly norm 1 anyway)
    close(table.subarray(2, 4), [0, 2 / (2 + 1e-7)]); // looked up, norm 2 -> 1
    close(table.subarray(4, 6), [3 / (5 + 1e-7), 4 / (5 + 1e-7)]); // looked up twice, scaled once
    close(table.subarray(6, 8), [0.5, 0.5]); // looked up, norm 0.71 <= 1: unchanged
    const untouched = Float32Array.from(E);
    expect(renormTable(untouched, 2, Int32Array.from([0, 3]), 1)).toBe(false);
    close(untouched, E); // rows not looked up keep their length
  });

  it('computes the context means in plain arrays as tf.gather + mean does', () => {
    const rng = createRng(9);
    const w = createCbow(20, 6, rng);
    const contexts = Int32Array.from({ length: 5 * 4 }, () => Math.floor(rng() * 20));
    const ours = contextMeansOf(w.context.dataSync() as Float32Array, 6, contexts, 4);
    const theirs = tf.tidy(() => contextMeans(w.context, tf.tensor2d(contexts, [5, 4], 'int32')).dataSync());
    close(ours, theirs);
    disposeCbow(w);
  });

  it('hand-written gradients equal tfjs autodiff, and chunks sum to the whole batch', () => {
    const before = tf.memory().numTensors;
    const rng = createRng(5);
    const w = createCbow(12, 5, rng);
    const contexts = Int32Array.from({ length: 6 * 4 }, () => Math.floor(rng() * 12));
    const centres = Int32Array.from({ length: 6 }, () => Math.floor(rng() * 12));
    const ctx = tf.tensor2d(contexts, [6, 4], 'int32');
    const cen = tf.tensor1d(centres, 'int32');
    const auto = tf.variableGrads(() => cbowLoss(w, ctx, cen), [w.context, w.centre]);
    const whole = cbowChunkGradients(w, ctx, cen, 6);
    // The embedding's gradient: each window's dh / W added to its context rows.
    const dContext = (parts: { dH: tf.Tensor2D; contexts: Int32Array }[]) => {
      const table = new Float32Array(12 * 5);
      for (const p of parts) addContextGradient(table, p.dH.dataSync() as Float32Array, p.contexts, 4, 5);
      return table;
    };
    close(dContext([{ dH: whole.dH, contexts }]), auto.grads[w.context.name].dataSync());
    close(whole.dCentre.dataSync(), auto.grads[w.centre.name].dataSync());
    expect(whole.lossSum.dataSync()[0] / 6).toBeCloseTo(auto.value.dataSync()[0], 5);
    const a = tf.tidy(() => cbowChunkGradients(w, ctx.slice([0, 0], [2, 4]), cen.slice(0, 2), 6));
    const b = tf.tidy(() => cbowChunkGradients(w, ctx.slice([2, 0], [4, 4]), cen.slice(2, 4), 6));
    close(
      dContext([
        { dH: a.dH, contexts: contexts.subarray(0, 8) },
        { dH: b.dH, contexts: contexts.subarray(8) },
      ]),
      auto.grads[w.context.name].dataSync(),
    );
    close(
      tf.tidy(() => a.dCentre.add(b.dCentre).dataSync()),
      whole.dCentre.dataSync(),
    );
    tf.dispose([ctx, cen, auto.value, ...Object.values(auto.grads), whole, a, b]);
    disposeCbow(w);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('takes one Adam step exactly as the formula says, checked by hand', () => {
    const x = tf.variable(tf.tensor1d([1, -2]));
    const adam = new Adam([x], { learningRate: 0.1 });
    const g = tf.tensor1d([0.5, -4]);
    adam.step([g]);
    // t = 1: m = 0.1 g, v = 0.001 g^2; m^ = g, v^ = g^2, so each moves by -lr * g / (|g| + 1e-8) = -0.1 sign(g).
    close(x.dataSync(), [0.9, -1.9], 6);
    adam.step([g]);
    // t = 2: m^ = g and v^ = g^2 again for a constant gradient: another -0.1 sign(g).
    close(x.dataSync(), [0.8, -1.8], 5);
    adam.learningRate = 0.05;
    adam.step([tf.tidy(() => g.neg())]);
    // t = 3: m = 0.9*0.19g - 0.1g = 0.071g; m^ = 0.071/0.271 g; v^ = g^2: step = -0.05 * (0.071/0.271) * sign(-g)
    const m3 = (0.9 * 0.19 - 0.1) / (1 - 0.9 ** 3);
    close(x.dataSync(), [0.8 - 0.05 * m3, -1.8 + 0.05 * m3], 4);
    adam.dispose();
    tf.dispose([x, g]);
  });

  it('starts at about ln V before training, and a full step with max_norm lowers the loss without leaks', async () => {
    const before = tf.memory().numTensors;
    const V = 300;
    const rng = createRng(11);
    const w = createCbow(V, 16, rng);
    const n = 400;
    const contexts = Int32Array.from({ length: n * 8 }, () => Math.floor(rng() * V));
    // The centre word is a function of the first context word, so there is something to learn.
    const centres = Int32Array.from({ length: n }, (_, i) => (contexts[i * 8] * 7) % V);
    const ctx = tf.tensor2d(contexts, [n, 8], 'int32');
    const cen = tf.tensor1d(centres, 'int32');
    const table = new Float32Array(w.context.dataSync());
    renormTable(table, 16, contexts, 1);
    const renormed = tf.tensor2d(table, [V, 16]);
    w.context.assign(renormed);
    renormed.dispose();
    const initial = tf.tidy(() => cbowLoss(w, ctx, cen).dataSync()[0]);
    expect(Math.abs(initial - Math.log(V))).toBeLessThan(0.1);
    const adam = new Adam([w.context, w.centre], { learningRate: 0.1 });
    let loss = 0;
    for (let i = 0; i < 5; i++) loss = await cbowFullStep(w, contexts, centres, 8, { batch: n, chunk: 150, maxNorm: 1 }, (g) => adam.step(g));
    expect(loss).toBeLessThan(initial - 0.5);
    adam.dispose();
    disposeCbow(w);
    tf.dispose([ctx, cen]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('CBOW, negative sampling', () => {
  it('draws noise words by count^0.75 and keeps rare words more often than frequent ones', () => {
    const draw = noiseSampler([0, 16, 1], 0.75);
    const rng = createRng(1);
    const hits = [0, 0, 0];
    for (let i = 0; i < 20000; i++) hits[draw(rng)]++;
    expect(hits[0]).toBe(0);
    expect(hits[1] / hits[2]).toBeGreaterThan(7); // 16^0.75 = 8
    expect(hits[1] / hits[2]).toBeLessThan(9);
    const keep = keepProbabilities([1000, 1], 1e-3);
    expect(keep[0]).toBeLessThan(0.1);
    expect(keep[1]).toBe(1);
  });

  it('moves the rows by the gradient of its loss (checked against autodiff), context rows by the gradient for h', () => {
    const rng = createRng(3);
    const V = 10;
    const D = 4;
    const w = createCbow(V, D, rng); // PyTorch's init: no zero rows, so every term of the gradient shows
    const contexts = Int32Array.from([1, 2, 3, 1]); // row 1 twice
    const centres = Int32Array.from([8]);
    const negatives = Int32Array.from([0, 5, 4]);
    const lr = 0.1;
    const expected = tf.tidy(() => {
      const lossFn = () => {
        const h = tf.gather(w.context, tf.tensor1d(contexts, 'int32')).mean(0);
        const pos = tf.gather(w.centre, tf.tensor1d(centres, 'int32')).reshape([-1]);
        const neg = tf.gather(w.centre, tf.tensor1d(negatives, 'int32'));
        return tf
          .log(tf.sigmoid(pos.dot(h)))
          .add(tf.log(tf.sigmoid(neg.matMul(h.expandDims(1)).neg())).sum())
          .neg() as tf.Scalar;
      };
      const { value, grads } = tf.variableGrads(lossFn, [w.context, w.centre]);
      // The C code's update: centre rows by -lr x gradient; context rows by -lr x (gradient for h) = -lr x W x gradient.
      return [w.context.sub(grads[w.context.name].mul(lr * 4)), w.centre.sub(grads[w.centre.name].mul(lr)), value];
    });
    const model = { dim: D, context: w.context.dataSync().slice() as Float32Array, centre: w.centre.dataSync().slice() as Float32Array };
    const loss = trainNegativeSampling(model, contexts, centres, negatives, 4, lr);
    expect(loss).toBeCloseTo(expected[2].dataSync()[0], 5);
    close(model.context, expected[0].dataSync());
    close(model.centre, expected[1].dataSync());
    tf.dispose(expected);
    disposeCbow(w);
  });

  it('skips a noise word equal to the centre word, and learns a planted pattern', () => {
    const model = { dim: 2, context: Float32Array.from([0.1, 0.2, 0.3, -0.1]), centre: Float32Array.from([0.5, 0.5, -0.5, 0.5]) };
    const before = model.centre.slice();
    // Noise word 1 equals the centre word 1: only the positive update happens.
    const loss = trainNegativeSampling(model, Int32Array.from([0, 0]), Int32Array.from([1]), Int32Array.from([1]), 2, 0.5);
    const p = 1 / (1 + Math.exp(-(0.1 * -0.5 + 0.2 * 0.5)));
    expect(loss).toBeCloseTo(-Math.log(p), 6);
    close(model.centre.subarray(0, 2), before.subarray(0, 2));
    close(model.centre.subarray(2), [-0.5 + 0.5 * (1 - p) * 0.1, 0.5 + 0.5 * (1 - p) * 0.2], 6);
    // Word 2i+1 always follows contexts of word 2i: the loss on that data falls.
    const rng = createRng(4);
    const V = 20;
    const plain = { dim: 8, context: Float32Array.from({ length: V * 8 }, () => (rng() - 0.5) / 8), centre: new Float32Array(V * 8) };
    const n = 2000;
    const contexts = new Int32Array(n * 2);
    const centres = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const a = 2 * Math.floor(rng() * 10);
      contexts[2 * i] = a;
      contexts[2 * i + 1] = a;
      centres[i] = a + 1;
    }
    const draw = noiseSampler(Array.from({ length: V }, () => 1));
    const negatives = Int32Array.from({ length: n * 3 }, () => draw(rng));
    const first = trainNegativeSampling(plain, contexts.subarray(0, 200), centres.subarray(0, 100), negatives.subarray(0, 300), 2, 0.1);
    let last = 0;
    for (let epoch = 0; epoch < 5; epoch++) last = trainNegativeSampling(plain, contexts, centres, negatives, 2, 0.1);
    expect(last).toBeLessThan(first / 2);
  });
});

describe('reading the vectors', () => {
  it('finds neighbours by cosine and solves a planted analogy', () => {
    const itos = ['king', 'queen', 'man', 'woman', 'apple'];
    const m = tf.tensor2d([
      [1, 1, 0],
      [1, -1, 0],
      [0.2, 1, 0],
      [0.2, -1, 0],
      [0, 0, 1],
    ]);
    const n = neighboursOf(m, 2, 2, itos);
    expect(n[0].word).toBe('king');
    expect(n[0].score).toBeCloseTo(1.2 / (Math.SQRT2 * Math.hypot(0.2, 1)), 5);
    expect(neighboursOf(m, 0, 4, itos).map((x) => x.word)).not.toContain('king');
    const unit = unitRows(m).dataSync() as Float32Array;
    // man : woman = king : ?, by both scores; the query words are left out, and the expected word's rank is said.
    expect(analogy(unit, 3, [2, 3, 0], 1, itos).results[0].word).toBe('queen');
    const mul = analogy(unit, 3, [2, 3, 0], 2, itos, 'mul', 4);
    expect(mul.results.map((r) => r.word)).toEqual(['queen', 'apple']);
    expect(mul.expectedRank).toBe(2);
    expect(analogy(unit, 3, [2, 3, 0], 5, itos).results.map((r) => r.word)).not.toContain('king');
    m.dispose();
  });

  it('projects points on a line onto the first principal component', () => {
    const points = pca2d([Float32Array.from([0, 0, 0]), Float32Array.from([1, 1, 0]), Float32Array.from([2, 2, 0])]);
    expect(Math.abs(points[0][0] - points[2][0])).toBeCloseTo(2 * Math.SQRT2, 4);
    for (const p of points) expect(Math.abs(p[1])).toBeLessThan(1e-4);
    // All of the variance lies along that line.
    const [first, second] = explainedVariance([Float32Array.from([0, 0, 0]), Float32Array.from([1, 1, 0]), Float32Array.from([2, 2, 0])], points);
    expect(first).toBeCloseTo(1, 4);
    expect(second).toBeCloseTo(0, 4);
  });

  it('says how much of the variance the two axes of the map carry', () => {
    const vectors = [
      [2, 0, 0],
      [-2, 0, 0],
      [0, 1, 0],
      [0, -1, 0],
      [0, 0, 0.5],
      [0, 0, -0.5],
    ].map((v) => Float32Array.from(v));
    const [first, second] = explainedVariance(vectors, pca2d(vectors));
    expect(first).toBeCloseTo(8 / 10.5, 3);
    expect(second).toBeCloseTo(2 / 10.5, 3);
  });

  it('suggests the closest spellings for an unknown word', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestSpellings('kng', ['<unk>', 'king', 'queen', 'ring', 'kong'], 2)).toEqual(['king', 'kong']);
  });
});
