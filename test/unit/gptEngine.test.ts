// Lesson 9's GPT engine (the whole training step in the WebAssembly kernels) against the tfjs model it replaces:
// the loss, every parameter's gradient under autodiff, and three steps of clipped AdamW.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GptEngine, gptEngineBytes } from '../../src/kernels/gpt/engine';
import { layerNormPartialFloats, layOut } from '../../src/kernels/gpt/layout';
import { KernelGptTrainer } from '../../src/kernels/gpt/trainer';
import type { Kernels } from '../../src/kernels/kernels';
import { Adam } from '../../src/lib/adam';
import { createRng, uniformArray } from '../../src/lib/rng';
import { clipGradNorm } from '../../src/lib/schedule';
import { createGpt, disposeGpt, gptLogits, gptLoss, gptVariables } from '../../src/models/gpt';
import { kernelsOf } from './nodeHelper';
import { maxRelDiff } from './reference';

// Two shapes: SIMD-friendly sizes, and odd ones that run every kernel's scalar tail (width 10, heads of 5, V 11).
const SHAPES = [
  // Rows (B T = 72) enough that the products and the attention are split between two threads where there are two.
  { vocab: 11, context: 8, width: 16, heads: 4, layers: 2, batch: 9 },
  { vocab: 11, context: 7, width: 10, heads: 2, layers: 1, batch: 2 },
  // Products large enough to be read from panels (a weight's gradient of 1,024 x 256 or 600 x 256), on two threads.
  { vocab: 600, context: 8, width: 256, heads: 4, layers: 1, batch: 9 },
];

/** A GPT with every parameter random (biases and gains too, so that their gradients show), and a batch. */
function setup(shape: (typeof SHAPES)[number], seed: number) {
  const rng = createRng(seed);
  const w = createGpt(shape, rng);
  const variables = gptVariables(w);
  for (const v of variables) tf.tidy(() => v.assign(tf.tensor(uniformArray(rng, v.size, 0.3), v.shape)));
  const N = shape.batch * shape.context;
  const ids = Int32Array.from({ length: N }, () => Math.floor(rng() * shape.vocab));
  const targets = Int32Array.from({ length: N }, () => Math.floor(rng() * shape.vocab));
  return { w, variables, ids, targets };
}

for (const variant of ['kernels.wasm', 'kernels-relaxed.wasm', 'kernels-threads.wasm']) {
  describe(`the GPT engine (${variant})`, () => {
    let kernels: Kernels;
    beforeAll(async () => {
      kernels = await kernelsOf(variant);
    });

    for (const shape of SHAPES) {
      it(`gives tfjs's loss and gradients (width ${shape.width}, ${shape.heads} heads)`, async () => {
        const { w, variables, ids, targets } = setup(shape, 7);
        const engine = await GptEngine.create(kernels, shape);
        expect(engine.threads).toBe(variant === 'kernels-threads.wasm' ? 2 : 1);
        engine.setParameters(variables.map((v) => v.dataSync() as Float32Array));
        const x = tf.tensor2d(ids, [shape.batch, shape.context], 'int32');
        const y = tf.tensor2d(targets, [shape.batch, shape.context], 'int32');
        const { value, grads } = tf.variableGrads(() => gptLoss(w, x, y, shape.heads), variables);
        const loss = engine.forward(ids, targets);
        expect(Math.abs(loss - value.dataSync()[0])).toBeLessThan(1e-5 * value.dataSync()[0]);
        engine.backward();
        const mine = engine.getGradients();
        variables.forEach((v, i) => {
          expect(maxRelDiff(mine[i], grads[v.name].dataSync()), `gradient of tensor ${i} ${v.shape}`).toBeLessThan(2e-4);
        });
        tf.dispose([x, y, value, ...Object.values(grads)]);
        engine.dispose();
        disposeGpt(w);
      });
    }

    it('gives the next character’s logits of a window shorter than the context as tfjs does (batch 1)', async () => {
      const shape = { ...SHAPES[1], batch: 1 };
      const { w, variables } = setup(shape, 5);
      const engine = await GptEngine.create(kernels, shape);
      engine.setParameters(variables.map((v) => v.dataSync() as Float32Array));
      for (const window of [[3], [1, 4, 1, 5], [2, 7, 1, 8, 2, 8, 1]]) {
        const expected = tf.tidy(() =>
          gptLogits(w, tf.tensor2d(window, [1, window.length], 'int32'), shape.heads)
            .slice([0, window.length - 1, 0], [1, 1, -1])
            .dataSync(),
        );
        expect(maxRelDiff(engine.nextLogits(window), expected)).toBeLessThan(1e-5);
      }
      expect(() => engine.nextLogits([])).toThrow('A window here is 1 to 7 characters');
      engine.dispose();
      disposeGpt(w);
    });

    it('writes through the GPT-2 engine’s cache the logits and attention the batch-1 engine gives, as the text grows, slides and the weights change', async () => {
      const opt = { beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: 0.1, maxNorm: 1 };
      // Lesson 9's kind of model, and Lesson 12's (post-LN, ReLU, sinusoidal positions, a head bias).
      for (const shape of [SHAPES[0], { ...SHAPES[1], norm: 'post', activation: 'relu', positions: 'sinusoidal', headBias: true } as const]) {
        const rng = createRng(8);
        const one = await GptEngine.create(kernels, { ...shape, batch: 1 });
        const values = one.params.map((p) => uniformArray(rng, p.size, 0.3));
        const trainer = await KernelGptTrainer.create(kernels, shape, opt, values);
        const text = Array.from({ length: shape.context + 4 }, () => Math.floor(rng() * shape.vocab));
        const check = () => {
          one.setParameters(trainer.getParameters());
          for (let end = 1; end <= text.length; end++) {
            const window = text.slice(Math.max(0, end - shape.context), end);
            expect(maxRelDiff(trainer.nextLogits(window), one.nextLogits(window))).toBeLessThan(1e-4);
          }
          // The attention maps of a prompt come from the same engine, then the writing goes on through its cache.
          const prompt = text.slice(0, shape.context - 1);
          const maps = trainer.attention(prompt);
          const expected = one.attention(prompt);
          expect(maps).toHaveLength(shape.layers);
          for (const [l, map] of maps.entries()) expect(maxRelDiff(map, expected[l])).toBeLessThan(1e-4);
          expect(maxRelDiff(trainer.nextLogits(text.slice(0, shape.context)), one.nextLogits(text.slice(0, shape.context)))).toBeLessThan(1e-4);
        };
        check();
        const N = shape.batch * shape.context;
        const ids = Int32Array.from({ length: N }, () => Math.floor(rng() * shape.vocab));
        trainer.step({ ids, targets: ids }, 0.01);
        check();
        expect(() => trainer.nextLogits([])).toThrow(/A window here is 1 to/);
        trainer.dispose();
        one.dispose();
      }
    });

    it('lays itself out within gptEngineBytes (the memory it grows up front), LayerNorm partials and the AdamW table included', async () => {
      const LESSON_9 = { vocab: 65, context: 64, width: 128, heads: 4, layers: 4, batch: 12 };
      for (const shape of [...SHAPES, LESSON_9, { ...SHAPES[0], norm: 'post', activation: 'relu', positions: 'sinusoidal', headBias: true } as const]) {
        // A fresh instance of the one-thread build of this module: the engine's region starts where its memory ends.
        const k = await kernels.instantiate();
        const before = k.memory.buffer.byteLength;
        layOut(k, shape, false);
        const N = shape.batch * shape.context;
        expect(layerNormPartialFloats(N, shape.width)).toBe(k.layerNormPartials(N, shape.width));
        expect(k.memory.buffer.byteLength - before, JSON.stringify(shape)).toBe(Math.ceil(gptEngineBytes(shape) / 65536) * 65536);
      }
    });

    it('takes clipped AdamW steps as src/lib/adam.ts and clipGradNorm do, with weight decay on the matrices', async () => {
      const shape = SHAPES[0];
      const { w, variables, ids, targets } = setup(shape, 11);
      const engine = await GptEngine.create(kernels, shape);
      engine.setParameters(variables.map((v) => v.dataSync() as Float32Array));
      const adam = new Adam(variables, { learningRate: 0.01, beta2: 0.99, weightDecay: 0.1, decays: (i) => variables[i].rank === 2 });
      const x = tf.tensor2d(ids, [shape.batch, shape.context], 'int32');
      const y = tf.tensor2d(targets, [shape.batch, shape.context], 'int32');
      for (const lr of [0.01, 0.005, 0.002]) {
        adam.learningRate = lr;
        const expectedLoss = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => gptLoss(w, x, y, shape.heads), variables);
          const clipped = clipGradNorm(
            variables.map((v) => grads[v.name]),
            0.1,
          );
          adam.step(clipped.grads);
          return value.dataSync()[0];
        });
        const { loss, norm } = engine.trainStep(ids, targets, lr, { beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: 0.1, maxNorm: 0.1 });
        expect(norm).toBeGreaterThan(0.1); // the clipping did something
        expect(Math.abs(loss - expectedLoss)).toBeLessThan(1e-4);
      }
      const mine = engine.getParameters();
      variables.forEach((v, i) => {
        expect(maxRelDiff(mine[i], v.dataSync()), `parameter ${i} ${v.shape}`).toBeLessThan(5e-4);
      });
      const state = engine.getAdamState();
      const expected = await adam.exportState();
      expect(state.t).toBe(3);
      expect(maxRelDiff(state.m[2], expected.m[2])).toBeLessThan(1e-3);
      tf.dispose([x, y]);
      engine.dispose();
      adam.dispose();
      disposeGpt(w);
    });
  });
}
