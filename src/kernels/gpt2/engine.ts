// GPT-2 reading text on this project's WebAssembly kernels (Lesson 11): every weight, the cache of every past
// position's keys and values, and the activations of the tokens being read live in one instance's memory. A call
// reads T new tokens after those in the cache (the prompt at once, then one token at a time), so a sampled token
// costs one pass through the weights, not a pass over the whole text again.

import { CONTROL_WORDS, type KernelExports, type Kernels } from '../kernels';
import { sharedInstance, startHelperOn, twoThreadsOr } from '../sharedInstance';

/** What the engine needs of a GPT-2 model's configuration. */
export interface Gpt2Shape {
  vocab: number;
  /** Positions it reads at most (n_positions). */
  positions: number;
  width: number;
  layers: number;
  heads: number;
  eps: number;
  /** GPT-2's tanh form of GELU ('gelu_new'), the exact one (Lesson 9's tiny GPT), or ReLU (Lesson 12's). */
  activation: 'gelu_new' | 'gelu' | 'relu';
  /** Whether the head has weights of its own (lm_head) rather than the token embeddings' (tied). */
  ownHead: boolean;
  /** LayerNorms before each sub-layer and a final one (GPT-2), or after each residual sum and none at the end (Lesson 12's post-LN). */
  norm?: 'pre' | 'post';
  /** The MLP's inner width (4 x width by default). */
  ff?: number;
  /** A bias on the head (lm_head.bias, Lesson 12's Linear(D, V)). */
  headBias?: boolean;
}

/** The MLP's inner width of `s`. */
const ffOf = (s: Gpt2Shape) => s.ff ?? 4 * s.width;

/** Where a block's weights are: byte offsets, Conv1D weights stored [in, out]. */
interface Block {
  ln1Weight: number;
  ln1Bias: number;
  attnWeight: number;
  attnBias: number;
  projWeight: number;
  projBias: number;
  ln2Weight: number;
  ln2Bias: number;
  fcWeight: number;
  fcBias: number;
  mlpWeight: number;
  mlpBias: number;
  keys: number;
  values: number;
}

/** The floats of every parameter, by its name without a prefix (Hugging Face's names). */
export function gpt2Parameters(s: Gpt2Shape): [name: string, size: number][] {
  const { vocab: V, positions: P, width: D, layers: L } = s;
  const F = ffOf(s);
  const out: [string, number][] = [
    ['wte.weight', V * D],
    ['wpe.weight', P * D],
  ];
  for (let l = 0; l < L; l++) {
    const b = `h.${l}.`;
    out.push(
      [`${b}ln_1.weight`, D],
      [`${b}ln_1.bias`, D],
      [`${b}attn.c_attn.weight`, D * 3 * D],
      [`${b}attn.c_attn.bias`, 3 * D],
      [`${b}attn.c_proj.weight`, D * D],
      [`${b}attn.c_proj.bias`, D],
      [`${b}ln_2.weight`, D],
      [`${b}ln_2.bias`, D],
      [`${b}mlp.c_fc.weight`, D * F],
      [`${b}mlp.c_fc.bias`, F],
      [`${b}mlp.c_proj.weight`, F * D],
      [`${b}mlp.c_proj.bias`, D],
    );
  }
  if (s.norm !== 'post') out.push(['ln_f.weight', D], ['ln_f.bias', D]);
  if (s.ownHead) out.push(['lm_head.weight', V * D]);
  if (s.headBias) out.push(['lm_head.bias', V]);
  return out;
}

/** The bytes the engine takes: parameters, the key and value caches, and the activations of a full context. */
export function gpt2EngineBytes(s: Gpt2Shape): number {
  const params = gpt2Parameters(s).reduce((n, [, size]) => n + size, 0);
  const { positions: P, width: D, layers: L, heads: H } = s;
  const activations = P * (D * 4 + 3 * D + ffOf(s) * (s.activation === 'gelu' ? 2 : 1) + 2 + 1);
  return 4 * (params + 2 * L * P * D + activations + H * P + Math.max(3 * D * D, D * ffOf(s))) + 65536;
}

export class Gpt2Engine {
  /** Positions in the cache: the text read so far. */
  length = 0;
  private top: number;
  private readonly offsets = new Map<string, number>();
  private readonly blocks: Block[] = [];
  private readonly x: number;
  private readonly ln: number;
  private readonly qkv: number;
  private readonly attOut: number;
  private readonly tmp: number;
  private readonly fc: number;
  private readonly cdf: number;
  private readonly mean: number;
  private readonly rstd: number;
  private readonly scores: number;
  /** Where the scratch of one call starts (attention maps, logits): freed by the next call. */
  private readonly scratch: number;
  /** Where a prompt's products copy a weight into panels (the largest weight's floats). */
  private readonly pack: number;
  /** The control block a helper thread serves (0: one thread), and that helper. */
  private control = 0;
  private readonly sharedControl: number;
  private helper?: { terminate(): void };

  /**
   * An engine in a new instance of `kernels`' module; with `twoThreads`, where the shared-memory build runs and its
   * helper starts, a prompt's products are split between two threads (a model that holds one must `dispose` it).
   */
  static async create(kernels: Kernels, shape: Gpt2Shape, opts: { twoThreads?: boolean } = {}): Promise<Gpt2Engine> {
    const alone = async () => new Gpt2Engine(await kernels.instantiate(), shape);
    if (!opts.twoThreads) return alone();
    return twoThreadsOr(
      kernels,
      "GPT-2's prompt",
      async (threads) => {
        const { k, memory } = await sharedInstance(threads);
        const engine = new Gpt2Engine(k, shape, true);
        engine.helper = await startHelperOn(threads, memory, engine.sharedControl);
        engine.control = engine.sharedControl;
        return engine;
      },
      alone,
    );
  }

  /** Stops the helper thread, if there is one; the engine goes on, on one thread. */
  dispose(): void {
    if (this.control) this.k.stopServing(this.control);
    this.control = 0;
    this.helper?.terminate();
    this.helper = undefined;
  }

  constructor(
    private readonly k: KernelExports,
    readonly shape: Gpt2Shape,
    shared = false,
  ) {
    const { positions: P, width: D, layers: L, heads: H } = shape;
    if (D % H !== 0) throw new Error(`The width ${D} does not split into ${H} heads.`);
    this.top = k.memory.buffer.byteLength;
    k.memory.grow(Math.ceil(gpt2EngineBytes(shape) / 65536));
    for (const [name, size] of gpt2Parameters(shape)) this.offsets.set(name, this.alloc(size));
    const at = (name: string) => this.offsets.get(name)!;
    for (let l = 0; l < L; l++) {
      const b = `h.${l}.`;
      this.blocks.push({
        ln1Weight: at(`${b}ln_1.weight`),
        ln1Bias: at(`${b}ln_1.bias`),
        attnWeight: at(`${b}attn.c_attn.weight`),
        attnBias: at(`${b}attn.c_attn.bias`),
        projWeight: at(`${b}attn.c_proj.weight`),
        projBias: at(`${b}attn.c_proj.bias`),
        ln2Weight: at(`${b}ln_2.weight`),
        ln2Bias: at(`${b}ln_2.bias`),
        fcWeight: at(`${b}mlp.c_fc.weight`),
        fcBias: at(`${b}mlp.c_fc.bias`),
        mlpWeight: at(`${b}mlp.c_proj.weight`),
        mlpBias: at(`${b}mlp.c_proj.bias`),
        keys: this.alloc(P * D),
        values: this.alloc(P * D),
      });
    }
    this.x = this.alloc(P * D);
    this.ln = this.alloc(P * D);
    this.qkv = this.alloc(P * 3 * D);
    this.attOut = this.alloc(P * D);
    this.tmp = this.alloc(P * D);
    this.fc = this.alloc(P * ffOf(shape));
    this.cdf = shape.activation === 'gelu' ? this.alloc(P * ffOf(shape)) : 0;
    this.mean = this.alloc(P);
    this.rstd = this.alloc(P);
    this.scores = this.alloc(P);
    const F = ffOf(shape);
    this.pack = this.alloc(Math.max(3 * D * D, D * F));
    this.sharedControl = shared ? this.alloc(CONTROL_WORDS) : 0;
    if (shared) new Int32Array(k.memory.buffer, this.sharedControl, CONTROL_WORDS).fill(0);
    this.scratch = this.top;
  }

  /** Room for `count` floats, 16-byte aligned, the memory grown when needed. */
  private alloc(count: number): number {
    const ptr = this.top;
    this.top += Math.ceil(count / 4) * 16;
    const need = this.top - this.k.memory.buffer.byteLength;
    if (need > 0) this.k.memory.grow(Math.ceil(need / 65536));
    return ptr;
  }

  /** `count` floats at `ptr`, a view on the memory (valid until it grows). */
  floats(ptr: number, count: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, ptr, count);
  }

  /** The view a parameter is written into (its Hugging Face name without a prefix). */
  parameter(name: string): Float32Array {
    const size = gpt2Parameters(this.shape).find(([n]) => n === name)?.[1];
    const ptr = this.offsets.get(name);
    if (ptr === undefined || size === undefined) throw new Error(`GPT-2 has no parameter ${name}.`);
    return this.floats(ptr, size);
  }

  /** Forgets the text read so far. */
  reset(): void {
    this.length = 0;
  }

  /**
   * Reads `ids` after the text in the cache: their keys and values join it. With `attention`, each block's weights
   * [H, T, length] of the new tokens; with `lens`, the residual stream [D] of the last new token after each block.
   * Leaves the final LayerNorm's output of the new tokens for `logits`.
   */
  read(ids: readonly number[], opts: { attention?: boolean; lens?: boolean } = {}): { attention?: Float32Array[]; lens?: Float32Array[] } {
    const { k } = this;
    const { vocab: V, positions: P, width: D, heads: H, eps } = this.shape;
    const T = ids.length;
    const start = this.length;
    if (T === 0) throw new Error('Nothing to read.');
    if (start + T > P) throw new Error(`GPT-2 reads at most ${P} tokens at once; this text has ${start + T}.`);
    for (const id of ids) if (!(Number.isInteger(id) && id >= 0 && id < V)) throw new Error(`Token ids run from 0 to ${V - 1}, not ${id}.`);
    this.top = this.scratch;
    const wte = this.offsets.get('wte.weight')!;
    const wpe = this.offsets.get('wpe.weight')!;
    const x = this.floats(this.x, T * D);
    ids.forEach((id, t) => {
      const token = this.floats(wte + id * D * 4, D);
      const position = this.floats(wpe + (start + t) * D * 4, D);
      for (let j = 0; j < D; j++) x[t * D + j] = token[j] + position[j];
    });
    const attention: Float32Array[] = [];
    const lens: Float32Array[] = [];
    const att = opts.attention ? this.alloc(H * T * (start + T)) : 0;
    const block = T > 1 ? this.alloc(k.blockScratch(T, start, D, H)) : 0; // a prompt attends through products, a sampled token from the cache
    const F = ffOf(this.shape);
    const post = this.shape.norm === 'post';
    // Post-LN: each sub-layer reads the stream as it is, and the sum is normed back into it.
    const norm = (weight: number, bias: number) => {
      k.layerNorm(this.x, weight, bias, this.ln, this.mean, this.rstd, T, D, eps);
      if (post) this.floats(this.x, T * D).set(this.floats(this.ln, T * D));
    };
    for (const b of this.blocks) {
      if (!post) norm(b.ln1Weight, b.ln1Bias);
      this.product(post ? this.x : this.ln, b.attnWeight, this.qkv, T, D, 3 * D);
      k.addRows(this.qkv, b.attnBias, T, 3 * D);
      if (block) k.attendBlock(this.qkv, b.keys, b.values, this.attOut, block, att, T, start, D, H);
      else k.attendCached(this.qkv, b.keys, b.values, this.attOut, this.scores, att, T, start, D, H);
      if (att) attention.push(this.floats(att, H * T * (start + T)).slice());
      this.product(this.attOut, b.projWeight, this.tmp, T, D, D);
      k.addRows(this.tmp, b.projBias, T, D);
      k.add(this.x, this.tmp, this.x, T * D);
      // Pre-LN: LN2 in front of the MLP; post-LN: LN1 over the attention's sum.
      if (post) norm(b.ln1Weight, b.ln1Bias);
      else norm(b.ln2Weight, b.ln2Bias);
      this.product(post ? this.x : this.ln, b.fcWeight, this.fc, T, D, F);
      k.addRows(this.fc, b.fcBias, T, F);
      if (this.shape.activation === 'gelu') k.gelu(this.fc, this.fc, this.cdf, T * F);
      else if (this.shape.activation === 'relu') k.relu(this.fc, this.fc, T * F);
      else k.geluTanh(this.fc, this.fc, T * F);
      this.product(this.fc, b.mlpWeight, this.tmp, T, F, D);
      k.addRows(this.tmp, b.mlpBias, T, D);
      k.add(this.x, this.tmp, this.x, T * D);
      if (post) norm(b.ln2Weight, b.ln2Bias);
      if (opts.lens) lens.push(this.floats(this.x + (T - 1) * D * 4, D).slice());
    }
    // The head reads the final LayerNorm's output (pre-LN), or the last block's, already normed (post-LN).
    if (post) this.floats(this.ln, T * D).set(this.floats(this.x, T * D));
    else k.layerNorm(this.x, this.offsets.get('ln_f.weight')!, this.offsets.get('ln_f.bias')!, this.ln, this.mean, this.rstd, T, D, eps);
    this.length = start + T;
    this.lastRead = T;
    return { attention: opts.attention ? attention : undefined, lens: opts.lens ? lens : undefined };
  }

  private lastRead = 0;

  /**
   * x [T, in] W [in, out]: one row through the weight read once; several with the blocked product, the weight copied
   * into panels where the rows are enough to pay for it, and the rows split between two threads where there are two.
   */
  private product(x: number, w: number, out: number, T: number, inner: number, cols: number): void {
    if (T === 1) this.k.vecmat(x, w, out, inner, cols);
    else this.k.matmulShared(this.control, x, w, out, T, inner, cols, false, this.pack);
  }

  /** The logits [rows, V] of the last `rows` tokens read (the final LayerNorm's outputs against the head). */
  logits(rows = 1): Float32Array {
    const { vocab: V, width: D } = this.shape;
    if (rows < 1 || rows > this.lastRead) throw new Error(`The last read had ${this.lastRead} tokens, not ${rows}.`);
    const head = this.offsets.get(this.shape.ownHead ? 'lm_head.weight' : 'wte.weight')!;
    const out = this.alloc(rows * V);
    this.k.matmulNT(this.ln + (this.lastRead - rows) * D * 4, head, out, rows, D, V);
    if (this.shape.headBias) this.k.addRows(out, this.offsets.get('lm_head.bias')!, rows, V);
    return this.floats(out, rows * V).slice();
  }

  /** What the final LayerNorm and the head make of a residual stream `x` [D] (the logit lens). */
  lensLogits(x: Float32Array): Float32Array {
    const { vocab: V, width: D, eps } = this.shape;
    const at = this.alloc(D);
    const normed = this.alloc(D);
    this.floats(at, D).set(x);
    // Post-LN: every block's output is normed already, and no final LayerNorm exists.
    if (this.shape.norm === 'post') this.floats(normed, D).set(x);
    else this.k.layerNorm(at, this.offsets.get('ln_f.weight')!, this.offsets.get('ln_f.bias')!, normed, this.mean, this.rstd, 1, D, eps);
    const out = this.alloc(V);
    this.k.matmulNT(normed, this.offsets.get(this.shape.ownHead ? 'lm_head.weight' : 'wte.weight')!, out, 1, D, V);
    if (this.shape.headBias) this.k.addRows(out, this.offsets.get('lm_head.bias')!, 1, V);
    return this.floats(out, V).slice();
  }
}
