// Lesson 6's character LSTM engine (the whole training step in the WebAssembly kernels) against the tfjs model it
// replaces: the loss, every parameter's gradient under autodiff, and Adam's steps, on each build of the kernels.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CharEngine } from '../../src/kernels/charLstm/engine';
import type { Kernels } from '../../src/kernels/kernels';
import { createRng, uniformArray } from '../../src/lib/rng';
import { CharLm, charLmLoss, charLmVariables } from '../../src/models/charLstm';
import { kernelsOf } from './nodeHelper';
import { maxRelDiff } from './reference';

const SHAPES = [
  // Odd sizes: every kernel's scalar tail (H 6: gates of 24, V 11, E 5), three rows split 1 and 2.
  { vocab: 11, embed: 5, hidden: 6, layers: 1, window: 5, batch: 3 },
  // Two layers, an odd batch split 16 and 17 between the threads, products read from panels.
  { vocab: 40, embed: 32, hidden: 64, layers: 2, window: 16, batch: 33 },
  // A weight's gradient large enough (800 x 200) for the panels of matmulTNShared.
  { vocab: 20, embed: 8, hidden: 200, layers: 1, window: 4, batch: 18 },
];

/** A seeded model with every parameter random (biases too), its values, and a batch. */
function setup(shape: (typeof SHAPES)[number], seed: number) {
  const rng = createRng(seed);
  const model = new CharLm({ ...shape, learningRate: 0.01, seed });
  const variables = charLmVariables(model.weights);
  for (const v of variables) tf.tidy(() => v.assign(tf.tensor(uniformArray(rng, v.size, 0.4), v.shape)));
  const N = shape.window * shape.batch;
  const ids = Int32Array.from({ length: N }, () => Math.floor(rng() * shape.vocab));
  const targets = Int32Array.from({ length: N }, () => Math.floor(rng() * shape.vocab));
  return { model, variables, ids, targets };
}

for (const variant of ['kernels.wasm', 'kernels-relaxed.wasm', 'kernels-threads.wasm']) {
  describe(`the character LSTM engine (${variant})`, () => {
    let kernels: Kernels;
    beforeAll(async () => {
      kernels = await kernelsOf(variant);
    });

    for (const shape of SHAPES) {
      it(`gives tfjs's loss and gradients (hidden ${shape.hidden}, ${shape.layers} layers, batch ${shape.batch})`, async () => {
        const { model, variables, ids, targets } = setup(shape, 7);
        const engine = await CharEngine.create(kernels, shape);
        expect(engine.threads).toBe(variant === 'kernels-threads.wasm' ? 2 : 1);
        engine.setParameters(variables.map((v) => v.dataSync() as Float32Array));
        const x = tf.tensor2d(ids, [shape.window, shape.batch], 'int32');
        const y = tf.tensor2d(targets, [shape.window, shape.batch], 'int32');
        const { value, grads } = tf.variableGrads(() => charLmLoss(model.weights, x, y), variables);
        const loss = engine.forward(ids, targets);
        expect(Math.abs(loss - value.dataSync()[0])).toBeLessThan(1e-5 * value.dataSync()[0]);
        engine.backward();
        const mine = engine.getGradients();
        variables.forEach((v, i) => {
          expect(maxRelDiff(mine[i], grads[v.name].dataSync()), `gradient of tensor ${i} ${v.shape}`).toBeLessThan(2e-4);
        });
        tf.dispose([x, y, value, ...Object.values(grads)]);
        engine.dispose();
        model.dispose();
      });
    }

    it("takes Adam's steps as src/lib/adam.ts does, and hands its state over", async () => {
      const shape = SHAPES[1];
      const { model, variables, ids, targets } = setup(shape, 11);
      const engine = await CharEngine.create(kernels, shape);
      engine.setParameters(variables.map((v) => v.dataSync() as Float32Array));
      for (let i = 0; i < 3; i++) {
        const expected = model.trainStep(ids, targets);
        expect(Math.abs(engine.trainStep(ids, targets, 0.01) - expected)).toBeLessThan(1e-4);
      }
      const mine = engine.getParameters();
      variables.forEach((v, i) => {
        expect(maxRelDiff(mine[i], v.dataSync()), `parameter ${i} ${v.shape}`).toBeLessThan(5e-4);
      });
      const state = engine.getAdamState();
      const expected = (await model.exportState()).adam;
      expect(state.t).toBe(3);
      for (const i of [0, 1, 5]) expect(maxRelDiff(state.v[i], expected.v[i])).toBeLessThan(1e-3);
      const copy = await CharEngine.create(kernels, shape);
      copy.setParameters(mine);
      copy.setAdamState(state);
      expect(copy.trainStep(ids, targets, 0.01)).toBe(engine.trainStep(ids, targets, 0.01));
      expect(() => engine.forward(ids.subarray(1), targets)).toThrow(`A batch here is ${ids.length} ids`);
      expect(() =>
        engine.forward(
          ids.map(() => shape.vocab),
          targets,
        ),
      ).toThrow('Character ids run from 0 to 39');
      copy.dispose();
      engine.dispose();
      model.dispose();
    });
  });
}
