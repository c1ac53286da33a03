// Adam, written out (Kingma & Ba 2015, with PyTorch's defaults and update), so that gradients made by
// hand can be applied, its state saved in a checkpoint, and its learning rate changed per epoch.

import * as tf from '@tensorflow/tfjs';

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /**
   * AdamW's decoupled weight decay (Loshchilov & Hutter 2019), as torch.optim.AdamW applies it: each variable
   * first shrinks by lr * weightDecay of itself, then takes Adam's step. 0 (the default) is plain Adam.
   */
  weightDecay?: number;
  /** Which variables decay (by index); all when left out. GPT recipes leave biases, gains and embeddings alone. */
  decays?: (index: number) => boolean;
}

/** Adam's moments and step count, as plain arrays. */
export interface AdamState {
  t: number;
  m: Float32Array[];
  v: Float32Array[];
}

/** Adam over a fixed list of variables. */
export class Adam {
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  private readonly decays: (index: number) => boolean;
  /** Steps taken so far. */
  t = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(
    private readonly variables: readonly tf.Variable[],
    options: AdamOptions,
    state?: AdamState,
  ) {
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.decays = options.decays ?? (() => true);
    const init = (values: Float32Array[] | undefined) =>
      variables.map((variable, i) => {
        const initial = values ? tf.tensor(values[i], variable.shape) : tf.zeros(variable.shape);
        const moment = tf.variable(initial, false);
        initial.dispose();
        return moment;
      });
    this.m = init(state?.m);
    this.v = init(state?.v);
    this.t = state?.t ?? 0;
  }

  /**
   * One step: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, and each variable moves by
   * -lr * m^ / (sqrt(v^) + eps) with the bias-corrected m^ = m / (1 - b1^t), v^ = v / (1 - b2^t).
   * `gradients[i]` belongs to `variables[i]`; the gradients are not disposed.
   */
  step(gradients: readonly tf.Tensor[]): void {
    this.t++;
    const correction1 = 1 - this.beta1 ** this.t;
    const correction2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        const g = gradients[i];
        const m = this.m[i].mul(this.beta1).add(g.mul(1 - this.beta1));
        const v = this.v[i].mul(this.beta2).add(g.square().mul(1 - this.beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const denominator = v.div(correction2).sqrt().add(this.epsilon);
        const decayed = this.weightDecay > 0 && this.decays(i) ? variable.mul(1 - this.learningRate * this.weightDecay) : variable;
        variable.assign(decayed.sub(m.div(correction1).div(denominator).mul(this.learningRate)));
      });
    });
  }

  async exportState(): Promise<AdamState> {
    return {
      t: this.t,
      m: await Promise.all(this.m.map(async (x) => (await x.data()) as Float32Array)),
      v: await Promise.all(this.v.map(async (x) => (await x.data()) as Float32Array)),
    };
  }

  /** The state now, read at once (for a training step that runs elsewhere and takes it over). */
  stateSync(): AdamState {
    return { t: this.t, m: this.m.map((x) => x.dataSync() as Float32Array), v: this.v.map((x) => x.dataSync() as Float32Array) };
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
