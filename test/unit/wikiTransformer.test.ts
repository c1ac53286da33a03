// Lesson 12's transformer in the GPT engine against PyTorch: the notebook's model (post-LN TransformerEncoderLayers
// with ReLU, fixed sinusoidal positions, a head with a bias) on seeded weights, its logits within 1e-5 and one step's
// gradients within 1e-4 relative (test/models/makeWikiFixtures.py made the values).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GptEngine } from '../../src/kernels/gpt/engine';
import { sinusoids } from '../../src/kernels/gpt/layout';
import { type Kernels, loadKernels } from '../../src/kernels/kernels';
import { wikiReader } from '../../src/models/wikiTransformer';
import { maxAbsDiff, maxRelDiff } from './reference';

let kernels: Kernels;
beforeAll(async () => {
  kernels = await loadKernels(readFileSync(new URL('../../src/kernels/kernels-relaxed.wasm', import.meta.url)));
});

const fixture = JSON.parse(readFileSync(new URL('../fixtures/wiki-transformer.json', import.meta.url), 'utf8')) as {
  shape: { vocab: number; width: number; heads: number; ff: number; layers: number; context: number; batch: number };
  ids: number[];
  targets: number[];
  parameters: number[][];
  logits: number[];
  loss: number;
  gradients: number[][];
};

describe("Project II's transformer in the GPT engine", () => {
  const { vocab, width, heads, ff, layers, context, batch } = fixture.shape;
  const shape = { vocab, width, heads, ff, layers, context, batch, norm: 'post', activation: 'relu', positions: 'sinusoidal', headBias: true } as const;

  it('lays out the notebook’s parameters: no learned positions, no final LayerNorm, a head with a bias', async () => {
    const engine = await GptEngine.create(kernels, shape);
    expect(engine.params.map((p) => p.size)).toEqual(fixture.parameters.map((p) => p.length));
    expect(sinusoids(3, 4)[4 + 1]).toBeCloseTo(Math.cos(1), 6);
    expect(sinusoids(3, 4)[2 * 4 + 2]).toBeCloseTo(Math.sin(2 / 100), 6);
  });

  it('gives PyTorch’s logits within 1e-5, its loss, and one step’s gradients within 1e-4 relative', async () => {
    const engine = await GptEngine.create(kernels, shape);
    engine.setParameters(fixture.parameters.map((p) => Float32Array.from(p)));
    const ids = Int32Array.from(fixture.ids);
    expect(maxAbsDiff(engine.logits(ids), fixture.logits)).toBeLessThan(1e-5);
    const loss = engine.forward(ids, Int32Array.from(fixture.targets));
    expect(Math.abs(loss - fixture.loss)).toBeLessThan(1e-5);
    engine.backward();
    const gradients = engine.getGradients();
    for (const [i, expected] of fixture.gradients.entries())
      expect({ tensor: i, rel: maxRelDiff(gradients[i], expected) < 1e-4 }).toEqual({ tensor: i, rel: true });
  });
});

describe("Project II's transformer in Lesson 11's reader (the GPT-2 engine, post-LN)", () => {
  it('gives PyTorch’s logits within 1e-5 for every window, reading at once or token by token from its cache', async () => {
    const { vocab, width, heads, ff, layers, context, batch } = fixture.shape;
    const model = await wikiReader(
      { width, heads, ff, layers, context },
      vocab,
      fixture.parameters.map((p) => Float32Array.from(p)),
      kernels,
    );
    expect(model.parameters).toBe(fixture.parameters.reduce((n, p) => n + p.length, 0)); // the sinusoids' table is not counted
    for (let b = 0; b < batch; b++) {
      const ids = fixture.ids.slice(b * context, (b + 1) * context);
      const expected = Float32Array.from(fixture.logits.slice(b * context * vocab, (b + 1) * context * vocab));
      const { logits } = await model.forward(ids);
      expect(maxAbsDiff(logits, expected)).toBeLessThan(1e-5);
      model.reset();
      let last: Float32Array = new Float32Array(0);
      for (const id of ids) last = model.extend([id]);
      expect(maxAbsDiff(last, expected.subarray((context - 1) * vocab))).toBeLessThan(1e-5);
      // The logit lens after the last block is the model's own prediction (no final LayerNorm in post-LN).
      expect(maxAbsDiff(model.lens(ids).at(-1)!, expected.subarray((context - 1) * vocab))).toBeLessThan(1e-5);
    }
  });
});
