// Lesson 11's benchmarks: GPT-2 small's shapes (random weights of the real sizes, in Hugging Face's file layout,
// served at DialoGPT's address) on the page's engine, against PyTorch on the same step in the same run, and the
// time from a cached file to the first token.

import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { notes } from './common.mjs';

export const GPT2_FILE = '/tmp/tensor-tutor-gpt2-small-random.safetensors';
/** Where the built site serves it during the bench (a link in dist/). */
export const GPT2_SERVED = 'dist/bench/gpt2-small-random.safetensors';
const V = 50257;
const P = 1024;
const D = 768;
const L = 12;
export const GPT2_CONFIG = {
  vocab_size: V,
  n_positions: P,
  n_ctx: P,
  n_embd: D,
  n_layer: L,
  n_head: 12,
  layer_norm_epsilon: 1e-5,
  activation_function: 'gelu_new',
};

/** A GPT-2 small in Hugging Face's layout with seeded random weights (N(0, 0.02)-ish), written once to /tmp. */
export function gpt2SmallFile() {
  if (existsSync(GPT2_FILE)) return GPT2_FILE;
  const shapes = [
    ['wte.weight', [V, D]],
    ['wpe.weight', [P, D]],
  ];
  for (let l = 0; l < L; l++) {
    for (const [name, shape] of [
      ['ln_1.weight', [D]],
      ['ln_1.bias', [D]],
      ['attn.c_attn.weight', [D, 3 * D]],
      ['attn.c_attn.bias', [3 * D]],
      ['attn.c_proj.weight', [D, D]],
      ['attn.c_proj.bias', [D]],
      ['ln_2.weight', [D]],
      ['ln_2.bias', [D]],
      ['mlp.c_fc.weight', [D, 4 * D]],
      ['mlp.c_fc.bias', [4 * D]],
      ['mlp.c_proj.weight', [4 * D, D]],
      ['mlp.c_proj.bias', [D]],
    ])
      shapes.push([`h.${l}.${name}`, shape]);
  }
  shapes.push(['ln_f.weight', [D]], ['ln_f.bias', [D]]);
  const header = {};
  let offset = 0;
  for (const [name, shape] of shapes) {
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const fd = openSync(GPT2_FILE, 'w');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(text.length));
  writeSync(fd, length);
  writeSync(fd, Buffer.from(text));
  let seed = 1;
  for (const [name, shape] of shapes) {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    const gain = name.endsWith('ln_1.weight') || name.endsWith('ln_2.weight') || name === 'ln_f.weight';
    for (let i = 0; i < values.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      values[i] = (gain ? 1 : 0) + ((seed >>> 8) / 16777216 - 0.5) * 0.07;
    }
    writeSync(fd, Buffer.from(values.buffer));
  }
  closeSync(fd);
  return GPT2_FILE;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** PyTorch on the same shapes (test/bench/gpt2_torch.py): tokens/s at one and two threads; undefined without PyTorch. */
function pytorchGpt2(prompt, n) {
  try {
    const out = execFileSync('/usr/bin/python3', ['gpt2_torch.py', String(prompt), String(n)], {
      cwd: 'test/bench',
      env: { ...process.env, LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-pthread' },
      encoding: 'utf8',
      timeout: 600_000,
    });
    return JSON.parse(out.trim().split('\n').at(-1));
  } catch (error) {
    notes.push(`gpt2-decode-tokens-per-s: no PyTorch here (${String(error.message ?? error).split('\n')[0]})`);
    return undefined;
  }
}

/** Puts the random GPT-2 in the browser's cache under DialoGPT's address, then loads it from there. */
const loadRandomGpt2 = (page) =>
  page.evaluate(async () => {
    const weights = await fetch('bench/gpt2-small-random.safetensors');
    const bytes = await weights.arrayBuffer();
    if (bytes.byteLength < 1e8) throw new Error(`bench/gpt2-small-random.safetensors came as ${bytes.byteLength} bytes (${weights.status})`);
    const cache = await caches.open('tensor-tutor-data-v1');
    const headers = { 'Content-Type': 'application/octet-stream', 'Content-Length': String(bytes.byteLength) };
    await cache.put('https://huggingface.co/microsoft/DialoGPT-small/resolve/main/model.safetensors', new Response(bytes, { headers }));
    return window.lesson('gpt2').load(
      'dialogpt-small',
      new URL('.', location.href).href,
      window.proxy(() => {}),
    );
  });

export const GPT2_ENTRIES = [
  {
    name: 'gpt2-decode-tokens-per-s',
    unit: 'tokens/s',
    once: true,
    what: "Lesson 11: GPT-2 small's shapes (random weights, float32) on the page's WebAssembly engine, a 128-token prompt then 64 tokens with the KV cache; PyTorch's same step in the same run, rounds alternated, each side alone, each round a short warm-up run and the median of three",
    run: async (page) => {
      await loadRandomGpt2(page);
      const ours = [];
      const torch = [];
      for (let round = 0; round < 3; round++) {
        // As gpt2_torch.py times its side: a short warm-up run, then the median of three runs. One run alone, right
        // after PyTorch's, read its prompt at 300-330 tokens/s where the next runs read it at 380-470.
        const runs = await page.evaluate(async () => {
          const gpt2 = window.lesson('gpt2');
          await gpt2.bench(8, 4);
          const timed = [];
          for (let i = 0; i < 3; i++) timed.push(await gpt2.bench(128, 64));
          return timed;
        });
        ours.push({
          promptTokensPerSecond: median(runs.map((r) => r.promptTokensPerSecond)),
          decodeTokensPerSecond: median(runs.map((r) => r.decodeTokensPerSecond)),
        });
        const t = pytorchGpt2(128, 64);
        if (t) torch.push(t);
      }
      const decode = median(ours.map((r) => r.decodeTokensPerSecond));
      const prompt = median(ours.map((r) => r.promptTokensPerSecond));
      const spread = (xs) => `${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}`;
      let vs = '';
      if (torch.length > 0) {
        const best = (r) => Math.max(r.decode_tokens_per_s_1, r.decode_tokens_per_s_2);
        const bestPrompt = (r) => Math.max(r.prompt_tokens_per_s_1, r.prompt_tokens_per_s_2);
        vs = `; PyTorch ${torch[0].torch} (${torch[0].blas}, faster of 1 and 2 threads) decode ${median(torch.map(best)).toFixed(1)} tokens/s (${spread(torch.map(best))}), prompt ${median(torch.map(bestPrompt)).toFixed(0)} tokens/s (${spread(torch.map(bestPrompt))}); ours over PyTorch ${(decode / median(torch.map(best))).toFixed(2)}x decoding, ${(prompt / median(torch.map(bestPrompt))).toFixed(2)}x reading the prompt`;
      }
      notes.push(
        `gpt2-decode-tokens-per-s: ours decode ${decode.toFixed(1)} tokens/s (${spread(ours.map((r) => r.decodeTokensPerSecond))}), prompt ${prompt.toFixed(0)} tokens/s (${spread(ours.map((r) => r.promptTokensPerSecond))})${vs}`,
      );
      return decode;
    },
  },
  {
    name: 'gpt2-first-token-seconds',
    unit: 's',
    once: true,
    what: "Lesson 11: from Load (GPT-2 small's shapes, 498 MB, already in this browser's cache) to the first token of a 10-token prompt",
    run: async (page) => {
      await loadRandomGpt2(page);
      await page.evaluate(() => window.lesson('gpt2').unload());
      return page.evaluate(async () => {
        const gpt2 = window.lesson('gpt2');
        const started = performance.now();
        const loaded = await gpt2.load(
          'dialogpt-small',
          new URL('.', location.href).href,
          window.proxy(() => {}),
        );
        if (!loaded.fromCache) throw new Error('the model did not come from the cache');
        await gpt2.write(
          'The quick brown fox jumps over the lazy dog',
          1,
          { greedy: true, temperature: 1, topK: 0, topP: 1, seed: 0 },
          window.proxy(() => {}),
        );
        return (performance.now() - started) / 1000;
      });
    },
  },
];
