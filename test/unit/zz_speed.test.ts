import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { Gpt2Engine, gpt2Parameters } from '../../src/kernels/gpt2/engine';
import { loadKernels } from '../../src/kernels/kernels';

it('speed', async () => {
  const kernels = await loadKernels(readFileSync(new URL('../../src/kernels/kernels-relaxed.wasm', import.meta.url)));
  const shape = { vocab: 50257, positions: 1024, width: 768, layers: 12, heads: 12, eps: 1e-5, activation: 'gelu_new' as const, ownHead: false };
  const engine = await Gpt2Engine.create(kernels, shape);
  let seed = 1;
  for (const [name] of gpt2Parameters(shape)) {
    const v = engine.parameter(name);
    for (let i = 0; i < v.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      v[i] = ((seed >>> 8) / 16777216 - 0.5) * 0.04;
    }
  }
  const prompt = Array.from({ length: 128 }, (_, i) => (i * 97) % 50257);
  for (let round = 0; round < 2; round++) {
    engine.reset();
    let t = performance.now();
    engine.read(prompt);
    engine.logits(1);
    const prefill = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < 32; i++) {
      engine.read([i + 5]);
      engine.logits(1);
    }
    const decode = (performance.now() - t) / 32;
    console.log(
      `prefill ${prefill.toFixed(0)} ms (${(128000 / prefill).toFixed(1)} tok/s), decode ${decode.toFixed(1)} ms/token (${(1000 / decode).toFixed(1)} tok/s)`,
    );
  }
}, 300000);
