// Where Lesson 6's character LSTM keeps everything in its engine's memory: the parameters (in charLmVariables'
// order, src/models/charLstm.ts), their gradients and Adam's moments at the same offsets in regions of their own,
// the transposed weights the products read, every activation the backward pass needs, and each layer's
// description for the recurrence kernels (src/kernels/assembly/recurrent.ts).

import type { CharLmConfig } from '../../models/charLstmConfig';
import { CONTROL_WORDS, type KernelExports } from '../kernels';

/** The model's shape and the batch it trains on: B windows of T characters, time first. */
export type CharEngineShape = Omit<CharLmConfig, 'learningRate' | 'seed'>;

/** A parameter of the engine: its place (a byte offset), size in floats, shape, and offset in each region. */
export interface CharParam {
  ptr: number;
  size: number;
  shape: number[];
  offset: number;
}

export interface CharLayer {
  wIh: CharParam;
  wHh: CharParam;
  bIh: CharParam;
  bHh: CharParam;
  /** Its input's width: the embedding's for the first layer, else the hidden width. */
  inputs: number;
  /** W_ih^T [inputs, 4H] and W_hh^T [H, 4H], made after each update. */
  wIhT: number;
  wHhT: number;
  /** b_ih + b_hh [4H]. */
  bias: number;
  /** Its input [T, B, inputs] (the embedded characters, or the layer below's h from its step 1). */
  x: number;
  gates: number;
  /** [T + 1, B, H]: h_0 = 0, then each step's h (the layer's output from row B on). */
  h: number;
  c: number;
  tanhC: number;
  /** The gradient of its output [T, B, H], and where the gradient of its input goes [T, B, inputs]. */
  dOut: number;
  dX: number;
  /** The 13 words the recurrence kernels read. */
  desc: number;
}

export interface CharLayout {
  k: KernelExports;
  shape: CharEngineShape;
  params: CharParam[];
  paramBytes: number;
  paramBase: number;
  gradBase: number;
  mBase: number;
  vBase: number;
  embedding: CharParam;
  layers: CharLayer[];
  linW: CharParam;
  linB: CharParam;
  linWT: number;
  embedded: number;
  zeros: number;
  logits: number;
  ids: number;
  targets: number;
  dGates: number;
  pack: number;
  control: number;
  sharedControl: number;
}

/** About the bytes the engine takes of its instance's memory for `shape`. */
export function charEngineBytes(shape: CharEngineShape): number {
  const { vocab: V, embed: E, hidden: H, layers: L, window: T, batch: B } = shape;
  const N = T * B;
  const inputs = (l: number) => (l === 0 ? E : H);
  let params = V * E + V * H + V;
  let perLayer = 0;
  for (let l = 0; l < L; l++) {
    params += 4 * H * (inputs(l) + H + 2);
    perLayer += 4 * H * (inputs(l) + H + 1) + 4 * N * H + 3 * (T + 1) * B * H;
  }
  const pack = Math.max(4 * H * Math.max(E, H), H * V, N * Math.max(E, H));
  const rest = N * E + E + H * V + N * V + 2 * N + 4 * N * H + 2 * N * Math.max(E, H) + 3 * B * H + pack;
  return 4 * (4 * params + perLayer + rest) + 16 * (8 * (4 * L + 3) + 16 * L + 32);
}

/** Lays the model out in `k`'s memory (growing it), the moments at zero; `shared` adds a helper thread's control block. */
export function layOutChar(k: KernelExports, shape: CharEngineShape, shared: boolean): CharLayout {
  const { vocab: V, embed: E, hidden: H, layers: L, window: T, batch: B } = shape;
  const N = T * B;
  const G = 4 * H;
  let top = Math.ceil(k.memory.buffer.byteLength / 64) * 64;
  k.memory.grow(Math.ceil((charEngineBytes(shape) + 64) / 65536));
  const bytes = (count: number): number => {
    const ptr = top;
    top += count;
    const need = top - k.memory.buffer.byteLength;
    if (need > 0) k.memory.grow(Math.ceil(need / 65536));
    return ptr;
  };
  const alloc = (floats: number) => bytes(Math.ceil(floats / 4) * 16);

  const params: CharParam[] = [];
  let paramBytes = 0;
  const param = (...dims: number[]): CharParam => {
    const size = dims.reduce((a, b) => a * b, 1);
    const p = { ptr: 0, size, shape: dims, offset: paramBytes };
    paramBytes += Math.ceil(size / 4) * 16;
    params.push(p);
    return p;
  };
  const inputs = (l: number) => (l === 0 ? E : H);
  const embedding = param(V, E);
  const weights = Array.from({ length: L }, (_, l) => ({ wIh: param(G, inputs(l)), wHh: param(G, H), bIh: param(G), bHh: param(G) }));
  const linW = param(V, H);
  const linB = param(V);
  const paramBase = bytes(paramBytes);
  const gradBase = bytes(paramBytes);
  const mBase = bytes(paramBytes);
  const vBase = bytes(paramBytes);
  for (const p of params) p.ptr = paramBase + p.offset;
  new Float32Array(k.memory.buffer, mBase, (2 * paramBytes) / 4).fill(0);

  const embedded = alloc(N * E);
  const dGates = alloc(N * G);
  const widest = Math.max(E, H);
  const gradients = [alloc(N * widest), alloc(N * widest)];
  const scratch = alloc(3 * B * H);
  const panels = alloc(G * H);
  const layers: CharLayer[] = [];
  for (let l = 0; l < L; l++) {
    const h = alloc((T + 1) * B * H);
    const c = alloc((T + 1) * B * H);
    new Float32Array(k.memory.buffer, h, B * H).fill(0);
    new Float32Array(k.memory.buffer, c, B * H).fill(0);
    const layer: CharLayer = {
      ...weights[l],
      inputs: inputs(l),
      wIhT: alloc(G * inputs(l)),
      wHhT: alloc(G * H),
      bias: alloc(G),
      x: l === 0 ? embedded : layers[l - 1].h + B * H * 4,
      gates: alloc(N * G),
      h,
      c,
      tanhC: alloc(N * H),
      // The top layer's output gradient is in the first buffer; each layer's input gradient goes to the other.
      dOut: gradients[(L - 1 - l) % 2],
      dX: gradients[(L - l) % 2],
      desc: alloc(16),
    };
    const words = [layer.gates, layer.wHhT, weights[l].wHh.ptr, panels, h, c, layer.tanhC, layer.dOut, dGates, scratch, T, B, H];
    new Int32Array(k.memory.buffer, layer.desc, words.length).set(words);
    layers.push(layer);
  }
  const zeros = alloc(widest);
  new Float32Array(k.memory.buffer, zeros, widest).fill(0);
  const layout: CharLayout = {
    k,
    shape,
    params,
    paramBytes,
    paramBase,
    gradBase,
    mBase,
    vBase,
    embedding,
    layers,
    linW,
    linB,
    linWT: alloc(H * V),
    embedded,
    zeros,
    logits: alloc(N * V),
    ids: alloc(N),
    targets: alloc(N),
    dGates,
    pack: alloc(Math.max(G * widest, H * V, N * widest)),
    control: 0,
    sharedControl: shared ? alloc(CONTROL_WORDS) : 0,
  };
  if (shared) new Int32Array(k.memory.buffer, layout.sharedControl, CONTROL_WORDS).fill(0);
  return layout;
}
