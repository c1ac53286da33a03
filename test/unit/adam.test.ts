import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Adam } from '../../src/lib/adam';
import { createRng, uniformArray } from '../../src/lib/rng';

/** A least-squares problem: minimise |X w - y|^2 / n over w, from a seeded start. */
function problem(seed: number) {
  const rng = createRng(seed);
  const x = tf.tensor2d(uniformArray(rng, 40 * 5, 1), [40, 5]);
  const y = tf.tensor2d(uniformArray(rng, 40, 1), [40, 1]);
  const w = tf.tidy(() => tf.variable(tf.tensor2d(uniformArray(rng, 5, 0.5), [5, 1])));
  const loss = () => tf.losses.meanSquaredError(y, x.matMul(w)) as tf.Scalar;
  const dispose = () => tf.dispose([x, y, w]);
  return { w, loss, dispose };
}

describe('Adam', () => {
  it('follows the same path as tf.train.adam with the same settings, and frees its moments', () => {
    const before = tf.memory().numTensors;
    const ours = problem(3);
    const theirs = problem(3);
    const adam = new Adam([ours.w], { learningRate: 0.05 });
    const reference = tf.train.adam(0.05, 0.9, 0.999, 1e-8);
    const oursLosses: number[] = [];
    const theirLosses: number[] = [];
    for (let i = 0; i < 30; i++) {
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(ours.loss, [ours.w]);
        oursLosses.push(value.dataSync()[0]);
        adam.step([grads[ours.w.name]]);
      });
      theirLosses.push(tf.tidy(() => (reference.minimize(theirs.loss, true, [theirs.w]) as tf.Scalar).dataSync()[0]));
    }
    for (let i = 0; i < 30; i++) expect(oursLosses[i]).toBeCloseTo(theirLosses[i], 5);
    expect(oursLosses[29]).toBeLessThan(oursLosses[0]);
    const wOurs = ours.w.dataSync();
    const wTheirs = theirs.w.dataSync();
    for (let i = 0; i < wOurs.length; i++) expect(wOurs[i]).toBeCloseTo(wTheirs[i], 5);
    adam.dispose();
    reference.dispose();
    ours.dispose();
    theirs.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('picks up from an exported state: the next steps are those of an uninterrupted run', async () => {
    const before = tf.memory().numTensors;
    const straight = problem(7);
    const adamStraight = new Adam([straight.w], { learningRate: 0.1 });
    const stepOf = (p: ReturnType<typeof problem>, adam: Adam) =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(p.loss, [p.w]);
        adam.step([grads[p.w.name]]);
        return value.dataSync()[0];
      });
    const first = problem(7);
    const adamFirst = new Adam([first.w], { learningRate: 0.1 });
    for (let i = 0; i < 5; i++) {
      stepOf(straight, adamStraight);
      stepOf(first, adamFirst);
    }
    const state = await adamFirst.exportState();
    expect(state.t).toBe(5);
    const resumed = problem(7);
    tf.tidy(() => resumed.w.assign(tf.tensor2d(first.w.dataSync(), [5, 1])));
    const adamResumed = new Adam([resumed.w], { learningRate: 0.1 }, state);
    for (let i = 0; i < 5; i++) expect(stepOf(resumed, adamResumed)).toBeCloseTo(stepOf(straight, adamStraight), 6);
    for (const adam of [adamStraight, adamFirst, adamResumed]) adam.dispose();
    for (const p of [straight, first, resumed]) p.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
