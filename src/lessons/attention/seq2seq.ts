// An encoder-decoder (Sutskever et al. 2014) with and without attention (Luong et al. 2015, global dot-product
// attention): the encoder LSTM reads the numbers, the decoder LSTM writes the answer from the encoder's last
// state, and with attention each output step also reads a weighted mix of all the encoder's states.

import * as tf from '@tensorflow/tfjs';
import { Adam } from '../../lib/adam';
import { matMul2d } from '../../lib/matmul';
import { createRng, normal, type Rng, uniformArray } from '../../lib/rng';
import { variableFrom } from '../../lib/variables';
import { type LstmWeights, lstmForward } from '../lstm/lstm';

export interface Seq2SeqConfig {
  /** Numbers 0..V-1 (the decoder also reads a start symbol, V). */
  vocab: number;
  embed: number;
  hidden: number;
  attention: boolean;
  seed: number;
}

type Lstm = { wIh: tf.Variable<tf.Rank.R2>; wHh: tf.Variable<tf.Rank.R2>; bIh: tf.Variable<tf.Rank.R1>; bHh: tf.Variable<tf.Rank.R1> };

export interface Seq2SeqWeights {
  encEmbed: tf.Variable<tf.Rank.R2>; // [V, E]
  decEmbed: tf.Variable<tf.Rank.R2>; // [V + 1, E]
  encoder: Lstm;
  decoder: Lstm;
  /** The attentional layer: [H, 2H] over [context; h] with attention, [H, H] over h without. */
  combine: tf.Variable<tf.Rank.R2>;
  out: tf.Variable<tf.Rank.R2>; // [V, H]
  outBias: tf.Variable<tf.Rank.R1>; // [V]
}

/** PyTorch's defaults: embeddings N(0, 1), LSTM and Linear layers uniform in +-1/sqrt(fan). */
export function createSeq2Seq(c: Seq2SeqConfig, rng: Rng = createRng(c.seed)): Seq2SeqWeights {
  const { vocab: V, embed: E, hidden: H } = c;
  const u = (n: number, fan: number) => uniformArray(rng, n, 1 / Math.sqrt(fan));
  const lstm = (inputs: number): Lstm => ({
    wIh: variableFrom(u(4 * H * inputs, H), [4 * H, inputs]),
    wHh: variableFrom(u(4 * H * H, H), [4 * H, H]),
    bIh: variableFrom(u(4 * H, H), [4 * H]),
    bHh: variableFrom(u(4 * H, H), [4 * H]),
  });
  const combineIn = c.attention ? 2 * H : H;
  return {
    encEmbed: variableFrom(
      Float32Array.from({ length: V * E }, () => normal(rng)),
      [V, E],
    ),
    decEmbed: variableFrom(
      Float32Array.from({ length: (V + 1) * E }, () => normal(rng)),
      [V + 1, E],
    ),
    encoder: lstm(E),
    decoder: lstm(E),
    combine: variableFrom(u(H * combineIn, combineIn), [H, combineIn]),
    out: variableFrom(u(V * H, H), [V, H]),
    outBias: variableFrom(u(V, H), [V]),
  };
}

export const seq2seqVariables = (w: Seq2SeqWeights): tf.Variable[] => [
  w.encEmbed,
  w.decEmbed,
  ...[w.encoder, w.decoder].flatMap((l) => [l.wIh, l.wHh, l.bIh, l.bHh]),
  w.combine,
  w.out,
  w.outBias,
];

/** Rows of `table` [N, E] for ids [T, B], as a one-hot product (tf.gather's gradient has no WASM kernel): [T, B, E]. */
function embed(table: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor3D {
  const [T, B] = ids.shape;
  const [N, E] = table.shape;
  return matMul2d(tf.oneHot(ids.reshape([T * B]), N).toFloat() as tf.Tensor2D, table).reshape([T, B, E]);
}

/**
 * Logits [T_out, B, V] for inputs [T_in, B] and decoder inputs [T_out, B] (the start symbol, then the answer so
 * far), and the attention weights [B, T_out, T_in] when the model has attention. The decoder starts from the
 * encoder's last h and c; with attention, output step t scores every encoder state s by h_t . enc_s, mixes them
 * by the softmax of those scores into a context c_t, and reads tanh(W [c_t; h_t]); without, tanh(W h_t).
 */
export function seq2seqForward(
  w: Seq2SeqWeights,
  inputs: tf.Tensor2D,
  decoderInputs: tf.Tensor2D,
  state?: { h: tf.Tensor; c: tf.Tensor },
): { logits: tf.Tensor3D; attention?: tf.Tensor3D; h: tf.Tensor; c: tf.Tensor } {
  return tf.tidy(() => {
    const B = inputs.shape[1];
    const Tout = decoderInputs.shape[0];
    const H = w.encoder.wHh.shape[1];
    const encoded = lstmForward(embed(w.encEmbed, inputs), w.encoder as LstmWeights); // out [T_in, B, H]
    const decoded = lstmForward(embed(w.decEmbed, decoderInputs), w.decoder as LstmWeights, state ?? { h: encoded.h, c: encoded.c }); // [T_out, B, H]
    const dec = (decoded.out as tf.Tensor3D).transpose([1, 0, 2]) as tf.Tensor3D; // [B, T_out, H]
    let features: tf.Tensor;
    let attention: tf.Tensor3D | undefined;
    if (w.combine.shape[1] === 2 * H) {
      const enc = (encoded.out as tf.Tensor3D).transpose([1, 0, 2]) as tf.Tensor3D; // [B, T_in, H]
      attention = tf.softmax(tf.matMul(dec, enc, false, true), -1) as tf.Tensor3D; // [B, T_out, T_in]
      const context = tf.matMul(attention, enc); // [B, T_out, H]
      features = tf.concat([context, dec], -1).reshape([B * Tout, 2 * H]);
    } else {
      features = dec.reshape([B * Tout, H]);
    }
    const hidden = tf.tanh(matMul2d(features as tf.Tensor2D, w.combine.transpose())); // [B T_out, H]
    const logits = matMul2d(hidden as tf.Tensor2D, w.out.transpose())
      .add(w.outBias)
      .reshape([B, Tout, -1])
      .transpose([1, 0, 2]) as tf.Tensor3D; // [T_out, B, V]
    return { logits, attention, h: decoded.h, c: decoded.c };
  });
}

/** The reversal task: `batch` random sequences of `length` numbers in 0..V-1, time first, and their reversals. */
export function reversalBatch(vocab: number, length: number, batch: number, rng: Rng): { inputs: Int32Array; targets: Int32Array } {
  const inputs = new Int32Array(length * batch);
  const targets = new Int32Array(length * batch);
  for (let b = 0; b < batch; b++) {
    const seq = Array.from({ length }, () => Math.floor(rng() * vocab));
    for (let t = 0; t < length; t++) {
      inputs[t * batch + b] = seq[t];
      targets[t * batch + b] = seq[length - 1 - t];
    }
  }
  return { inputs, targets };
}

/** The decoder's inputs under teacher forcing: the start symbol V, then the targets but the last ([T, B]). */
function shifted(targets: Int32Array, length: number, batch: number, vocab: number): Int32Array {
  const out = new Int32Array(length * batch).fill(vocab, 0, batch);
  out.set(targets.subarray(0, (length - 1) * batch), batch);
  return out;
}

/** The model in training: Adam on reversal batches with teacher forcing, and greedy decoding for its accuracy. */
export class Seq2SeqTrainer {
  readonly weights: Seq2SeqWeights;
  private readonly adam: Adam;
  private readonly rng: Rng;

  constructor(
    readonly config: Seq2SeqConfig,
    learningRate = 0.01,
  ) {
    this.rng = createRng(config.seed + 1);
    this.weights = createSeq2Seq(config, createRng(config.seed));
    this.adam = new Adam(seq2seqVariables(this.weights), { learningRate });
  }

  /** Adam's learning rate from the next step on. */
  set learningRate(rate: number) {
    this.adam.learningRate = rate;
  }

  /** One Adam step on a fresh batch of reversals of `length`; returns its mean cross entropy. */
  step(length: number, batch: number): number {
    const { vocab } = this.config;
    const { inputs, targets } = reversalBatch(vocab, length, batch, this.rng);
    return tf.tidy(() => {
      const x = tf.tensor2d(inputs, [length, batch], 'int32');
      const d = tf.tensor2d(shifted(targets, length, batch, vocab), [length, batch], 'int32');
      const y = tf.oneHot(tf.tensor1d(targets, 'int32'), vocab).toFloat();
      const variables = seq2seqVariables(this.weights);
      const { value, grads } = tf.variableGrads(
        () => tf.losses.softmaxCrossEntropy(y, seq2seqForward(this.weights, x, d).logits.reshape([length * batch, vocab])) as tf.Scalar,
        variables,
      );
      this.adam.step(variables.map((v) => grads[v.name]));
      return value.dataSync()[0];
    });
  }

  /** Greedy decoding of reversals of `length`: the share of output numbers that are right. */
  accuracy(length: number, batch: number, seed = 12345): number {
    const { vocab } = this.config;
    const { inputs, targets } = reversalBatch(vocab, length, batch, createRng(seed));
    const written = tf.tidy(() => {
      const x = tf.tensor2d(inputs, [length, batch], 'int32');
      let previous = tf.fill([1, batch], vocab, 'int32') as tf.Tensor2D;
      let state: { h: tf.Tensor; c: tf.Tensor } | undefined;
      const out: tf.Tensor[] = [];
      for (let t = 0; t < length; t++) {
        // Each step runs the decoder one more step from its state; with attention it re-reads the encoder.
        const step = seq2seqForward(this.weights, x, previous, state);
        state = { h: step.h, c: step.c };
        previous = step.logits.argMax(-1).toInt() as tf.Tensor2D; // [1, B]
        out.push(previous);
      }
      return tf.concat(out, 0).dataSync();
    });
    let right = 0;
    for (let i = 0; i < targets.length; i++) if (written[i] === targets[i]) right++;
    return right / targets.length;
  }

  dispose(): void {
    for (const v of seq2seqVariables(this.weights)) v.dispose();
    this.adam.dispose();
  }
}
