// Lesson 9 on the worker side: the tiny GPT in training on a book (Lesson 6's corpus and batches), AdamW with
// warm-up, cosine decay and clipping, its validation points timed in seconds, its samples and attention maps,
// its checkpoint, and Lesson 6's LSTM trained on the same book for the same time.

import * as tf from '@tensorflow/tfjs';
import { GptEngine, gptEngineBytes } from '../../kernels/gptEngine';
import type { Kernels } from '../../kernels/lstmKernels';
import { Adam, type AdamState } from '../../lib/adam';
import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { checkMemory } from '../../lib/memoryBudget';
import { createRng } from '../../lib/rng';
import { clipGradNorm, warmupCosine } from '../../lib/schedule';
import { batchFirst, createGpt, disposeGpt, type GptWeights, gptAttentionMaps, gptLogits, gptLoss, gptVariables } from '../../models/gpt';
import { drawFrom, samplingDistribution } from '../../models/sampling';
import type { CharCorpus } from '../../text/chars';
import { type CharVocab, encodeChars, windowBatch } from '../../text/chars';
import { runLoop, yieldToEvents } from '../../train/loop';
import type { SessionSlot, ShouldStop, TrainingSession } from '../../train/session';
import type { LossPoint, TrainProgress } from '../../train/types';
import type { GptAttention, GptEvent, GptRestored, TimedPoint } from './api';
import { GPT_FIELDS, GPT_SMALLER, type GptTrainConfig, gptTrainingBytes } from './meta';

/** A validation point, a sample and the attention maps every this many steps (and at a run's end). */
export const VALIDATE_EVERY = 100;
/** Validation batches (of the run's batch size), fixed: every point measures the same characters. */
const VALIDATION_BATCHES = 8;
const SAMPLE_LENGTH = 100;
/** The most memory the WebAssembly engine may take; a larger model trains on tfjs ops. */
const ENGINE_MAX_BYTES = 1024 * 1024 * 1024;
/** AdamW's settings besides the rate: nanoGPT's betas (0.9, 0.99), PyTorch's epsilon, clipping at 1. */
const ADAMW = { beta1: 0.9, beta2: 0.99, epsilon: 1e-8, maxNorm: 1 };

interface Checkpoint {
  config: GptTrainConfig;
  itos: string[];
  corpusName: string;
  step: number;
  extraSteps?: number;
  seconds: number;
  points: LossPoint[];
  validation: TimedPoint[];
  lstm: TimedPoint[];
  weights: Float32Array[];
  adam: AdamState;
  savedAt: number;
}

export class GptSession implements TrainingSession {
  static saveEveryMs = 30_000;
  corpus?: CharCorpus;
  step = 0;
  /** Steps past the schedule, added by "Train further". */
  extraSteps = 0;
  /** Seconds spent training (not measuring or writing): the x axis of the comparison with the LSTM. */
  seconds = 0;
  points: LossPoint[] = [];
  validation: TimedPoint[] = [];
  /** Lesson 6's LSTM on the same book, for the same seconds (gptCompareLstm). */
  lstm: TimedPoint[] = [];
  prompt = 'ROMEO:\n';
  temperature = 0.8;
  onEvent?: (e: GptEvent) => void;
  readonly weights: GptWeights;
  private readonly adam: Adam;
  private held?: { ids: tf.Tensor2D; targets: tf.Tensor2D; idValues: Int32Array; targetValues: Int32Array }[];
  /**
   * The whole training step in the project's WebAssembly kernels, where they are loaded (the WASM and CPU
   * backends): it then holds the weights and AdamW's moments, and `weights` follow it when read (syncWeights).
   */
  private engine?: GptEngine;
  /** The same model with batch 1, for writing one character at a time; it takes the engine's weights as a sample starts. */
  private writer?: GptEngine;
  private weightsStale = false;

  private constructor(
    public config: GptTrainConfig,
    readonly vocab: CharVocab,
    readonly corpusName: string,
    saved?: Checkpoint,
  ) {
    if (config.width % config.heads !== 0)
      throw new DataError(`The width ${config.width} does not split into ${config.heads} heads: pick a width that ${config.heads} divides.`);
    checkMemory(gptTrainingBytes(config, vocab.itos.length), GPT_SMALLER);
    this.weights = createGpt(
      { vocab: vocab.itos.length, context: config.context, width: config.width, heads: config.heads, layers: config.layers },
      createRng(config.seed),
    );
    const variables = gptVariables(this.weights);
    if (saved) {
      for (const [i, v] of variables.entries()) tf.tidy(() => v.assign(tf.tensor(saved.weights[i], v.shape)));
      this.step = saved.step;
      this.extraSteps = saved.extraSteps ?? 0;
      this.seconds = saved.seconds;
      this.points = saved.points;
      this.validation = saved.validation;
      this.lstm = saved.lstm;
    }
    // nanoGPT's AdamW: betas (0.9, 0.99); the matrices decay, biases and LayerNorm gains do not.
    this.adam = new Adam(
      variables,
      {
        learningRate: config.learningRate,
        beta1: ADAMW.beta1,
        beta2: ADAMW.beta2,
        epsilon: ADAMW.epsilon,
        weightDecay: config.weightDecay,
        decays: (i) => variables[i].rank === 2,
      },
      saved?.adam,
    );
  }

  /**
   * Trains from now on in the WebAssembly kernels (a new instance of them holds the model), unless the model is
   * too large for them; the weights and AdamW's state move there. Returns whether it does.
   */
  async useKernels(kernels: Kernels | undefined): Promise<boolean> {
    if (this.engine || !kernels) return this.engine !== undefined;
    const { context, width, heads, layers, batch } = this.config;
    const shape = { vocab: this.vocab.itos.length, context, width, heads, layers, batch };
    if (gptEngineBytes(shape) > ENGINE_MAX_BYTES) return false;
    const engine = await GptEngine.create(kernels, shape);
    engine.setParameters(gptVariables(this.weights).map((v) => v.dataSync() as Float32Array));
    engine.setAdamState(this.adam.stateSync());
    this.writer = new GptEngine(await kernels.instantiate(), { ...shape, batch: 1 });
    this.engine = engine;
    return true;
  }

  /** Whether training runs in the WebAssembly kernels. */
  get fused(): boolean {
    return this.engine !== undefined;
  }

  /** The threads the WebAssembly kernels train on (0 where training runs in tfjs ops). */
  get kernelThreads(): number {
    return this.engine?.threads ?? 0;
  }

  /** The tfjs weights take the engine's values, if it has trained since they last did (AdamW's state is read from the engine). */
  private syncWeights(): void {
    if (!this.engine || !this.weightsStale) return;
    const values = this.engine.getParameters();
    for (const [i, v] of gptVariables(this.weights).entries()) tf.tidy(() => v.assign(tf.tensor(values[i], v.shape)));
    this.weightsStale = false;
  }

  static create(corpus: CharCorpus, config: GptTrainConfig): GptSession {
    if (corpus.train.length <= config.context + 1) throw new DataError(`${corpus.name} is shorter than one window of ${config.context} characters.`);
    const session = new GptSession(config, corpus.vocab, corpus.name);
    session.attach(corpus);
    return session;
  }

  static async restore(slot: SessionSlot<GptSession>): Promise<GptSession | undefined> {
    const saved = await slot.load<Checkpoint>((saved) => checkBounds(saved.config, GPT_FIELDS));
    if (!saved) return undefined;
    const stoi = new Map(saved.itos.map((ch, i) => [ch, i]));
    return new GptSession(saved.config, { itos: saved.itos, indexOf: (ch) => stoi.get(ch) ?? -1 }, saved.corpusName, saved);
  }

  /** Trains on `corpus` from now on: it must be the book the model was made for (the same characters). */
  attach(corpus: CharCorpus): void {
    if (corpus.vocab.itos.join('') !== this.vocab.itos.join(''))
      throw new DataError(`This model was trained on ${this.corpusName}; load that book again, or press Reset to train a new model on this one.`);
    this.corpus = corpus;
    this.disposeHeld();
    const rng = createRng(4242);
    this.held = Array.from({ length: VALIDATION_BATCHES }, () => {
      const { inputs, targets } = windowBatch(corpus.validation, this.config.context, this.config.batch, rng);
      const T = this.config.context;
      const B = this.config.batch;
      const idValues = batchFirst(inputs, T, B);
      const targetValues = batchFirst(targets, T, B);
      return { ids: tf.tensor2d(idValues, [B, T], 'int32'), targets: tf.tensor2d(targetValues, [B, T], 'int32'), idValues, targetValues };
    });
  }

  get totalSteps(): number {
    return this.config.steps + this.extraSteps;
  }

  get parameters(): number {
    return gptVariables(this.weights).reduce((n, v) => n + v.size, 0);
  }

  rateAt(step: number): number {
    const c = this.config;
    return warmupCosine(step, { maxLr: c.learningRate, minLr: c.minLearningRate, warmup: c.warmup, decaySteps: c.steps });
  }

  /** One AdamW step on the batch of step `step` (seeded by it, so a resumed run draws the same); its loss. */
  trainStep(): number {
    const corpus = this.corpus!;
    const { context: T, batch: B, seed, heads } = this.config;
    const { inputs, targets } = windowBatch(corpus.train, T, B, createRng(seed * 7919 + this.step));
    if (this.engine) {
      const { loss } = this.engine.trainStep(batchFirst(inputs, T, B), batchFirst(targets, T, B), this.rateAt(this.step), {
        ...ADAMW,
        weightDecay: this.config.weightDecay,
      });
      this.weightsStale = true;
      this.step++;
      return loss;
    }
    this.adam.learningRate = this.rateAt(this.step);
    const loss = tf.tidy(() => {
      const ids = tf.tensor2d(batchFirst(inputs, T, B), [B, T], 'int32');
      const y = tf.tensor2d(batchFirst(targets, T, B), [B, T], 'int32');
      const variables = gptVariables(this.weights);
      const { value, grads } = tf.variableGrads(() => gptLoss(this.weights, ids, y, heads), variables);
      const clipped = clipGradNorm(
        variables.map((v) => grads[v.name]),
        1,
      );
      this.adam.step(clipped.grads);
      return value.dataSync()[0];
    });
    this.step++;
    return loss;
  }

  validationLoss(): number {
    if (!this.held) throw new DataError('Load the book to measure the validation loss.');
    let sum = 0;
    for (const { ids, targets, idValues, targetValues } of this.held) {
      sum += this.engine ? this.engine.forward(idValues, targetValues) : tf.tidy(() => gptLoss(this.weights, ids, targets, this.config.heads).dataSync()[0]);
    }
    return sum / this.held.length;
  }

  /** The prompt's characters the model knows (the last `context` of them), and those it does not. */
  private encode(prompt: string): { ids: number[]; unknown: string[] } {
    const { ids, unknown } = encodeChars(prompt, this.vocab);
    if (ids.length === 0)
      throw new DataError(unknown.length > 0 ? `None of the prompt's characters occur in ${this.corpusName}.` : 'Type a prompt of at least one character.');
    return { ids: Array.from(ids.slice(-this.config.context)), unknown };
  }

  /** `length` characters after `prompt`, sampled at `temperature`, each read from the last `context` characters. */
  async write(prompt: string, length: number, temperature: number, onText?: (text: string) => void, shouldStop: () => boolean = () => false): Promise<string> {
    const context = this.encode(prompt).ids;
    this.syncWeights();
    if (this.engine && this.writer) this.writer.setParameters(this.engine.getParameters());
    const rng = createRng(this.step * 31 + 7);
    let text = '';
    let buffered = '';
    let lastFlush = performance.now();
    for (let i = 0; i < length && !shouldStop(); i++) {
      const window = context.slice(-this.config.context);
      const logits = this.writer
        ? this.writer.nextLogits(window)
        : tf.tidy(() =>
            gptLogits(this.weights, tf.tensor2d(window, [1, window.length], 'int32'), this.config.heads)
              .slice([0, window.length - 1, 0], [1, 1, -1])
              .dataSync(),
          );
      const id = drawFrom(samplingDistribution(logits, { mode: 'temperature', temperature, k: 5, p: 0.95 }), rng);
      context.push(id);
      const ch = this.vocab.itos[id];
      text += ch;
      buffered += ch;
      if (onText && performance.now() - lastFlush > 30) {
        onText(buffered);
        buffered = '';
        lastFlush = performance.now();
        await yieldToEvents();
      }
    }
    if (onText && buffered) onText(buffered);
    return text;
  }

  attention(prompt: string): GptAttention {
    const { ids } = this.encode(prompt);
    this.syncWeights();
    const maps = tf.tidy(() => gptAttentionMaps(this.weights, tf.tensor2d(ids, [1, ids.length], 'int32'), this.config.heads));
    return { tokens: ids.map((id) => this.vocab.itos[id]), heads: this.config.heads, maps: maps.map((m) => Array.from(m)) };
  }

  /** A validation point, a sample of the prompt and its attention maps, sent through `onEvent`. */
  private async measure(): Promise<void> {
    const point = { step: this.step, loss: this.validationLoss(), seconds: this.seconds };
    this.validation.push(point);
    this.onEvent?.({ validation: point });
    if (!this.onEvent) return;
    try {
      this.onEvent({ attention: this.attention(this.prompt) });
      const text = await this.write(this.prompt, SAMPLE_LENGTH, this.temperature);
      this.onEvent({ sample: { step: this.step, prompt: this.prompt, text } });
    } catch (error) {
      if (!(error instanceof DataError)) throw error; // a prompt the book's characters cannot spell: no sample, training goes on
    }
  }

  async train(maxSteps: number, shouldStop: ShouldStop, onProgress: (p: TrainProgress) => void, slot: SessionSlot<GptSession>) {
    if (!this.corpus) throw new DataError('Load the book to go on training this model.');
    this.onEvent?.({ engine: { kernels: this.fused, threads: this.kernelThreads } });
    if (this.validation.length === 0) await this.measure();
    let lastSave = performance.now();
    const result = await runLoop({
      startStep: this.step,
      totalSteps: this.totalSteps,
      maxSteps,
      examplesPerStep: this.config.context * this.config.batch,
      step: async () => {
        const started = performance.now();
        const loss = this.trainStep();
        this.seconds += (performance.now() - started) / 1000;
        this.points.push({ step: this.step, loss });
        if (this.step % VALIDATE_EVERY === 0) await this.measure();
        if (performance.now() - lastSave >= GptSession.saveEveryMs) {
          await this.save(slot);
          lastSave = performance.now();
        }
        return loss;
      },
      shouldStop,
      onProgress,
    });
    if (slot.current === this) {
      if (this.validation.at(-1)?.step !== this.step) await this.measure();
      await this.save(slot);
    }
    return { ...result, totalSteps: this.totalSteps };
  }

  /** "Train further": the cosine has reached its floor at `config.steps`; the added steps run at that rate. */
  extend(steps: number): number {
    this.extraSteps += steps;
    return this.totalSteps;
  }

  async save(slot: SessionSlot<GptSession>): Promise<void> {
    this.syncWeights();
    await slot.save<Checkpoint>(async () => ({
      config: this.config,
      itos: [...this.vocab.itos],
      corpusName: this.corpusName,
      step: this.step,
      extraSteps: this.extraSteps,
      seconds: this.seconds,
      points: this.points.slice(),
      validation: this.validation.slice(),
      lstm: this.lstm.slice(),
      weights: await Promise.all(gptVariables(this.weights).map(async (v) => (await v.data()) as Float32Array)),
      adam: this.engine ? this.engine.getAdamState() : await this.adam.exportState(),
      savedAt: Date.now(),
    }));
  }

  describe(): GptRestored {
    return {
      config: this.config,
      corpusName: this.corpusName,
      step: this.step,
      totalSteps: this.totalSteps,
      points: this.points,
      validation: this.validation,
      lstm: this.lstm,
    };
  }

  async exportWeights(): Promise<string> {
    this.syncWeights();
    const variables = gptVariables(this.weights);
    return JSON.stringify({
      model: 'tensor-tutor tiny GPT (Lesson 9)',
      config: this.config,
      corpus: this.corpusName,
      step: this.step,
      vocabulary: this.vocab.itos,
      weights: await Promise.all(variables.map(async (v) => ({ shape: v.shape, values: Array.from(await v.data(), (x) => Number(x.toPrecision(6))) }))),
    });
  }

  private disposeHeld(): void {
    for (const h of this.held ?? []) tf.dispose([h.ids, h.targets]);
    this.held = undefined;
  }

  dispose(): void {
    this.engine?.dispose();
    this.disposeHeld();
    disposeGpt(this.weights);
    this.adam.dispose();
  }
}
