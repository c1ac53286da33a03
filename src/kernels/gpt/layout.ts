// Where the tiny GPT's engine keeps everything in its instance's memory: the parameters (in gptVariables'
// order, src/models/gpt.ts), their gradients and AdamW's moments at the same offsets in regions of their own,
// every activation the backward pass needs, and the scratch of the products and the attention (the products read
// the weights as PyTorch stores them, [out, in], turned as they pack them: products.ts). The layout follows llm.c's train_gpt2.c.

import { CONTROL_WORDS, type KernelExports } from '../kernels';

/** The model's shape and the batch it trains on: B sequences of T positions (T the context). */
export interface GptEngineShape {
  vocab: number;
  context: number;
  width: number;
  heads: number;
  layers: number;
  batch: number;
  /** The MLP's inner width (4 D when left out). */
  ff?: number;
  /**
   * Where the LayerNorms sit: before each sub-layer, with a final one (GPT-2, nanoGPT, Lesson 9: the default), or
   * after each residual sum, with none at the end (the original transformer, torch's TransformerEncoderLayer as
   * Project II builds it, Lesson 12).
   */
  norm?: 'pre' | 'post';
  /** The MLP's activation: the exact GELU (the default) or ReLU. */
  activation?: 'gelu' | 'relu';
  /** Learned position embeddings (the default), or the fixed sinusoids of "Attention is all you need". */
  positions?: 'learned' | 'sinusoidal';
  /** A bias on the head (Project II's Linear(D, V)). */
  headBias?: boolean;
}

/** The options of `shape` with their defaults filled in. */
export function optionsOf(shape: GptEngineShape) {
  return {
    ff: shape.ff ?? 4 * shape.width,
    post: shape.norm === 'post',
    relu: shape.activation === 'relu',
    sinusoidal: shape.positions === 'sinusoidal',
    headBias: shape.headBias === true,
  };
}

/** The fixed positions of Vaswani et al.: sin(p / 10000^(i/D)) at even i, cos at the odd one after it (Project II's table). */
export function sinusoids(context: number, width: number): Float32Array {
  const table = new Float32Array(context * width);
  for (let p = 0; p < context; p++) {
    for (let i = 0; i < width; i += 2) {
      const x = p / 10000 ** (i / width);
      table[p * width + i] = Math.sin(x);
      if (i + 1 < width) table[p * width + i + 1] = Math.cos(x);
    }
  }
  return table;
}

/** A tensor of the engine: its place (a byte offset) and size in floats. */
export interface Slot {
  ptr: number;
  size: number;
}

export interface Param extends Slot {
  shape: number[];
  /** Weight decay applies (the matrices, as the session's AdamW decides: rank 2). */
  decays: boolean;
  /** Where its gradient and moments are: the same offset from their regions' starts. */
  offset: number;
  /** Its gradient is written whole by a product (a Linear's weight): not zeroed before the backward pass. */
  written?: boolean;
}

export interface BlockParams {
  inProjWeight: Param;
  inProjBias: Param;
  outProjWeight: Param;
  outProjBias: Param;
  linear1Weight: Param;
  linear1Bias: Param;
  linear2Weight: Param;
  linear2Bias: Param;
  norm1Weight: Param;
  norm1Bias: Param;
  norm2Weight: Param;
  norm2Bias: Param;
}

/** What one block's forward pass keeps for the way back. */
export interface BlockActivations {
  ln1: number;
  ln1Mean: number;
  ln1Rstd: number;
  qkv: number;
  att: number;
  attOut: number;
  mid: number;
  ln2: number;
  ln2Mean: number;
  ln2Rstd: number;
  fc: number;
  fcGelu: number;
  /** Phi of the MLP's pre-activations, kept by GELU for its gradient. */
  fcCdf: number;
}

/** The engine's memory: the kernels, the model's shape, and the place of every tensor. */
export interface GptLayout {
  k: KernelExports;
  shape: GptEngineShape;
  /** Every parameter, in gptVariables' order. */
  params: Param[];
  /** Bytes of the parameter region (and of each of the gradient and moment regions). */
  paramBytes: number;
  paramBase: number;
  gradBase: number;
  mBase: number;
  vBase: number;
  /** AdamW's table of the parameters (each one's first float, floats, whether it decays: i32) and its step's settings (adamwShared's). */
  adamTensors: number;
  adamSettings: number;
  tokens: Param;
  /** Learned positions (a parameter), or undefined where they are fixed sinusoids. */
  positions?: Param;
  /** Where the positions added to the embeddings are, and where their gradient goes (a scratch for fixed ones). */
  positionTable: number;
  positionGrad: number;
  blocks: BlockParams[];
  /** The final LayerNorm (pre-LN models only). */
  finalNormWeight?: Param;
  finalNormBias?: Param;
  head: Param;
  headBias?: Param;
  /** The MLP's inner width, and the options of the shape. */
  options: ReturnType<typeof optionsOf>;
  resid: number[];
  acts: BlockActivations[];
  lnf: number;
  lnfMean: number;
  lnfRstd: number;
  logits: number;
  dResid: number;
  dLn: number;
  dQkv: number;
  dAttOut: number;
  dFc: number;
  /** Scratch for post-LN's gradients of the residual sums (0 for pre-LN). */
  dSum: number;
  ids: number;
  targets: number;
  scratch: number;
  /** Where a product copies its right factor into panels (the largest weight or activation). */
  pack: number;
  /** Each chunk's sums of a LayerNorm's gain and bias gradients (layerNormBackwardShared). */
  lnPartials: number;
  /** The control block a helper thread serves (0: one thread), and that thread's attention scratch. */
  control: number;
  sharedControl: number;
  helperScratch: number;
}

/** The largest right factor of the engine's products: a weight (forward, and the input's gradient) or an activation (a weight's gradient). */
const packFloats = (V: number, D: number, F: number, N: number) => Math.max(V * D, F * D, 3 * D * D, N * F, N * D);

/**
 * The kernels' layerNormPartials(n, d) without an instance (gptEngineBytes is asked before one exists): 2 d floats for
 * each chunk of rows of chunks.ts's rowsPerChunk, about 16,384 floats and a multiple of 4 rows. A test holds the two equal.
 */
export const layerNormPartialFloats = (n: number, d: number): number => Math.ceil(n / Math.max(4, Math.floor(16384 / d) & ~3)) * 2 * d;

/** About the bytes the engine takes of its instance's memory for `shape` (beyond what the module starts with). */
export function gptEngineBytes(shape: GptEngineShape): number {
  const { vocab: V, context: C, width: D, layers: L, batch: B, heads: H } = shape;
  const T = C;
  const N = B * T;
  const F = optionsOf(shape).ff;
  const params = V * D + C * D + L * (12 * D * D + 9 * D + F) + 2 * D + V * D;
  const perBlock = 2 * N * D + 4 * N + 3 * N * D + B * H * T * T + N * D + N * D + 3 * N * F;
  const activations = (L + 1) * N * D + L * perBlock + N * D + 2 * N + N * V;
  const gradients = N * D * 3 + 3 * N * D + N * F + 2 * N;
  const scratch = 6 * T * (D / H) + 2 * T * T + packFloats(V, D, F, N) + 3 * (L * 12 + 5) + 8 + layerNormPartialFloats(N, D);
  // Parameters four times (values, gradients, two moments), every buffer rounded up to 16 bytes.
  return 4 * (4 * params + activations + gradients + scratch) + 16 * (8 * (L * 12 + 5) + 24 * L + 64);
}

/** Lays the model out in `k`'s memory (growing it), the moments at zero; `shared` adds a helper thread's control block. */
export function layOut(k: KernelExports, shape: GptEngineShape, shared: boolean): GptLayout {
  const { vocab: V, context: T, width: D, layers: L, batch: B, heads: H } = shape;
  if (D % H !== 0) throw new Error(`The width ${D} does not split into ${H} heads.`);
  const N = B * T;
  const options = optionsOf(shape);
  const F = options.ff;
  let top = k.memory.buffer.byteLength;
  k.memory.grow(Math.ceil(gptEngineBytes(shape) / 65536));
  /** `count` bytes (a multiple of 16) from the engine's region. */
  const bytes = (count: number): number => {
    const ptr = top;
    top += count;
    const need = top - k.memory.buffer.byteLength;
    if (need > 0) k.memory.grow(Math.ceil(need / 65536));
    return ptr;
  };

  // The parameters, in gptVariables' order; their gradients and moments lie at the same offsets further on.
  const params: Param[] = [];
  let paramBytes = 0;
  const param = (...dims: number[]): Param => {
    const size = dims.reduce((a, b) => a * b, 1);
    const p = { ptr: 0, size, shape: dims, decays: dims.length === 2, offset: paramBytes };
    paramBytes += Math.ceil(size / 4) * 16;
    params.push(p);
    return p;
  };
  const tokens = param(V, D);
  const positions = options.sinusoidal ? undefined : param(T, D);
  const blocks = Array.from({ length: L }, () => ({
    inProjWeight: param(3 * D, D),
    inProjBias: param(3 * D),
    outProjWeight: param(D, D),
    outProjBias: param(D),
    linear1Weight: param(F, D),
    linear1Bias: param(F),
    linear2Weight: param(D, F),
    linear2Bias: param(D),
    norm1Weight: param(D),
    norm1Bias: param(D),
    norm2Weight: param(D),
    norm2Bias: param(D),
  }));
  const finalNormWeight = options.post ? undefined : param(D);
  const finalNormBias = options.post ? undefined : param(D);
  const head = param(V, D);
  for (const p of [...blocks.flatMap((b) => [b.inProjWeight, b.outProjWeight, b.linear1Weight, b.linear2Weight]), head]) p.written = true;
  const headBias = options.headBias ? param(V) : undefined;
  const paramBase = bytes(paramBytes);
  const gradBase = bytes(paramBytes);
  const mBase = bytes(paramBytes);
  const vBase = bytes(paramBytes);
  for (const p of params) p.ptr = paramBase + p.offset;
  new Float32Array(k.memory.buffer, mBase, paramBytes / 4).fill(0);
  new Float32Array(k.memory.buffer, vBase, paramBytes / 4).fill(0);

  const alloc = (count: number) => bytes(Math.ceil(count / 4) * 16);
  const adamTensors = alloc(3 * params.length);
  new Int32Array(k.memory.buffer, adamTensors, 3 * params.length).set(params.flatMap((p) => [p.offset / 4, p.size, p.decays ? 1 : 0]));
  const resid = Array.from({ length: L + 1 }, () => alloc(N * D));
  let positionTable = positions?.ptr ?? 0;
  let positionGrad = positions ? gradBase + positions.offset : 0;
  if (!positions) {
    positionTable = alloc(T * D);
    new Float32Array(k.memory.buffer, positionTable, T * D).set(sinusoids(T, D));
    positionGrad = alloc(T * D);
  }
  const layout: GptLayout = {
    k,
    shape,
    params,
    paramBytes,
    paramBase,
    gradBase,
    mBase,
    vBase,
    adamTensors,
    adamSettings: alloc(8),
    tokens,
    positions,
    positionTable,
    positionGrad,
    blocks,
    finalNormWeight,
    finalNormBias,
    head,
    headBias,
    options,
    resid,
    acts: blocks.map(() => ({
      ln1: alloc(N * D),
      ln1Mean: alloc(N),
      ln1Rstd: alloc(N),
      qkv: alloc(3 * N * D),
      att: alloc(B * H * T * T),
      attOut: alloc(N * D),
      mid: alloc(N * D),
      ln2: alloc(N * D),
      ln2Mean: alloc(N),
      ln2Rstd: alloc(N),
      fc: alloc(N * F),
      fcGelu: alloc(N * F),
      fcCdf: options.relu ? 0 : alloc(N * F),
    })),
    // Without a final LayerNorm the head reads the last block's output.
    lnf: options.post ? resid[L] : alloc(N * D),
    lnfMean: alloc(N),
    lnfRstd: alloc(N),
    logits: alloc(N * V),
    dResid: alloc(N * D),
    dLn: alloc(N * D),
    dQkv: alloc(3 * N * D),
    dAttOut: alloc(N * D),
    dFc: alloc(N * F),
    dSum: options.post ? alloc(N * D) : 0,
    ids: alloc(N),
    targets: alloc(N),
    scratch: alloc(k.attentionScratch(T, D, H)),
    pack: alloc(packFloats(V, D, F, N)),
    lnPartials: alloc(k.layerNormPartials(N, D)),
    control: 0,
    sharedControl: shared ? alloc(CONTROL_WORDS) : 0,
    helperScratch: shared ? alloc(k.attentionScratch(T, D, H)) : 0,
  };
  if (shared) new Int32Array(k.memory.buffer, layout.sharedControl, CONTROL_WORDS).fill(0);
  return layout;
}

/** `count` floats at `ptr` (a view on the memory, not a copy). */
export const floats = (m: GptLayout, ptr: number, count: number): Float32Array => new Float32Array(m.k.memory.buffer, ptr, count);
