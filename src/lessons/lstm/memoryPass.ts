// One full-batch pass of a memory model, the seam of its training (memory.ts): the loss and every weight's
// gradient at the current weights, and the last step's logits. Two implementations: the tfjs reference (autodiff
// of memoryLogits) and one pass of the project's WebAssembly kernels (src/kernels/fusedMemory.ts), chosen once.

import * as tf from '@tensorflow/tfjs';
import { type MemoryParams, type MemoryShape, memoryLastLogits, memoryLossAndGrads } from '../../kernels/fusedMemory';
import type { Kernels } from '../../kernels/kernels';
import { chooseTrainer, type EngineInfo, TFJS_ENGINE } from '../../kernels/trainer';
import { type MemoryWeights, memoryLogits, weightList } from './memoryModel';

export interface MemoryPass {
  readonly engine: EngineInfo;
  /** The loss and the six gradients (weightList's order) at `w`. */
  lossAndGrads(w: MemoryWeights): { loss: number; grads: tf.Tensor[] };
  /** The logits of the last step for every item, [N, V] row-major. */
  lastLogits(w: MemoryWeights): Float32Array;
  dispose(): void;
}

/** The data of a pass: time-first ids and labels [L, N]. */
interface PassData {
  shape: MemoryShape;
  ids: Int32Array;
  labels: Int32Array;
}

/** The reference: tfjs's autodiff of memoryLogits. */
function tfjsMemoryPass({ shape, ids, labels }: PassData): MemoryPass {
  const { cell, length, items, vocab } = shape;
  const idsTensor = tf.tensor2d(ids, [length, items], 'int32');
  const labelsTensor = tf.tensor2d(labels, [length, items], 'int32');
  return {
    engine: TFJS_ENGINE,
    lossAndGrads(w) {
      const variables = weightList(w);
      const { value, grads } = tf.variableGrads(() => {
        const logits = memoryLogits(cell, w, idsTensor).reshape([-1, vocab]);
        return tf.losses.softmaxCrossEntropy(tf.oneHot(labelsTensor.flatten(), vocab).toFloat(), logits) as tf.Scalar;
      }, variables);
      const loss = value.dataSync()[0];
      value.dispose();
      return { loss, grads: variables.map((v) => grads[v.name]) };
    },
    lastLogits(w) {
      return tf.tidy(
        () =>
          memoryLogits(cell, w, idsTensor)
            .slice([length - 1, 0, 0], [1, items, vocab])
            .dataSync() as Float32Array,
      );
    },
    dispose: () => tf.dispose([idsTensor, labelsTensor]),
  };
}

/** The weights as arrays, for the kernels. */
function params(w: MemoryWeights): MemoryParams {
  const read = (v: tf.Variable) => v.dataSync() as Float32Array;
  return { wIh: read(w.wIh), wHh: read(w.wHh), bIh: read(w.bIh), bHh: read(w.bHh), linW: read(w.linW), linB: read(w.linB) };
}

/** One pass of the kernels: every gradient at once, the one-hot input as a gather. */
function kernelMemoryPass(kernels: Kernels, { shape, ids, labels }: PassData): MemoryPass {
  return {
    engine: { kernels: true, threads: kernels.control ? 2 : 1 },
    lossAndGrads(w) {
      kernels.beginPass();
      const { loss, grads } = memoryLossAndGrads(kernels, shape, ids, labels, params(w));
      const variables = weightList(w);
      return { loss, grads: grads.map((g, i) => tf.tensor(g, variables[i].shape)) };
    },
    lastLogits(w) {
      kernels.beginPass();
      return memoryLastLogits(kernels, shape, ids, params(w));
    },
    dispose: () => {},
  };
}

/** The pass for what the worker loaded: the kernels' where they are, else tfjs's. */
export const memoryPassFor = (kernels: Kernels | undefined, data: PassData): MemoryPass =>
  chooseTrainer(kernels, { tfjs: () => tfjsMemoryPass(data), kernels: (k) => kernelMemoryPass(k, data) });
