// Lesson 11's GPT-2 engine against PyTorch: tiny GPT-2s in Hugging Face's layout (test/models/makeGpt2Fixtures.py)
// read through the real loader, their logits, attention, logit lens and greedy continuations compared with the
// values PyTorch computed; the cache of keys and values gives what reading the whole text again gives.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Kernels } from '../../src/kernels/kernels';
import { loadKernels } from '../../src/kernels/kernels';
import { createRng } from '../../src/lib/rng';
import { createGpt, disposeGpt, gptLogits, gptVariables } from '../../src/models/gpt';
import { loadGpt2 } from '../../src/models/gpt2';
import { charTokenizer, loadTinyGpt } from '../../src/models/tinyGpt';
import { kernelsOf } from './nodeHelper';
import { maxAbsDiff } from './reference';

let kernels: Kernels;
beforeAll(async () => {
  kernels = await loadKernels(readFileSync(new URL('../../src/kernels/kernels-relaxed.wasm', import.meta.url)));
});

interface Expected {
  prompt: number[];
  check: number[];
  logits: number[][];
  top: number[][];
  topLogits: number[][];
  logsumexp: number[];
  attention: number[][];
  greedy: number[];
  lensTop: number[];
  lensMax: number[];
}

const fixture = (name: string) => {
  const dir = new URL(`../fixtures/gpt2/${name}/`, import.meta.url);
  const bytes = readFileSync(new URL('model.safetensors', dir));
  return {
    config: JSON.parse(readFileSync(new URL('config.json', dir), 'utf8')),
    safetensors: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    expected: JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Expected,
  };
};

const logsumexp = (row: Float32Array) => {
  const max = Math.max(...row);
  return max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
};

describe('GPT-2 on the WebAssembly engine', () => {
  for (const [name, what] of [
    ['tiny-a', 'float32, names as h.0..., causal-mask buffers in the file'],
    ['tiny-b', 'float16, names as transformer.h.0... and an lm_head.weight'],
    ['tiny-c', 'float32, width 64 and 4 heads (the SIMD paths)'],
  ]) {
    it(`${name} (${what}): PyTorch's logits, attention and logit lens within 1e-4`, async () => {
      const { config, safetensors, expected } = fixture(name);
      const model = await loadGpt2({ config, safetensors }, { kernels });
      const V = config.vocab_size;
      const T = expected.prompt.length;
      const { logits, attention } = await model.forward(expected.prompt, { attention: true });
      expect(logits).toHaveLength(T * V);
      for (let t = 0; t < T; t++) {
        const row = logits.subarray(t * V, (t + 1) * V);
        expect(
          maxAbsDiff(
            expected.check.map((id) => row[id]),
            expected.logits[t],
          ),
        ).toBeLessThan(1e-4);
        expect(
          maxAbsDiff(
            expected.top[t].map((id) => row[id]),
            expected.topLogits[t],
          ),
        ).toBeLessThan(1e-4);
        expect(Math.abs(logsumexp(row) - expected.logsumexp[t])).toBeLessThan(1e-4);
      }
      expect(attention).toHaveLength(config.n_layer);
      for (const [l, layer] of attention!.entries()) {
        expect(layer).toHaveLength(config.n_head * T * T);
        expect(maxAbsDiff(layer, expected.attention[l])).toBeLessThan(1e-4);
      }
      const lens = model.lens(expected.prompt);
      expect(lens.map((row) => row.indexOf(Math.max(...row)))).toEqual(expected.lensTop);
      expect(
        maxAbsDiff(
          lens.map((row) => Math.max(...row)),
          expected.lensMax,
        ),
      ).toBeLessThan(1e-4);
    });

    it(`${name}: greedy continues as PyTorch does, and the cache gives what reading the whole text again gives`, async () => {
      const { config, safetensors, expected } = fixture(name);
      const model = await loadGpt2({ config, safetensors }, { kernels });
      const streamed: number[] = [];
      const ids = await model.generate(expected.prompt, expected.greedy.length, { greedy: true }, (id) => {
        streamed.push(id);
      });
      expect(ids).toEqual(expected.greedy);
      expect(streamed).toEqual(ids);
      // Three tokens, two more after them, then one token at a time through the cache, and the whole text at once:
      // the same last logits.
      model.reset();
      model.extend(expected.prompt.slice(0, 3));
      let last = model.extend(expected.prompt.slice(3, 5));
      for (const id of expected.prompt.slice(5)) last = model.extend([id]);
      const whole = (await model.forward(expected.prompt)).logits.subarray((expected.prompt.length - 1) * config.vocab_size);
      let diff = 0;
      for (let i = 0; i < whole.length; i++) diff = Math.max(diff, Math.abs(whole[i] - last[i]));
      expect(diff).toBeLessThan(1e-4);
    });
  }

  it('samples reproducibly by seed, within the top k, and refuses what is not a GPT-2 in words', async () => {
    const { config, safetensors, expected } = fixture('tiny-c');
    const model = await loadGpt2({ config, safetensors }, { kernels });
    const a = await model.generate(expected.prompt, 8, { temperature: 0.9, topK: 3, seed: 5 });
    const b = await model.generate(expected.prompt, 8, { temperature: 0.9, topK: 3, seed: 5 });
    expect(a).toEqual(b);
    const first = (await model.forward(expected.prompt)).logits.subarray((expected.prompt.length - 1) * config.vocab_size);
    const top3 = Array.from(first.keys())
      .sort((x, y) => first[y] - first[x])
      .slice(0, 3);
    expect(top3).toContain(a[0]);
    expect(await model.generate(expected.prompt, 5, { topK: 1, temperature: 1, seed: 1 })).toEqual(expected.greedy.slice(0, 5));
    await expect(loadGpt2({ config: { ...config, n_head: 3 }, safetensors }, { kernels })).rejects.toThrow('does not split into 3 heads');
    await expect(loadGpt2({ config: { ...config, n_embd: 32 }, safetensors }, { kernels })).rejects.toThrow('not what config.json describes');
    await expect(loadGpt2({ config, safetensors: new ArrayBuffer(4) }, { kernels })).rejects.toThrow('too short to be a safetensors file');
    await expect(loadGpt2({ config, safetensors: safetensors.slice(0, 5000) }, { kernels })).rejects.toThrow(/damaged|header length/);
  });

  it('reads a long prompt on two threads (the rows split, the weights from panels) to the logits of one, then decodes the same', async () => {
    const { config, safetensors, expected } = fixture('tiny-c');
    const prompt = Array.from({ length: config.n_positions }, (_, i) => expected.prompt[i % expected.prompt.length]);
    const one = await loadGpt2({ config, safetensors }, { kernels });
    const two = await loadGpt2({ config, safetensors }, { kernels: await kernelsOf('kernels-threads.wasm') });
    expect(prompt.length).toBeGreaterThanOrEqual(32); // rows enough for the split (MIN_ROWS)
    const [a, b] = [await one.forward(prompt), await two.forward(prompt)];
    expect(maxAbsDiff(b.logits, a.logits)).toBeLessThan(1e-5);
    const shorter = prompt.slice(0, 20); // room to write after it (16 rows and more: the weights from panels)
    expect(await two.generate(shorter, 6, { greedy: true })).toEqual(await one.generate(shorter, 6, { greedy: true }));
    two.dispose(); // the helper stops; the model goes on, on one thread
    expect(maxAbsDiff((await two.forward(prompt)).logits, a.logits)).toBeLessThan(1e-5);
  });
});

describe("Lesson 9's tiny GPT in the GPT-2 engine", () => {
  it('gives the tfjs model’s logits from its exported JSON (exact GELU, its own head, Linear weights turned), and refuses another file', async () => {
    const config = { vocab: 23, context: 16, width: 32, heads: 4, layers: 2 };
    const weights = createGpt(config, createRng(7));
    const ids = [1, 5, 9, 2, 22, 0, 7, 7, 3];
    const reference = tf.tidy(() => gptLogits(weights, tf.tensor2d(ids, [1, ids.length], 'int32'), config.heads).dataSync() as Float32Array);
    const file = {
      model: 'tensor-tutor tiny GPT (Lesson 9)',
      config: { ...config },
      vocabulary: Array.from({ length: config.vocab }, (_, i) => String.fromCharCode(97 + i)),
      weights: gptVariables(weights).map((v) => ({ shape: v.shape, values: Array.from(v.dataSync()) })),
    };
    disposeGpt(weights);
    const model = await loadTinyGpt(file, { kernels });
    const { logits } = await model.forward(ids);
    expect(maxAbsDiff(logits, reference)).toBeLessThan(1e-4);
    expect(charTokenizer(file.vocabulary).encode('ab?c')).toEqual([0, 1, 2]);
    await expect(loadTinyGpt({ ...file, weights: file.weights.slice(1) }, { kernels })).rejects.toThrow('holds 28 tensors');
    await expect(loadTinyGpt({ model: 'something else' } as never, { kernels })).rejects.toThrow('not a tiny GPT exported from Lesson 9');
  });
});
