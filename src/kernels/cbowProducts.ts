// Lesson 2's full-softmax CBOW step, its costly part in this project's kernels: per chunk of a batch the three
// products (the logits h C^T, the centre matrix's gradient dz^T h added over the chunks, and dh = dz C) and the
// softmax's cross entropy, on two threads where the build with shared memory runs, reading their right factors
// from panels. The same maths as Lesson 2's cbowChunkGradients in tfjs ops, checked against it in
// test/unit/cbowProducts.test.ts; the lookups, max_norm and Adam stay where they are.

import type { KernelExports, Kernels } from './kernels';
import { sharedInstance, startHelperOn, twoThreadsOr } from './sharedInstance';

/** Where everything lives in the instance's memory (byte offsets). */
interface Regions {
  control: number;
  centre: number;
  centreT: number;
  dCentre: number;
  pack: number;
  h: number;
  dH: number;
  labels: number;
  logits: number;
}

/** Lays out `V` x `D` matrices and chunks of `chunk` rows in `k`'s memory, growing it. */
function layOut(k: KernelExports, V: number, D: number, chunk: number): Regions {
  let top = Math.ceil(k.memory.buffer.byteLength / 64) * 64;
  const alloc = (floats: number) => {
    const at = top;
    top += Math.ceil((floats * 4) / 64) * 64;
    return at;
  };
  const regions: Regions = {
    control: alloc(16),
    centre: alloc(V * D),
    centreT: alloc(V * D),
    dCentre: alloc(V * D),
    pack: alloc(V * D),
    h: alloc(chunk * D),
    dH: alloc(chunk * D),
    labels: alloc(chunk),
    logits: alloc(chunk * V),
  };
  const more = top - k.memory.buffer.byteLength;
  if (more > 0) k.memory.grow(Math.ceil(more / 65536));
  new Int32Array(k.memory.buffer, regions.control, 16).fill(0);
  return regions;
}

export class CbowProducts {
  private control = 0;
  private helper?: { terminate(): void };

  private constructor(
    private readonly k: KernelExports,
    readonly vocab: number,
    readonly dim: number,
    readonly chunk: number,
    private readonly at: Regions,
  ) {}

  /** The products for a vocabulary of `vocab` and vectors of `dim`, chunks of at most `chunk` examples: on two threads where they can run. */
  static create(kernels: Kernels, vocab: number, dim: number, chunk: number): Promise<CbowProducts> {
    return twoThreadsOr(
      kernels,
      "Lesson 2's products",
      async (threads) => {
        const { k, memory } = await sharedInstance(threads);
        const products = new CbowProducts(k, vocab, dim, chunk, layOut(k, vocab, dim, chunk));
        products.helper = await startHelperOn(threads, memory, products.at.control);
        products.control = products.at.control;
        return products;
      },
      async () => {
        const k = await kernels.instantiate();
        return new CbowProducts(k, vocab, dim, chunk, layOut(k, vocab, dim, chunk));
      },
    );
  }

  /** 2 where a helper thread takes half of each product, else 1. */
  get threads(): number {
    return this.control ? 2 : 1;
  }

  private floats(at: number, n: number): Float32Array {
    return new Float32Array(this.k.memory.buffer, at, n);
  }

  /** Starts a batch: the centre matrix C [V, D] its chunks read (and C^T), the gradient of C at zero. */
  begin(centre: Float32Array): void {
    const { vocab: V, dim: D, at } = this;
    this.floats(at.centre, V * D).set(centre);
    this.k.transpose(at.centre, at.centreT, V, D);
    this.floats(at.dCentre, V * D).fill(0);
  }

  /**
   * One chunk of a batch of `batchSize`: h [n, D] (the context means) and the centre words [n]. Adds dz^T h to the
   * gradient of C (dz = (softmax(h C^T) - onehot) / batchSize) and returns the chunk's loss sum and dh = dz C.
   */
  chunkGradients(h: Float32Array, centres: Int32Array, batchSize: number): { lossSum: number; dH: Float32Array } {
    const { vocab: V, dim: D, at, k, control } = this;
    const n = centres.length;
    if (n > this.chunk || h.length !== n * D) throw new Error(`A chunk of ${n} rows does not fit the products' ${this.chunk}.`);
    this.floats(at.h, n * D).set(h);
    new Int32Array(k.memory.buffer, at.labels, n).set(centres);
    k.matmulShared(control, at.h, at.centreT, at.logits, n, D, V, false, at.pack);
    const lossSum = k.softmaxCrossEntropyShared(control, at.logits, at.labels, n, V, 1 / batchSize);
    k.matmulTNShared(control, at.logits, at.h, at.dCentre, V, n, D, at.pack, true);
    k.matmulShared(control, at.logits, at.centre, at.dH, n, V, D, false, at.pack);
    return { lossSum, dH: this.floats(at.dH, n * D).slice() };
  }

  /** The gradient of C summed over the batch's chunks so far (a view: copy it before the next batch). */
  get dCentre(): Float32Array {
    return this.floats(this.at.dCentre, this.vocab * this.dim);
  }

  /** Stops the helper thread; the products go on, on one thread. */
  dispose(): void {
    if (this.control) this.k.stopServing(this.control);
    this.control = 0;
    this.helper?.terminate();
    this.helper = undefined;
  }
}
