// Lesson 9 on the worker side: the tiny GPT in training on a book (Lesson 6's corpus and batches), AdamW with
// warm-up, cosine decay and clipping, its validation points timed in seconds, its samples and attention maps, and
// its checkpoint. What runs the steps (tfjs ops or the WebAssembly engine) is the trainer's business
// (src/models/gptTrainer.ts); the session holds no weights of its own.

import type { Kernels } from '../../kernels/kernels';
import type { AdamState } from '../../lib/adam';
import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { checkMemory } from '../../lib/memoryBudget';
import { createRng } from '../../lib/rng';
import { warmupCosine } from '../../lib/schedule';
import { batchFirst, gptShapes } from '../../models/gpt';
import { createGptTrainer, type GptBatch, type GptTrainer, gptKernels } from '../../models/gptTrainer';
import type { SamplingOptions } from '../../models/sampling';
import { type CharCorpus, type CharVocab, windowBatch } from '../../text/chars';
import { runLoop } from '../../train/loop';
import type { SessionSlot, ShouldStop, TrainingSession } from '../../train/session';
import type { LossPoint, TrainProgress } from '../../train/types';
import type { GptAttention, GptEvent, GptRestored, TimedPoint } from './api';
import { GPT_FIELDS, GPT_SMALLER, type GptTrainConfig, gptTrainingBytes } from './meta';
import { encodePrompt, writeWith } from './writing';

/** A validation point, a sample and the attention maps every this many steps (and at a run's end). */
export const VALIDATE_EVERY = 100;
/** Validation batches (of the run's batch size), fixed: every point measures the same characters. */
const VALIDATION_BATCHES = 8;
const SAMPLE_LENGTH = 100;
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

/** What a session starts from: a fresh model, or a checkpoint. */
type Start = { fresh: true } | { saved: Checkpoint };

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
  /** Lesson 6's LSTM on the same book, for the same seconds (compareLstm). */
  lstm: TimedPoint[] = [];
  prompt = 'ROMEO:\n';
  sampling: SamplingOptions = { mode: 'temperature', temperature: 0.8, k: 5, p: 0.95 };
  onEvent?: (e: GptEvent) => void;
  private held?: GptBatch[];

  private constructor(
    public config: GptTrainConfig,
    readonly vocab: CharVocab,
    readonly corpusName: string,
    private trainer: GptTrainer,
  ) {}

  /** The trainer for `config` on `vocab`, from a fresh start or a checkpoint, where `kernels` say. */
  private static async build(config: GptTrainConfig, vocab: CharVocab, corpusName: string, start: Start, kernels?: Kernels): Promise<GptSession> {
    if (config.width % config.heads !== 0)
      throw new DataError(`The width ${config.width} does not split into ${config.heads} heads: pick a width that ${config.heads} divides.`);
    checkMemory(gptTrainingBytes(config, vocab.itos.length), GPT_SMALLER);
    const saved = 'saved' in start ? start.saved : undefined;
    const trainer = await createGptTrainer(
      GptSession.shapeOf(config, vocab),
      { ...ADAMW, weightDecay: config.weightDecay },
      saved ? { values: saved.weights, optimizer: saved.adam } : { rng: createRng(config.seed) },
      kernels,
    );
    const session = new GptSession(config, vocab, corpusName, trainer);
    if (saved)
      Object.assign(session, {
        step: saved.step,
        extraSteps: saved.extraSteps ?? 0,
        seconds: saved.seconds,
        points: saved.points,
        validation: saved.validation,
        lstm: saved.lstm,
      });
    return session;
  }

  private static shapeOf(config: GptTrainConfig, vocab: CharVocab) {
    const { context, width, heads, layers, batch } = config;
    return { vocab: vocab.itos.length, context, width, heads, layers, batch };
  }

  static async create(corpus: CharCorpus, config: GptTrainConfig, kernels?: Kernels): Promise<GptSession> {
    if (corpus.train.length <= config.context + 1) throw new DataError(`${corpus.name} is shorter than one window of ${config.context} characters.`);
    const session = await GptSession.build(config, corpus.vocab, corpus.name, { fresh: true }, kernels);
    session.attach(corpus);
    return session;
  }

  static async restore(slot: SessionSlot<GptSession>, kernels?: Kernels): Promise<GptSession | undefined> {
    const saved = await slot.load<Checkpoint>((saved) => checkBounds(saved.config, GPT_FIELDS));
    if (!saved) return undefined;
    const stoi = new Map(saved.itos.map((ch, i) => [ch, i]));
    return GptSession.build(saved.config, { itos: saved.itos, indexOf: (ch) => stoi.get(ch) ?? -1 }, saved.corpusName, { saved }, kernels);
  }

  /**
   * Trains from now on where `kernels` say (the backend may have changed since the model was made): where that is
   * not where it trains now, the weights and AdamW's state move to a new trainer.
   */
  async useEngine(kernels: Kernels | undefined): Promise<void> {
    const shape = GptSession.shapeOf(this.config, this.vocab);
    if ((gptKernels(shape, kernels) !== undefined) === this.trainer.engine.kernels) return;
    const start = { values: this.trainer.getParameters(), optimizer: this.trainer.getOptimizerState() };
    const next = await createGptTrainer(shape, { ...ADAMW, weightDecay: this.config.weightDecay }, start, kernels);
    this.trainer.dispose();
    this.trainer = next;
  }

  /** Where the steps run: the WebAssembly kernels (on how many threads) or tfjs ops. */
  get engine() {
    return this.trainer.engine;
  }

  /** Trains on `corpus` from now on: it must be the book the model was made for (the same characters). */
  attach(corpus: CharCorpus): void {
    if (corpus.vocab.itos.join('') !== this.vocab.itos.join(''))
      throw new DataError(`This model was trained on ${this.corpusName}; load that book again, or press Reset to train a new model on this one.`);
    this.corpus = corpus;
    const rng = createRng(4242);
    const { context: T, batch: B } = this.config;
    this.held = Array.from({ length: VALIDATION_BATCHES }, () => {
      const { inputs, targets } = windowBatch(corpus.validation, T, B, rng);
      return { ids: batchFirst(inputs, T, B), targets: batchFirst(targets, T, B) };
    });
  }

  get totalSteps(): number {
    return this.config.steps + this.extraSteps;
  }

  get parameters(): number {
    return gptShapes({ ...this.config, vocab: this.vocab.itos.length }).reduce((n, shape) => n + shape.reduce((a, b) => a * b, 1), 0);
  }

  rateAt(step: number): number {
    const c = this.config;
    return warmupCosine(step, { maxLr: c.learningRate, minLr: c.minLearningRate, warmup: c.warmup, decaySteps: c.steps });
  }

  /** One AdamW step on the batch of step `step` (seeded by it, so a resumed run draws the same); its loss. */
  trainStep(): number {
    const { context: T, batch: B, seed } = this.config;
    const { inputs, targets } = windowBatch(this.corpus!.train, T, B, createRng(seed * 7919 + this.step));
    const loss = this.trainer.step({ ids: batchFirst(inputs, T, B), targets: batchFirst(targets, T, B) }, this.rateAt(this.step));
    this.step++;
    return loss;
  }

  validationLoss(): number {
    if (!this.held) throw new DataError('Load the book to measure the validation loss.');
    return this.held.reduce((sum, batch) => sum + this.trainer.loss(batch), 0) / this.held.length;
  }

  /** `length` characters after `prompt`, picked by `sampling`, each read from the last `context` characters. */
  write(prompt: string, length: number, sampling: SamplingOptions, onText?: (text: string) => void, shouldStop?: () => boolean): Promise<string> {
    const ids = encodePrompt(prompt, this.vocab, this.corpusName, this.config.context);
    return writeWith(this.trainer, this.vocab, { ids, context: this.config.context, length, sampling, seed: this.step * 31 + 7 }, onText, shouldStop);
  }

  attention(prompt: string): GptAttention {
    const ids = encodePrompt(prompt, this.vocab, this.corpusName, this.config.context);
    const maps = this.trainer.attention(ids);
    return { tokens: ids.map((id) => this.vocab.itos[id]), heads: this.config.heads, maps: maps.map((m) => Array.from(m)) };
  }

  /** Seconds of what training does every VALIDATE_EVERY steps (a validation pass, the maps, a sample), nothing kept. */
  async timeMeasure(): Promise<number> {
    const started = performance.now();
    this.validationLoss();
    try {
      this.attention(this.prompt);
      await this.write(this.prompt, SAMPLE_LENGTH, this.sampling);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
    }
    return (performance.now() - started) / 1000;
  }

  /** A validation point, a sample of the prompt and its attention maps, sent through `onEvent`. */
  private async measure(): Promise<void> {
    const point = { step: this.step, loss: this.validationLoss(), seconds: this.seconds };
    this.validation.push(point);
    this.onEvent?.({ validation: point });
    if (!this.onEvent) return;
    try {
      this.onEvent({ attention: this.attention(this.prompt) });
      const text = await this.write(this.prompt, SAMPLE_LENGTH, this.sampling);
      this.onEvent({ sample: { step: this.step, prompt: this.prompt, text } });
    } catch (error) {
      if (!(error instanceof DataError)) throw error; // a prompt the book's characters cannot spell: no sample, training goes on
    }
  }

  async train(maxSteps: number, shouldStop: ShouldStop, onProgress: (p: TrainProgress) => void, slot: SessionSlot<GptSession>) {
    if (!this.corpus) throw new DataError('Load the book to go on training this model.');
    this.onEvent?.({ engine: this.engine });
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
    await slot.save<Checkpoint>(() => ({
      config: this.config,
      itos: [...this.vocab.itos],
      corpusName: this.corpusName,
      step: this.step,
      extraSteps: this.extraSteps,
      seconds: this.seconds,
      points: this.points.slice(),
      validation: this.validation.slice(),
      lstm: this.lstm.slice(),
      weights: this.trainer.getParameters(),
      adam: this.trainer.getOptimizerState(),
      savedAt: Date.now(),
    }));
  }

  describe(): GptRestored {
    const { config, corpusName, step, totalSteps, points, validation, lstm } = this;
    return { config, corpusName, step, totalSteps, points, validation, lstm };
  }

  exportWeights(): string {
    const shapes = gptShapes({ ...this.config, vocab: this.vocab.itos.length });
    return JSON.stringify({
      model: 'tensor-tutor tiny GPT (Lesson 9)',
      config: this.config,
      corpus: this.corpusName,
      step: this.step,
      vocabulary: this.vocab.itos,
      weights: this.trainer.getParameters().map((values, i) => ({ shape: shapes[i], values: Array.from(values, (x) => Number(x.toPrecision(6))) })),
    });
  }

  dispose(): void {
    this.held = undefined;
    this.trainer.dispose();
  }
}
