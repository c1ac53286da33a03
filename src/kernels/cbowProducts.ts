// Lesson 2's full-softmax CBOW step, its costly part in this project's kernels: per chunk of a batch the context
// means h, the three products (the logits h C^T, the centre matrix's gradient dz^T h added over the chunks, and
// dh = dz C), the softmax's cross entropy, and dh / W added to the context rows; the products and the softmax on two
// threads where the build with shared memory runs, reading their right factors from panels. The same maths as Lesson
// 2's cbowChunkGradients in tfjs ops, checked against it in test/unit/cbowProducts.test.ts; max_norm and Adam stay
// where they are.
//
// A batch of at least two words per vocabulary word (the notebook's: 20,000 windows, V 4,056) takes the same maths in
// another order, through V x V matrices. h_i is the mean of W rows of E, so its logits h_i C^T are the mean of W rows of
// P = E C^T, made once a batch; and both gradients go through H = S^T dz / W (S the windows' word counts, [n, V]),
// summed row by row over the chunks in float64: dC = H^T E and dE = H C. Three products of V V D multiply-adds a batch in place of
// three of n V D (a fifth of the arithmetic at the notebook's batch); what is left, reading P's rows and adding into
// H's, is memory's work.

import { CONTROL_WORDS, type KernelExports, type Kernels } from './kernels';
import { sharedInstance, startHelperOn, twoThreadsOr } from './sharedInstance';

/** Where everything lives in the instance's memory (byte offsets). */
interface Regions {
  control: number;
  context: number;
  dContext: number;
  contexts: number;
  centre: number;
  centreT: number;
  dCentre: number;
  pack: number;
  h: number;
  dH: number;
  labels: number;
  logits: number;
  /** P = E C^T (module comment), V x V, then H once summed; 0 where the products were not made for batches that large. */
  pairs: number;
  /** H's sums, W H, in float64 (2 V V floats' room); 0 likewise. */
  dPairs: number;
}

/** Lays out `V` x `D` matrices and chunks of `chunk` windows of `W` in `k`'s memory, and the V x V pair matrices where `pairs`, growing it. */
function layOut(k: KernelExports, V: number, D: number, chunk: number, W: number, pairs: boolean): Regions {
  let top = Math.ceil(k.memory.buffer.byteLength / 64) * 64;
  const alloc = (floats: number) => {
    const at = top;
    top += Math.ceil((floats * 4) / 64) * 64;
    return at;
  };
  const regions: Regions = {
    control: alloc(CONTROL_WORDS),
    context: alloc(V * D),
    dContext: alloc(V * D),
    contexts: alloc(chunk * W),
    centre: alloc(V * D),
    centreT: alloc(V * D),
    dCentre: alloc(V * D),
    pack: alloc(V * D),
    h: alloc(chunk * D),
    dH: alloc(chunk * D),
    labels: alloc(chunk),
    logits: alloc(chunk * V),
    pairs: pairs ? alloc(V * V) : 0,
    dPairs: pairs ? alloc(2 * V * V) : 0,
  };
  const more = top - k.memory.buffer.byteLength;
  if (more > 0) k.memory.grow(Math.ceil(more / 65536));
  new Int32Array(k.memory.buffer, regions.control, CONTROL_WORDS).fill(0);
  return regions;
}

/** Windows the V x V route takes at a time: their logits (V floats each) stay in cache from the softmax to spreadRows. */
const PAIR_ROWS = 128;
/** The most memory the V x V matrices may take (P, and H's sums in float64: V up to 4,729). */
const PAIRS_MAX_BYTES = 2 ** 28;

/** Whether batches of `batch` windows over `vocab` words take the V x V route: twice as many windows as words at least, the matrices within PAIRS_MAX_BYTES. */
export function pairsPay(vocab: number, batch: number): boolean {
  return batch >= 2 * vocab && 12 * vocab * vocab <= PAIRS_MAX_BYTES;
}

export class CbowProducts {
  private control = 0;
  private helper?: { terminate(): void };
  /** Whether the batch begun goes through P and H (pairsPay). */
  private pairwise = false;

  private constructor(
    private readonly k: KernelExports,
    readonly vocab: number,
    readonly dim: number,
    readonly chunk: number,
    readonly window: number,
    private readonly at: Regions,
  ) {}

  /**
   * The step for a vocabulary of `vocab`, vectors of `dim` and windows of `window`, chunks of at most `chunk` examples,
   * batches of up to `batch` (the V x V route is laid out where those pay): on two threads where they can run.
   */
  static create(kernels: Kernels, vocab: number, dim: number, chunk: number, window: number, batch = chunk): Promise<CbowProducts> {
    const pairs = pairsPay(vocab, batch);
    return twoThreadsOr(
      kernels,
      "Lesson 2's products",
      async (threads) => {
        const { k, memory } = await sharedInstance(threads);
        const products = new CbowProducts(k, vocab, dim, chunk, window, layOut(k, vocab, dim, chunk, window, pairs));
        products.helper = await startHelperOn(threads, memory, products.at.control);
        products.control = products.at.control;
        return products;
      },
      async () => {
        const k = await kernels.instantiate();
        return new CbowProducts(k, vocab, dim, chunk, window, layOut(k, vocab, dim, chunk, window, pairs));
      },
    );
  }

  /** 2 where a helper thread shares each product, else 1. */
  get threads(): number {
    return this.control ? 2 : 1;
  }

  private floats(at: number, n: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, at, n);
  }

  /**
   * Starts a batch of `batchSize` windows: the embedding E and the centre matrix C [V, D] its chunks read (and C^T),
   * both gradients at zero; where the V x V route is laid out and pays for this batch, P = E C^T and H at zero instead.
   */
  begin(context: Float32Array, centre: Float32Array, batchSize = 0): void {
    const { vocab: V, dim: D, at, k } = this;
    this.floats(at.context, V * D).set(context);
    this.floats(at.centre, V * D).set(centre);
    k.transpose(at.centre, at.centreT, V, D);
    this.pairwise = at.pairs !== 0 && pairsPay(V, batchSize);
    if (this.pairwise) {
      // finish writes both gradients whole; the chunks sum into H.
      k.matmulShared(this.control, at.context, at.centreT, at.pairs, V, D, V, false, at.pack);
      new Float64Array(k.memory.buffer, at.dPairs, V * V).fill(0);
      return;
    }
    this.floats(at.dCentre, V * D).fill(0);
    this.floats(at.dContext, V * D).fill(0);
  }

  /** Whether the batch begun takes the V x V route. */
  get pairRoute(): boolean {
    return this.pairwise;
  }

  /**
   * One chunk of a batch of `batchSize`: the context ids [n, W] and the centre words [n]. With h the context means,
   * adds dz^T h to the gradient of C (dz = (softmax(h C^T) - onehot) / batchSize) and dh / W (dh = dz C) to each
   * context row's gradient; returns the chunk's loss sum. On the V x V route the logits are means of P's rows and dz
   * goes into H, PAIR_ROWS windows at a time; `finish` makes the gradients.
   */
  chunkGradients(contexts: Int32Array, centres: Int32Array, batchSize: number): number {
    const { vocab: V, dim: D, window: W, at, k, control } = this;
    const n = centres.length;
    if (n > this.chunk || contexts.length !== n * W) throw new Error(`A chunk of ${n} rows does not fit the products' ${this.chunk}.`);
    new Int32Array(k.memory.buffer, at.contexts, n * W).set(contexts);
    new Int32Array(k.memory.buffer, at.labels, n).set(centres);
    if (this.pairwise) {
      let lossSum = 0;
      for (let i = 0; i < n; i += PAIR_ROWS) {
        const rows = Math.min(PAIR_ROWS, n - i);
        const ids = at.contexts + i * W * 4;
        lossSum += k.meanSoftmaxShared(control, at.pairs, ids, at.labels + i * 4, at.logits, rows, W, V, 1 / batchSize);
        k.spreadWideShared(control, at.logits, ids, at.dPairs, rows, W, V);
      }
      return lossSum;
    }
    k.meanRows(at.context, at.contexts, n, W, D, at.h);
    k.matmulShared(control, at.h, at.centreT, at.logits, n, D, V, false, at.pack);
    const lossSum = k.softmaxCrossEntropyShared(control, at.logits, at.labels, n, V, 1 / batchSize);
    k.matmulTNShared(control, at.logits, at.h, at.dCentre, V, n, D, at.pack, true, 0);
    k.matmulShared(control, at.logits, at.centre, at.dH, n, V, D, false, at.pack);
    k.spreadRows(at.dH, at.contexts, at.dContext, n, W, D);
    return lossSum;
  }

  /** Ends a batch: on the V x V route, the gradients from H (dC = H^T E, dE = H C); else they are summed already. */
  finish(): void {
    if (!this.pairwise) return;
    const { vocab: V, dim: D, window: W, at, k, control } = this;
    k.narrowDivided(at.dPairs, at.pairs, V * V, W); // H over P, which the batch has done with
    k.matmulTNShared(control, at.pairs, at.context, at.dCentre, V, V, D, at.pack, false, 0);
    k.matmulShared(control, at.pairs, at.centre, at.dContext, V, V, D, false, at.pack);
  }

  /** The gradient of C summed over the batch's chunks (a view: copy it before the next batch). */
  get dCentre(): Float32Array {
    return this.floats(this.at.dCentre, this.vocab * this.dim);
  }

  /** The embedding's gradient likewise. */
  get dContext(): Float32Array {
    return this.floats(this.at.dContext, this.vocab * this.dim);
  }

  /** Stops the helper thread; the products go on, on one thread. */
  dispose(): void {
    if (this.control) this.k.stopServing(this.control);
    this.control = 0;
    this.helper?.terminate();
    this.helper = undefined;
  }
}
