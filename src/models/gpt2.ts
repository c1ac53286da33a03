// GPT-2 (Radford et al. 2019) as Hugging Face publishes it (config.json and model.safetensors): token and learned
// position embeddings, pre-LayerNorm blocks with causal self-attention and an MLP with the tanh form of GELU, a
// final LayerNorm, and the head tied to the token embeddings. Read into this project's WebAssembly engine
// (src/kernels/gpt2), with a cache of keys and values so that each new token costs one pass through the weights.

import { Gpt2Engine, type Gpt2Shape, gpt2Parameters } from '../kernels/gpt2/engine';
import type { Kernels } from '../kernels/kernels';
import { loadFastKernels } from '../kernels/load';
import { DataError } from '../lib/errors';
import { createRng } from '../lib/rng';
import { readFloats, readSafeTensors } from './safetensors';
import { type PickOptions, pickToken } from './sampling';

/** The keys of Hugging Face's GPT2Config that the model reads. */
export interface Gpt2Config {
  vocab_size: number;
  n_positions: number;
  n_embd: number;
  n_layer: number;
  n_head: number;
  layer_norm_epsilon?: number;
  activation_function?: string;
}

export interface GenerateOptions extends PickOptions {
  seed?: number;
}

export interface Gpt2Model {
  readonly config: Gpt2Config;
  readonly parameters: number;
  /** Logits [T x V] of every position of `ids` (from an empty cache); with `attention`, per block [H x T x T]. */
  forward(ids: number[], opts?: { attention?: boolean }): Promise<{ logits: Float32Array; attention?: Float32Array[] }>;
  /** `n` new ids after `prompt` (from an empty cache), each picked under `opts`; `onToken` gets each as it comes. */
  generate(prompt: number[], n: number, opts?: GenerateOptions, onToken?: (id: number) => void | boolean): Promise<number[]>;
  /** Reads `ids` after the text already read (a conversation goes on), returning the next token's logits [V]. */
  extend(ids: number[]): Float32Array;
  /** The logit lens: what the final LayerNorm and head make of the residual stream after each block, at the last of `ids`. */
  lens(ids: number[]): Float32Array[];
  /** Tokens read so far (the cache); `reset` forgets them. */
  readonly length: number;
  reset(): void;
  dispose(): void;
}

const BOUNDS = { vocab_size: [2, 1 << 20], n_positions: [1, 8192], n_embd: [1, 8192], n_layer: [1, 96], n_head: [1, 128] } as const;

/** The engine's shape from a config.json, refused in words where it is not a GPT-2 this engine can run. */
export function gpt2Shape(config: Gpt2Config, ownHead: boolean): Gpt2Shape {
  for (const [key, [min, max]] of Object.entries(BOUNDS)) {
    const value = (config as unknown as Record<string, unknown>)[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      throw new DataError(`config.json's ${key} should be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}.`);
  }
  if (config.n_embd % config.n_head !== 0) throw new DataError(`config.json's n_embd ${config.n_embd} does not split into ${config.n_head} heads.`);
  const activation = config.activation_function ?? 'gelu_new';
  if (activation !== 'gelu_new' && activation !== 'gelu') throw new DataError(`This page runs GPT-2's gelu_new (or gelu), not ${activation}.`);
  return {
    vocab: config.vocab_size,
    positions: config.n_positions,
    width: config.n_embd,
    layers: config.n_layer,
    heads: config.n_head,
    eps: config.layer_norm_epsilon ?? 1e-5,
    activation,
    ownHead,
  };
}

/** Loads a GPT-2 from its config.json and model.safetensors (either naming: `h.0...` or `transformer.h.0...`). */
export async function loadGpt2({ config, safetensors }: { config: object; safetensors: ArrayBuffer }, opts: { kernels?: Kernels } = {}): Promise<Gpt2Model> {
  const file = readSafeTensors(safetensors);
  const prefix = file.tensors.has('transformer.wte.weight') ? 'transformer.' : '';
  if (!file.tensors.has(`${prefix}wte.weight`)) throw new DataError('The model file has no wte.weight: it is not a GPT-2.');
  // Hugging Face ties the head to the token embeddings whatever the file holds: an lm_head.weight in it is not read.
  const shape = gpt2Shape(config as Gpt2Config, false);
  const engine = await Gpt2Engine.create(opts.kernels ?? (await loadFastKernels()), shape, { twoThreads: true });
  for (const [name, size] of gpt2Parameters(shape)) {
    const key = name === 'lm_head.weight' ? name : `${prefix}${name}`;
    const info = file.tensors.get(key);
    if (!info) throw new DataError(`The model file has no ${key}: it does not match its config.json.`);
    const count = info.shape.reduce((a, b) => a * b, 1);
    if (count !== size) throw new DataError(`The model file's ${key} is [${info.shape.join(', ')}], not what config.json describes.`);
    readFloats(file, key, engine.parameter(name));
  }
  return gpt2Model(config as Gpt2Config, engine);
}

/** The model API over an engine whose weights are in place; `fixed` of its floats are not learned (a table of sinusoids). */
export function gpt2Model(config: Gpt2Config, engine: Gpt2Engine, fixed = 0): Gpt2Model {
  const parameters = gpt2Parameters(engine.shape).reduce((n, [, size]) => n + size, 0) - fixed;
  const model: Gpt2Model = {
    config,
    parameters,
    async forward(ids, opts = {}) {
      engine.reset();
      const { attention } = engine.read(ids, { attention: opts.attention });
      return { logits: engine.logits(ids.length), attention };
    },
    async generate(prompt, n, opts = {}, onToken) {
      engine.reset();
      const rng = opts.greedy ? undefined : createRng(opts.seed ?? 0);
      let logits = model.extend(prompt);
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const id = pickToken(logits, opts, rng);
        out.push(id);
        if (onToken?.(id) === false || i === n - 1 || engine.length >= engine.shape.positions) break;
        logits = model.extend([id]);
      }
      return out;
    },
    extend(ids) {
      engine.read(ids);
      return engine.logits(1);
    },
    lens(ids) {
      engine.reset();
      const { lens } = engine.read(ids, { lens: true });
      return lens!.map((x) => engine.lensLogits(x));
    },
    get length() {
      return engine.length;
    },
    reset: () => engine.reset(),
    dispose: () => engine.dispose(),
  };
  return model;
}
