// Remembering the first element: the counting sequences of Part IV, but every target is the sequence's
// first number, so the answer at the last step must have been carried through all L steps.

import * as tf from '@tensorflow/tfjs';
import { type MemoryParams, type MemoryShape, memoryLastLogits, memoryLossAndGrads } from '../../kernels/fusedMemory';
import type { Kernels } from '../../kernels/lstmKernels';
import { Adam } from '../../lib/adam';
import { DataError } from '../../lib/errors';
import { matMul2d } from '../../lib/matmul';
import { checkMemory } from '../../lib/memoryBudget';
import { createRng, type Rng, uniformArray } from '../../lib/rng';
import { variableFrom } from '../../lib/variables';
import { elmanForward } from '../../models/elman';
import { lstmForward } from '../../models/lstm';
import { consecutiveSequences } from '../../text/sequences';
import { type CellKind, type MemoryConfig, memoryTrainingBytes, SWEEP_SMALLER } from './meta';

export type { CellKind, MemoryConfig };

/** The counting sequences (inputs i, i+1, ..., i+L-1), but every target is the first number, i. */
export const memoryData = (vocab: number, length: number) => consecutiveSequences(vocab, length, (i) => i);

/** A recurrent cell (Elman RNN or LSTM, PyTorch's layouts) and a Linear layer to V scores. */
export interface MemoryWeights {
  wIh: tf.Variable<tf.Rank.R2>;
  wHh: tf.Variable<tf.Rank.R2>;
  bIh: tf.Variable<tf.Rank.R1>;
  bHh: tf.Variable<tf.Rank.R1>;
  linW: tf.Variable<tf.Rank.R2>;
  linB: tf.Variable<tf.Rank.R1>;
}

/** PyTorch's default initialisation for nn.RNN / nn.LSTM and nn.Linear: uniform in +-1/sqrt(D_h). */
export function createMemoryWeights(cell: CellKind, vocab: number, hidden: number, rng: Rng): MemoryWeights {
  const rows = cell === 'lstm' ? 4 * hidden : hidden;
  const bound = 1 / Math.sqrt(hidden);
  return {
    wIh: variableFrom(uniformArray(rng, rows * vocab, bound), [rows, vocab]),
    wHh: variableFrom(uniformArray(rng, rows * hidden, bound), [rows, hidden]),
    bIh: variableFrom(uniformArray(rng, rows, bound), [rows]),
    bHh: variableFrom(uniformArray(rng, rows, bound), [rows]),
    linW: variableFrom(uniformArray(rng, vocab * hidden, bound), [vocab, hidden]),
    linB: variableFrom(uniformArray(rng, vocab, bound), [vocab]),
  };
}

const weightList = (w: MemoryWeights): tf.Variable[] => [w.wIh, w.wHh, w.bIh, w.bHh, w.linW, w.linB];

/** Logits [L, B, V] for number sequences `ids` [L, B]: one-hot inputs through the cell, then the Linear layer. */
export function memoryLogits(cell: CellKind, w: MemoryWeights, ids: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [length, batch] = ids.shape;
    const [vocab, hidden] = w.linW.shape;
    const x = tf.oneHot(ids, vocab).toFloat(); // [L, B, V]
    const weights = { wIh: w.wIh, wHh: w.wHh, bIh: w.bIh, bHh: w.bHh };
    const out = cell === 'lstm' ? lstmForward(x, weights).out : elmanForward(x, weights).out; // [L, B, D_h]
    const logits = matMul2d(out.reshape([length * batch, hidden]) as tf.Tensor2D, w.linW.transpose() as tf.Tensor2D).add(w.linB); // [L*B, V]
    return logits.reshape([length, batch, vocab]) as tf.Tensor3D;
  });
}

/**
 * One model of the sweep in training: full batch, cross entropy at every step (every target is the first
 * element), Adam with lr (E - e) / E at epoch e. With `kernels` (the WASM backend's fast path) an epoch's
 * loss and gradients come from one pass of the WebAssembly kernels; without, from tfjs's autodiff of
 * memoryLogits, the reference path they are tested against.
 */
export class MemoryTrainer {
  readonly weights: MemoryWeights;
  readonly items: number;
  /** Epochs trained so far. */
  epoch = 0;
  private readonly adam: Adam;
  /** Inputs and targets, time first [L, N], as arrays (the kernels) and as tensors (tfjs). */
  private readonly ids: Int32Array;
  private readonly labels: Int32Array;
  private readonly idsTensor: tf.Tensor2D;
  private readonly labelsTensor: tf.Tensor2D;

  constructor(
    readonly config: MemoryConfig,
    private readonly kernels?: Kernels,
  ) {
    const { inputs, targets, items } = memoryData(config.vocab, config.length);
    if (items === 0) throw new DataError(`L = ${config.length} leaves no sequence in 0..${config.vocab - 1}.`);
    checkMemory(memoryTrainingBytes(config), SWEEP_SMALLER);
    this.items = items;
    const timeFirst = (values: Int32Array) => {
      const out = new Int32Array(values.length);
      for (let b = 0; b < items; b++) for (let t = 0; t < config.length; t++) out[t * items + b] = values[b * config.length + t];
      return out;
    };
    this.ids = timeFirst(inputs);
    this.labels = timeFirst(targets);
    this.idsTensor = tf.tensor2d(this.ids, [config.length, items], 'int32');
    this.labelsTensor = tf.tensor2d(this.labels, [config.length, items], 'int32');
    this.weights = createMemoryWeights(config.cell, config.vocab, config.hidden, createRng(config.seed));
    this.adam = new Adam(weightList(this.weights), { learningRate: config.learningRate });
  }

  /** Whether epochs run on the WebAssembly kernels. */
  get fused(): boolean {
    return this.kernels !== undefined;
  }

  private get shape(): MemoryShape {
    return { cell: this.config.cell, length: this.config.length, items: this.items, vocab: this.config.vocab, hidden: this.config.hidden };
  }

  private params(): MemoryParams {
    const read = (v: tf.Variable) => v.dataSync() as Float32Array;
    const w = this.weights;
    return { wIh: read(w.wIh), wHh: read(w.wHh), bIh: read(w.bIh), bHh: read(w.bHh), linW: read(w.linW), linB: read(w.linB) };
  }

  /** The loss and the six gradients (weightList's order) at the current weights. */
  lossAndGrads(): { loss: number; grads: tf.Tensor[] } {
    const variables = weightList(this.weights);
    if (this.kernels) {
      this.kernels.beginPass();
      const { loss, grads } = memoryLossAndGrads(this.kernels, this.shape, this.ids, this.labels, this.params());
      return { loss, grads: grads.map((g, i) => tf.tensor(g, variables[i].shape)) };
    }
    const { vocab } = this.config;
    const { value, grads } = tf.variableGrads(() => {
      const logits = memoryLogits(this.config.cell, this.weights, this.idsTensor).reshape([-1, vocab]);
      return tf.losses.softmaxCrossEntropy(tf.oneHot(this.labelsTensor.flatten(), vocab).toFloat(), logits) as tf.Scalar;
    }, variables);
    const loss = value.dataSync()[0];
    value.dispose();
    return { loss, grads: variables.map((v) => grads[v.name]) };
  }

  /** One epoch (one full-batch step); returns its loss. */
  trainEpoch(): number {
    const { epochs, learningRate } = this.config;
    this.adam.learningRate = (learningRate * (epochs - this.epoch)) / epochs;
    const { loss, grads } = this.lossAndGrads();
    this.adam.step(grads);
    tf.dispose(grads);
    this.epoch++;
    return loss;
  }

  /** The accuracy of the last step over all items. */
  accuracy(): number {
    const { length, vocab } = this.config;
    const items = this.items;
    let last: Float32Array;
    if (this.kernels) {
      this.kernels.beginPass();
      last = memoryLastLogits(this.kernels, this.shape, this.ids, this.params());
    } else {
      last = tf.tidy(
        () =>
          memoryLogits(this.config.cell, this.weights, this.idsTensor)
            .slice([length - 1, 0, 0], [1, items, vocab])
            .dataSync() as Float32Array,
      );
    }
    let right = 0;
    for (let n = 0; n < items; n++) {
      let best = 0;
      for (let v = 1; v < vocab; v++) if (last[n * vocab + v] > last[n * vocab + best]) best = v;
      if (best === this.labels[(length - 1) * items + n]) right++;
    }
    return right / items;
  }

  /** Frees the data, Adam's moments and, unless `keepWeights`, the weights. */
  dispose(keepWeights = false): void {
    tf.dispose([this.idsTensor, this.labelsTensor]);
    this.adam.dispose();
    if (!keepWeights) disposeMemoryWeights(this.weights);
  }
}

/**
 * Trains one model of the sweep for its epochs (see MemoryTrainer). `onEpoch` gets each epoch's loss;
 * `shouldStop` ends it early. Returns the accuracy of the last step over all items, and the losses.
 */
export async function trainMemory(
  config: MemoryConfig,
  hooks: { onEpoch?: (epoch: number, loss: number) => void; shouldStop?: () => boolean; between?: () => Promise<void>; keep?: boolean; kernels?: Kernels } = {},
): Promise<{ accuracy: number; losses: number[]; stopped: boolean; model?: MemoryWeights }> {
  const trainer = new MemoryTrainer(config, hooks.kernels);
  const losses: number[] = [];
  let stopped = false;
  try {
    while (trainer.epoch < config.epochs) {
      if (hooks.shouldStop?.()) {
        stopped = true;
        break;
      }
      const loss = trainer.trainEpoch();
      losses.push(loss);
      hooks.onEpoch?.(trainer.epoch - 1, loss);
      await hooks.between?.();
    }
    return { accuracy: trainer.accuracy(), losses, stopped, model: hooks.keep ? trainer.weights : undefined };
  } finally {
    trainer.dispose(hooks.keep);
  }
}

export function disposeMemoryWeights(w: MemoryWeights): void {
  for (const v of weightList(w)) v.dispose();
}

/** Inside a trained model on one sequence: its answer at the last step, and its states over time (row-major [L, D_h]). */
export interface MemoryInside {
  sequence: number[];
  answer: number;
  probability: number;
  /** h_t for both cells; for the LSTM also c_t and the gates i, f, g, o. */
  hidden: Float32Array;
  cell?: Float32Array;
  gates?: { input: Float32Array; forget: Float32Array; candidate: Float32Array; output: Float32Array };
}

/** Runs a trained model (`cell`, weights `w`) on `sequence` and keeps what happens inside it at every step. */
export function lookInside(cell: CellKind, w: MemoryWeights, sequence: readonly number[]): MemoryInside {
  return tf.tidy(() => {
    const [vocab, hidden] = w.linW.shape;
    const x = tf.oneHot(tf.tensor1d(Int32Array.from(sequence), 'int32'), vocab).toFloat(); // [L, V]
    const weights = { wIh: w.wIh, wHh: w.wHh, bIh: w.bIh, bHh: w.bHh };
    const run = cell === 'lstm' ? lstmForward(x, weights, undefined, true) : { ...elmanForward(x, weights), internals: undefined };
    const last = run.out.slice([sequence.length - 1, 0], [1, hidden]); // [1, D_h]
    const probabilities = tf.softmax(tf.matMul(last, w.linW.transpose()).add(w.linB)).reshape([vocab]); // [V]
    const answer = probabilities.argMax().dataSync()[0];
    const read = (t: tf.Tensor) => new Float32Array(t.dataSync());
    const i = run.internals;
    return {
      sequence: [...sequence],
      answer,
      probability: probabilities.dataSync()[answer],
      hidden: read(run.out),
      cell: i ? read(i.cell) : undefined,
      gates: i ? { input: read(i.input), forget: read(i.forget), candidate: read(i.candidate), output: read(i.output) } : undefined,
    };
  });
}
