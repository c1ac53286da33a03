// An encoder-decoder (Sutskever et al. 2014) with and without attention (Luong et al. 2015, global dot-product
// attention): the encoder LSTM reads the numbers, the decoder LSTM writes the answer from the encoder's last
// state, and with attention each output step also reads a weighted mix of all the encoder's states.

import * as tf from '@tensorflow/tfjs';
import { Adam, type AdamState } from '../../lib/adam';
import { matMul2d } from '../../lib/matmul';
import { createRng, normal, type Rng, uniformArray } from '../../lib/rng';
import { variableFrom } from '../../lib/variables';
import { type LstmWeights, lstmForward } from '../../models/lstm';

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

/** The encoder's pass over inputs [T_in, B]: its states [B, T_in, H] (what attention reads) and its last h and c. */
export function seq2seqEncode(w: Seq2SeqWeights, inputs: tf.Tensor2D): Encoded {
  return tf.tidy(() => {
    const encoded = lstmForward(embed(w.encEmbed, inputs), w.encoder as LstmWeights); // out [T_in, B, H]
    return { states: (encoded.out as tf.Tensor3D).transpose([1, 0, 2]) as tf.Tensor3D, h: encoded.h, c: encoded.c };
  });
}

/** The encoder's states [B, T_in, H] and its last h and c [B, H] (the decoder's start). */
export interface Encoded {
  states: tf.Tensor3D;
  h: tf.Tensor;
  c: tf.Tensor;
}

/**
 * The decoder on decoder inputs [T_out, B] (the start symbol, then the answer so far) from `state` (the encoder's
 * last h and c at first): logits [T_out, B, V], and the attention weights [B, T_out, T_in] when the model has
 * attention. With attention, output step t scores every encoder state s by h_t . enc_s, mixes them by the softmax
 * of those scores into a context c_t, and reads tanh(W [c_t; h_t]); without, tanh(W h_t).
 */
export function seq2seqDecode(
  w: Seq2SeqWeights,
  encoded: Encoded,
  decoderInputs: tf.Tensor2D,
  state: { h: tf.Tensor; c: tf.Tensor } = encoded,
): { logits: tf.Tensor3D; attention?: tf.Tensor3D; h: tf.Tensor; c: tf.Tensor } {
  return tf.tidy(() => {
    const [Tout, B] = decoderInputs.shape;
    const H = w.decoder.wHh.shape[1];
    const decoded = lstmForward(embed(w.decEmbed, decoderInputs), w.decoder as LstmWeights, { h: state.h, c: state.c }); // [T_out, B, H]
    const dec = (decoded.out as tf.Tensor3D).transpose([1, 0, 2]) as tf.Tensor3D; // [B, T_out, H]
    let features: tf.Tensor;
    let attention: tf.Tensor3D | undefined;
    if (w.combine.shape[1] === 2 * H) {
      attention = tf.softmax(tf.matMul(dec, encoded.states, false, true), -1) as tf.Tensor3D; // [B, T_out, T_in]
      const context = tf.matMul(attention, encoded.states); // [B, T_out, H]
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

/** The whole model under teacher forcing: the encoder on inputs [T_in, B], then the decoder on decoder inputs [T_out, B]. */
export function seq2seqForward(
  w: Seq2SeqWeights,
  inputs: tf.Tensor2D,
  decoderInputs: tf.Tensor2D,
  state?: { h: tf.Tensor; c: tf.Tensor },
): { logits: tf.Tensor3D; attention?: tf.Tensor3D; h: tf.Tensor; c: tf.Tensor } {
  return tf.tidy(() => seq2seqDecode(w, seq2seqEncode(w, inputs), decoderInputs, state));
}

/**
 * Greedy decoding of inputs [T, B] (T output steps, as in reversal): the encoder runs once, then the decoder one
 * step at a time on its own last answer. The answers [T, B] (time first) and, with attention, the weights
 * [B, T_out, T_in] of every step.
 */
export function greedyDecode(w: Seq2SeqWeights, inputs: Int32Array, length: number, batch: number): { answers: Int32Array; attention?: Float32Array } {
  const vocab = w.out.shape[0];
  return tf.tidy(() => {
    const encoded = seq2seqEncode(w, tf.tensor2d(inputs, [length, batch], 'int32'));
    let previous = tf.fill([1, batch], vocab, 'int32') as tf.Tensor2D;
    let state: { h: tf.Tensor; c: tf.Tensor } = encoded;
    const answers: tf.Tensor[] = [];
    const weights: tf.Tensor[] = [];
    for (let t = 0; t < length; t++) {
      const step = seq2seqDecode(w, encoded, previous, state);
      state = { h: step.h, c: step.c };
      previous = step.logits.argMax(-1).toInt() as tf.Tensor2D; // [1, B]
      answers.push(previous);
      if (step.attention) weights.push(step.attention); // [B, 1, T_in]
    }
    return {
      answers: tf.concat(answers, 0).dataSync() as Int32Array,
      attention: weights.length > 0 ? (tf.concat(weights, 1).dataSync() as Float32Array) : undefined,
    };
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

/** A trainer's weights and optimizer as plain arrays, for its checkpoint. */
export interface Seq2SeqState {
  weights: Float32Array[];
  adam: AdamState;
}

/** The model in training: Adam on reversal batches with teacher forcing, and greedy decoding for its accuracy. */
export class Seq2SeqTrainer {
  readonly weights: Seq2SeqWeights;
  private readonly adam: Adam;
  private readonly rng: Rng;

  constructor(
    readonly config: Seq2SeqConfig,
    learningRate = 0.01,
    state?: Seq2SeqState,
  ) {
    this.rng = createRng(config.seed + 1);
    this.weights = createSeq2Seq(config, createRng(config.seed));
    const variables = seq2seqVariables(this.weights);
    if (state) {
      if (state.weights.length !== variables.length) throw new Error(`A saved encoder-decoder has ${state.weights.length} weights, not ${variables.length}.`);
      variables.forEach((v, i) => {
        if (state.weights[i].length !== v.size) throw new Error(`Saved weight ${i} has ${state.weights[i].length} values, not ${v.size}.`);
        tf.tidy(() => v.assign(tf.tensor(state.weights[i], v.shape)));
      });
    }
    this.adam = new Adam(variables, { learningRate }, state?.adam);
  }

  /** Adam's learning rate from the next step on. */
  set learningRate(rate: number) {
    this.adam.learningRate = rate;
  }

  /** One Adam step on a batch of reversals of `length` drawn from `rng` (the trainer's own by default); returns its mean cross entropy. */
  step(length: number, batch: number, rng: Rng = this.rng): number {
    const { vocab } = this.config;
    const { inputs, targets } = reversalBatch(vocab, length, batch, rng);
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
    const { inputs, targets } = reversalBatch(this.config.vocab, length, batch, createRng(seed));
    const { answers } = greedyDecode(this.weights, inputs, length, batch);
    let right = 0;
    for (let i = 0; i < targets.length; i++) if (answers[i] === targets[i]) right++;
    return right / targets.length;
  }

  async exportState(): Promise<Seq2SeqState> {
    return {
      weights: await Promise.all(seq2seqVariables(this.weights).map(async (v) => (await v.data()) as Float32Array)),
      adam: await this.adam.exportState(),
    };
  }

  dispose(): void {
    for (const v of seq2seqVariables(this.weights)) v.dispose();
    this.adam.dispose();
  }
}
