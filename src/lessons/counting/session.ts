// Lesson 4 on the worker side: the notebook's training run of the counting RNN, one batch a step, with its
// checkpoint (weights, Adam and the epoch under way, so that a resumed run gives the same losses).

import * as tf from '@tensorflow/tfjs';
import { Adam } from '../../lib/adam';
import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { checkMemory } from '../../lib/memoryBudget';
import { createRng, type Rng, shuffleInPlace } from '../../lib/rng';
import { runLoop } from '../../train/loop';
import type { SessionSlot, ShouldStop, TrainingSession } from '../../train/session';
import type { TrainProgress } from '../../train/types';
import type { CountingRestored } from './api';
import {
  type CountingState,
  type CountingWeights,
  countingData,
  countingForward,
  countingLoss,
  createCountingWeights,
  timeFirst,
  weightList,
} from './counting';
import { COUNTING_FIELDS, COUNTING_SMALLER, type CountingAccuracy, type CountingConfig, type CountingPrediction, countingTrainingBytes } from './meta';

type Checkpoint = CountingState & { savedAt: number };

/** The per-epoch shuffle: its own generator per (seed, epoch), so a resumed run sees the same order. */
const epochRng = (seed: number, epoch: number): Rng => createRng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b)) >>> 0);

/**
 * The training run of the notebook: epochs of shuffled batches (the last, short batch dropped, as
 * DataLoader's drop_last), Adam with the learning rate times (E - e) / E in epoch e, one `step()` a batch.
 */
export class CountingSession implements TrainingSession {
  readonly config: CountingConfig;
  readonly weights: CountingWeights;
  readonly items: number;
  readonly stepsPerEpoch: number;
  step = 0;
  /** Epochs past the schedule's `config.epochs`, added by "Train further"; they run at its last rate, lr / E. */
  extraEpochs = 0;
  epochMeans: { epoch: number; loss: number }[] = [];
  private epochLosses: number[] = [];
  private readonly adam: Adam;
  private readonly data: { inputs: Int32Array; targets: Int32Array };
  private order: Int32Array = new Int32Array(0);
  private orderEpoch = -1;

  constructor(config: CountingConfig, state?: CountingState) {
    this.config = config;
    checkMemory(countingTrainingBytes(config), COUNTING_SMALLER);
    const data = countingData(config.vocab, config.length);
    this.data = data;
    this.items = data.items;
    this.stepsPerEpoch = Math.floor(data.items / config.batch);
    if (this.stepsPerEpoch === 0) {
      throw new DataError(
        `A batch of ${config.batch} is larger than the ${data.items} sequences there are (V - L = ${config.vocab} - ${config.length}); with the last short batch dropped, nothing would train.`,
      );
    }
    this.weights = createCountingWeights(config.vocab, config.hidden, createRng(config.seed), state?.weights);
    this.adam = new Adam(weightList(this.weights), { learningRate: config.learningRate }, state?.adam);
    if (state) {
      this.step = state.step;
      this.epochMeans = state.epochMeans.slice();
      this.epochLosses = state.epochLosses.slice();
      this.extraEpochs = state.extraEpochs ?? 0;
    }
  }

  get totalSteps(): number {
    return this.stepsPerEpoch * (this.config.epochs + this.extraEpochs);
  }

  get epoch(): number {
    return Math.floor(this.step / this.stepsPerEpoch);
  }

  /** The learning rate of epoch `epoch`: the notebook's LambdaLR, lr (E - e) / E; epochs past E keep its last, lr / E. */
  rateAt(epoch: number): number {
    return (this.config.learningRate * Math.max(1, this.config.epochs - epoch)) / this.config.epochs;
  }

  /** "Train further": `epochs` more epochs at the schedule's last rate; the new total of steps. */
  extend(epochs: number): number {
    this.extraEpochs += epochs;
    return this.totalSteps;
  }

  async save(slot: SessionSlot<CountingSession>): Promise<void> {
    await slot.save<Checkpoint>(async () => ({ ...(await this.exportState()), savedAt: Date.now() }));
  }

  /** Trains on the next batch and returns its loss. */
  trainStep(): number {
    const epoch = this.epoch;
    if (this.orderEpoch !== epoch) {
      this.order = shuffleInPlace(
        Int32Array.from({ length: this.items }, (_, i) => i),
        epochRng(this.config.seed, epoch),
      );
      this.orderEpoch = epoch;
    }
    const start = (this.step % this.stepsPerEpoch) * this.config.batch;
    const rows = this.order.subarray(start, start + this.config.batch);
    this.adam.learningRate = this.rateAt(epoch);
    const loss = tf.tidy(() => {
      const ids = timeFirst(this.data.inputs, rows, this.config.length); // [L, B]
      const targets = timeFirst(this.data.targets, rows, this.config.length); // [L, B]
      const variables = weightList(this.weights);
      const { value, grads } = tf.variableGrads(() => countingLoss(this.weights, ids, targets), variables);
      this.adam.step(variables.map((v) => grads[v.name]));
      return value.dataSync()[0];
    });
    this.step++;
    this.epochLosses.push(loss);
    if (this.step % this.stepsPerEpoch === 0) {
      this.epochMeans.push({ epoch, loss: this.epochLosses.reduce((a, b) => a + b, 0) / this.epochLosses.length });
      this.epochLosses = [];
    }
    return loss;
  }

  /** Accuracy of the argmax over every next-number prediction of the data set ((V - L) x L of them). */
  evaluate(): CountingAccuracy {
    return tf.tidy(() => {
      const all = Int32Array.from({ length: this.items }, (_, i) => i);
      const ids = timeFirst(this.data.inputs, all, this.config.length);
      const targets = timeFirst(this.data.targets, all, this.config.length);
      const { logits } = countingForward(this.weights, ids);
      const correct = logits.argMax(-1).equal(targets).sum().dataSync()[0];
      const loss = tf.losses
        .softmaxCrossEntropy(tf.oneHot(targets.flatten(), this.config.vocab).toFloat(), logits.reshape([-1, this.config.vocab]))
        .dataSync()[0];
      const total = this.items * this.config.length;
      return { correct, total, accuracy: correct / total, loss };
    });
  }

  /** Runs one sequence of numbers (any length) from `h0` [D_h] (zeros when left out). */
  predict(sequence: readonly number[], h0?: Float32Array): CountingPrediction {
    if (sequence.length === 0) throw new Error('predict needs at least one number.');
    return tf.tidy(() => {
      const ids = tf.tensor2d(Int32Array.from(sequence), [sequence.length, 1], 'int32'); // [L, 1]
      const start = h0 ? tf.tensor2d(h0, [1, this.config.hidden]) : undefined;
      const { logits, states, h } = countingForward(this.weights, ids, start);
      const last = logits.slice([sequence.length - 1, 0, 0], [1, 1, this.config.vocab]).reshape([this.config.vocab]);
      const probabilities = new Float32Array(tf.softmax(last).dataSync());
      const argmaxEachStep = Array.from(logits.argMax(-1).dataSync());
      return {
        probabilities,
        argmax: argmaxEachStep[argmaxEachStep.length - 1],
        argmaxEachStep,
        states: new Float32Array(states.dataSync()),
        h: new Float32Array(h.dataSync()),
      };
    });
  }

  async exportState(): Promise<CountingState> {
    return {
      config: this.config,
      step: this.step,
      weights: await Promise.all(weightList(this.weights).map(async (v) => new Float32Array(await v.data()))),
      adam: await this.adam.exportState(),
      epochLosses: this.epochLosses.slice(),
      epochMeans: this.epochMeans.slice(),
      extraEpochs: this.extraEpochs,
    };
  }

  /** The model saved in `slot`, live again. */
  static async restore(slot: SessionSlot<CountingSession>): Promise<CountingSession | undefined> {
    const saved = await slot.load<Checkpoint>((saved) => checkBounds(saved.config, COUNTING_FIELDS));
    return saved && new CountingSession(saved.config, saved);
  }

  describe(): CountingRestored {
    return {
      config: this.config,
      step: this.step,
      totalSteps: this.totalSteps,
      stepsPerEpoch: this.stepsPerEpoch,
      epochMeans: this.epochMeans,
      accuracy: this.evaluate(),
      savedAt: Date.now(),
    };
  }

  /** Trains until the last epoch, `maxSteps` more batches, or `shouldStop`; saves into `slot` when it returns. */
  async train(maxSteps: number, shouldStop: ShouldStop, onProgress: (p: TrainProgress) => void, slot: SessionSlot<CountingSession>) {
    let reported = this.epochMeans.length;
    const result = await runLoop({
      startStep: this.step,
      totalSteps: this.totalSteps,
      maxSteps,
      examplesPerStep: this.config.batch,
      step: () => this.trainStep(),
      shouldStop,
      onProgress: (p) => {
        const finished = this.epochMeans.slice(reported);
        reported = this.epochMeans.length;
        onProgress({ ...p, epoch: Math.min(this.config.epochs + this.extraEpochs - 1, this.epoch), epochMeans: finished });
      },
    });
    if (slot.current === this) await this.save(slot);
    return { ...result, totalSteps: this.totalSteps, accuracy: this.evaluate() };
  }

  dispose(): void {
    for (const v of weightList(this.weights)) v.dispose();
    this.adam.dispose();
  }
}
