// Reading word vectors: nearest neighbours by cosine, analogies, a 2-D map by PCA, closest spellings.

import * as tf from '@tensorflow/tfjs';

export interface Neighbour {
  word: string;
  score: number;
}

/** Rows of `matrix` scaled to length 1 (a zero row stays zero). */
export function unitRows(matrix: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => matrix.div(matrix.norm('euclidean', 1, true).maximum(1e-12)));
}

/**
 * The `k` rows of `matrix` most similar by cosine to `query` [D], leaving out the ids in `exclude`.
 * cos(x, y) = <x, y> / (|x| |y|).
 */
export function nearestByCosine(matrix: tf.Tensor2D, query: tf.Tensor1D, k: number, itos: readonly string[], exclude: readonly number[] = []): Neighbour[] {
  const { values, indices } = tf.tidy(() => {
    const q = query.div(query.norm().maximum(1e-12));
    let scores = tf.matMul(unitRows(matrix), q.expandDims(1)).reshape([-1]); // [V]
    if (exclude.length > 0) {
      const mask = tf.scatterND(tf.tensor2d([...exclude], [exclude.length, 1], 'int32'), tf.fill([exclude.length], -10), [matrix.shape[0]]);
      scores = scores.add(mask);
    }
    const top = tf.topk(scores, Math.min(k, matrix.shape[0]));
    return { values: top.values.dataSync(), indices: top.indices.dataSync() };
  });
  const out: Neighbour[] = [];
  for (let i = 0; i < indices.length; i++) if (values[i] > -5) out.push({ word: itos[indices[i]], score: values[i] });
  return out;
}

/** Neighbours of token `id` (itself left out). */
export function neighboursOf(matrix: tf.Tensor2D, id: number, k: number, itos: readonly string[]): Neighbour[] {
  const query = tf.tidy(() => tf.gather(matrix, [id]).reshape([-1]) as tf.Tensor1D);
  try {
    return nearestByCosine(matrix, query, k, itos, [id]);
  } finally {
    query.dispose();
  }
}

/** How an analogy is scored: 3CosAdd (the nearest to b - a + c) or Levy and Goldberg's 3CosMul. */
export type AnalogyMethod = 'add' | 'mul';

/**
 * "a is to b as c is to ?" over `unit`, rows of length 1 [V, D]: every word's score, and the words of the
 * `k` best, a, b and c left out (as gensim does). 3CosAdd scores x by cos(x, b - a + c); 3CosMul by
 * cos'(x, b) cos'(x, c) / (cos'(x, a) + 0.001), with cos' = (cos + 1) / 2 so that no factor is negative.
 * With `expected`, that word's rank (1 for the best).
 */
export function analogy(
  unit: Float32Array,
  dim: number,
  [a, b, c]: [number, number, number],
  k: number,
  itos: readonly string[],
  method: AnalogyMethod = 'add',
  expected?: number,
): { results: Neighbour[]; expectedRank?: number } {
  const V = unit.length / dim;
  const cos = (i: number, j: number) => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += unit[i * dim + d] * unit[j * dim + d];
    return s;
  };
  const query = new Float32Array(dim);
  for (let d = 0; d < dim; d++) query[d] = unit[b * dim + d] - unit[a * dim + d] + unit[c * dim + d];
  const norm = Math.hypot(...query) || 1;
  const scores = new Float32Array(V);
  for (let x = 0; x < V; x++) {
    if (method === 'add') {
      let s = 0;
      for (let d = 0; d < dim; d++) s += unit[x * dim + d] * query[d];
      scores[x] = s / norm;
    } else scores[x] = (((cos(x, b) + 1) / 2) * ((cos(x, c) + 1) / 2)) / ((cos(x, a) + 1) / 2 + 0.001);
  }
  for (const q of [a, b, c]) scores[q] = Number.NEGATIVE_INFINITY;
  const order = Array.from({ length: V }, (_, i) => i).sort((i, j) => scores[j] - scores[i]);
  const results = order.slice(0, Math.min(k, V - 3)).map((i) => ({ word: itos[i], score: scores[i] }));
  const expectedRank = expected === undefined || [a, b, c].includes(expected) ? undefined : order.indexOf(expected) + 1;
  return { results, expectedRank };
}

/**
 * Projects the rows `vectors` (n x D, plain arrays) onto their first two principal components: centre
 * them, then take the top two eigenvectors of the n x n Gram matrix by power iteration. Returns n (x, y).
 */
/**
 * The shares of the vectors' variance (about their mean) that the two coordinates `points` of pca2d carry:
 * the variance along a principal component is the sum of the squares of its coordinates.
 */
export function explainedVariance(vectors: readonly Float32Array[], points: readonly [number, number][]): [number, number] {
  const n = vectors.length;
  if (n === 0) return [0, 0];
  const dim = vectors[0].length;
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let d = 0; d < dim; d++) mean[d] += v[d] / n;
  let total = 0;
  for (const v of vectors) for (let d = 0; d < dim; d++) total += (v[d] - mean[d]) ** 2;
  if (total === 0) return [0, 0];
  const along = (c: 0 | 1) => points.reduce((sum, p) => sum + p[c] ** 2, 0) / total;
  return [along(0), along(1)];
}

export function pca2d(vectors: readonly Float32Array[]): [number, number][] {
  const n = vectors.length;
  if (n === 0) return [];
  const dim = vectors[0].length;
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let d = 0; d < dim; d++) mean[d] += v[d] / n;
  const centred = vectors.map((v) => Float64Array.from(v, (x, d) => x - mean[d]));
  const gram = centred.map((a) => centred.map((b) => a.reduce((s, x, d) => s + x * b[d], 0)));
  const components: Float64Array[] = [];
  const values: number[] = [];
  for (let c = 0; c < 2; c++) {
    let u = Float64Array.from({ length: n }, (_, i) => 1 + i * 0.37 + c);
    let lambda = 0;
    for (let iter = 0; iter < 200; iter++) {
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) next[i] += gram[i][j] * u[j];
      for (let p = 0; p < c; p++) {
        const dot = next.reduce((s, x, i) => s + x * components[p][i], 0);
        for (let i = 0; i < n; i++) next[i] -= dot * components[p][i];
      }
      const norm = Math.hypot(...next);
      if (norm < 1e-12) break;
      lambda = norm;
      u = next.map((x) => x / norm);
    }
    components.push(u);
    values.push(lambda);
  }
  return centred.map((_, i) => [components[0][i] * Math.sqrt(values[0]), components[1][i] * Math.sqrt(values[1])]);
}

/** Edit distance (insertions, deletions, substitutions) between two words. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The `k` vocabulary words closest in spelling to `word` (specials left out). */
export function closestSpellings(word: string, itos: readonly string[], k: number): string[] {
  return itos
    .filter((w) => !w.startsWith('<'))
    .map((w) => ({ w, d: editDistance(word, w) }))
    .sort((x, y) => x.d - y.d || x.w.localeCompare(y.w))
    .slice(0, k)
    .map((x) => x.w);
}
