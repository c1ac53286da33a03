// Remembering the first element: the counting sequences of Part IV, but every target is the sequence's
// first number, so the answer at the last step must have been carried through all L steps.

import * as tf from '@tensorflow/tfjs';
import type { Kernels } from '../../kernels/kernels';
import { Adam } from '../../lib/adam';
import { DataError } from '../../lib/errors';
import { checkMemory } from '../../lib/memoryBudget';
import { createRng } from '../../lib/rng';
import { elmanForward } from '../../models/elman';
import { lstmForward } from '../../models/lstm';
import { consecutiveSequences } from '../../text/sequences';
import { createMemoryWeights, type MemoryWeights, weightList } from './memoryModel';
import { type MemoryPass, memoryPassFor } from './memoryPass';
import { type CellKind, type MemoryConfig, memoryTrainingBytes, SWEEP_SMALLER } from './meta';

export type { CellKind, MemoryConfig, MemoryWeights };

/** The counting sequences (inputs i, i+1, ..., i+L-1), but every target is the first number, i. */
export const memoryData = (vocab: number, length: number) => consecutiveSequences(vocab, length, (i) => i);

/**
 * One model of the sweep in training: full batch, cross entropy at every step (every target is the first
 * element), Adam with lr (E - e) / E at epoch e. An epoch's loss and gradients come from one MemoryPass: the
 * WebAssembly kernels' where the worker loaded them (the WASM backend's fast path), else tfjs's autodiff of
 * memoryLogits, the reference path they are tested against.
 */
export class MemoryTrainer {
  readonly weights: MemoryWeights;
  readonly items: number;
  /** Epochs trained so far. */
  epoch = 0;
  private readonly adam: Adam;
  /** The labels, time first [L, N]. */
  private readonly labels: Int32Array;
  private readonly pass: MemoryPass;

  constructor(
    readonly config: MemoryConfig,
    kernels?: Kernels,
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
    this.labels = timeFirst(targets);
    const shape = { cell: config.cell, length: config.length, items, vocab: config.vocab, hidden: config.hidden };
    this.pass = memoryPassFor(kernels, { shape, ids: timeFirst(inputs), labels: this.labels });
    this.weights = createMemoryWeights(config.cell, config.vocab, config.hidden, createRng(config.seed));
    this.adam = new Adam(weightList(this.weights), { learningRate: config.learningRate });
  }

  /** Whether epochs run on the WebAssembly kernels. */
  get fused(): boolean {
    return this.pass.engine.kernels;
  }

  /** The loss and the six gradients (weightList's order) at the current weights. */
  lossAndGrads(): { loss: number; grads: tf.Tensor[] } {
    return this.pass.lossAndGrads(this.weights);
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
    const last = this.pass.lastLogits(this.weights);
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
    this.pass.dispose();
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
