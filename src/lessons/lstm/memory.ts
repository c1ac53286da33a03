// Remembering the first element: the counting sequences of Part IV, but every target is the sequence's
// first number, so the answer at the last step must have been carried through all L steps.

import * as tf from '@tensorflow/tfjs';
import { Adam } from '../../lib/adam';
import { matMul2d } from '../../lib/matmul';
import { createRng, type Rng, uniformArray } from '../../lib/rng';
import { variableFrom } from '../../lib/variables';
import { consecutiveSequences } from '../counting/counting';
import { elmanForward } from '../rnn/elman';
import { lstmForward } from './lstm';
import type { CellKind, MemoryConfig } from './meta';

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
 * Trains one model of the sweep: full batch, cross entropy at every step (every target is the first
 * element), Adam with lr (E - e) / E. `onEpoch` gets each epoch's loss; `shouldStop` ends it early.
 * Returns the accuracy of the last step over all items, and the losses.
 */
export async function trainMemory(
  config: MemoryConfig,
  hooks: { onEpoch?: (epoch: number, loss: number) => void; shouldStop?: () => boolean; between?: () => Promise<void>; keep?: boolean } = {},
): Promise<{ accuracy: number; losses: number[]; stopped: boolean; model?: MemoryWeights }> {
  const { inputs, targets, items } = memoryData(config.vocab, config.length);
  if (items === 0) throw new Error(`L = ${config.length} leaves no sequence in 0..${config.vocab - 1}.`);
  const w = createMemoryWeights(config.cell, config.vocab, config.hidden, createRng(config.seed));
  const adam = new Adam(weightList(w), { learningRate: config.learningRate });
  const timeFirst = (values: Int32Array) => {
    const out = new Int32Array(values.length);
    for (let b = 0; b < items; b++) for (let t = 0; t < config.length; t++) out[t * items + b] = values[b * config.length + t];
    return tf.tensor2d(out, [config.length, items], 'int32');
  };
  const ids = timeFirst(inputs); // [L, N]
  const labels = timeFirst(targets); // [L, N]
  const losses: number[] = [];
  let stopped = false;
  try {
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      if (hooks.shouldStop?.()) {
        stopped = true;
        break;
      }
      adam.learningRate = (config.learningRate * (config.epochs - epoch)) / config.epochs;
      const loss = tf.tidy(() => {
        const variables = weightList(w);
        const { value, grads } = tf.variableGrads(() => {
          const logits = memoryLogits(config.cell, w, ids).reshape([-1, config.vocab]);
          return tf.losses.softmaxCrossEntropy(tf.oneHot(labels.flatten(), config.vocab).toFloat(), logits) as tf.Scalar;
        }, variables);
        adam.step(variables.map((v) => grads[v.name]));
        return value.dataSync()[0];
      });
      losses.push(loss);
      hooks.onEpoch?.(epoch, loss);
      await hooks.between?.();
    }
    const accuracy = tf.tidy(() => {
      const logits = memoryLogits(config.cell, w, ids); // [L, N, V]
      const last = logits.slice([config.length - 1, 0, 0], [1, items, config.vocab]).reshape([items, config.vocab]);
      return (
        last
          .argMax(-1)
          .equal(labels.slice([config.length - 1, 0], [1, items]).reshape([items]))
          .sum()
          .dataSync()[0] / items
      );
    });
    return { accuracy, losses, stopped, model: hooks.keep ? w : undefined };
  } finally {
    tf.dispose([ids, labels]);
    if (!hooks.keep) disposeMemoryWeights(w);
    adam.dispose();
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
