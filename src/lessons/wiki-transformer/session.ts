// Lesson 12 on the worker side: Project II's transformer in training on WikiText-2's BPE tokens, in the GPT engine
// (its weights and Adam's moments live there), Adam with warm-up and a cosine as the notebook's scheduler, its
// validation points timed in seconds, samples as the notebook writes them, and its checkpoint.

import { KernelGptTrainer } from '../../kernels/gpt/trainer';
import type { Kernels } from '../../kernels/kernels';
import type { AdamState } from '../../lib/adam';
import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { checkMemory } from '../../lib/memoryBudget';
import { createRng } from '../../lib/rng';
import { warmupCosine } from '../../lib/schedule';
import { pickToken } from '../../models/sampling';
import { symbolsToText } from '../../models/wikiTransformer';
import { bpeModel } from '../../text/bpe';
import { pythonSplit } from '../../text/python';
import { runLoop } from '../../train/loop';
import type { SessionSlot, ShouldStop, TrainingSession } from '../../train/session';
import type { LossPoint, TrainProgress } from '../../train/types';
import type { TimedPoint, WikiEvent, WikiRestored } from './api';
import { fixedBatches, type WikiCorpus, windows } from './data';
import { WIKI_FIELDS, WIKI_SMALLER, type WikiConfig, wikiTrainingBytes } from './meta';
import { wikiInitialValues, wikiShape } from './model';

/** A validation point and a sample every this many steps (and at a run's end). */
export const VALIDATE_EVERY = 100;
/** Windows of the validation split that each validation point reads. */
const VALIDATION_WINDOWS = 256;
/** Adam as the notebook runs it: PyTorch's defaults, no weight decay, no clipping. */
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, maxNorm: Number.POSITIVE_INFINITY };
/** The notebook's sampling: top-p 0.95 at temperature 0.7. */
export const SAMPLING = { temperature: 0.7, topP: 0.95 };

interface Checkpoint {
  config: WikiConfig;
  corpusName: string;
  vocab: string[];
  rules: [string, string][];
  step: number;
  extraSteps: number;
  seconds: number;
  points: LossPoint[];
  validation: TimedPoint[];
  weights: Float32Array[];
  adam: AdamState;
  pretrained?: string;
  savedAt: number;
}

/** Where a session starts: a fresh model (seeded), or saved weights (and Adam's state where kept). */
export type WikiStart = { fresh: true } | { weights: Float32Array[]; adam?: AdamState; saved?: Partial<Checkpoint> };

export class WikiSession implements TrainingSession {
  static saveEveryMs = 30_000;
  corpus?: WikiCorpus;
  step = 0;
  extraSteps = 0;
  seconds = 0;
  points: LossPoint[] = [];
  validation: TimedPoint[] = [];
  prompt = 'The game was';
  /** How a ready-trained model was made (not in this browser). */
  pretrained?: string;
  onEvent?: (e: WikiEvent) => void;
  private held?: { ids: Int32Array; targets: Int32Array }[];
  private readonly encoder;

  private constructor(
    readonly config: WikiConfig,
    readonly vocab: string[],
    readonly rules: [string, string][],
    readonly corpusName: string,
    private readonly trainer: KernelGptTrainer,
  ) {
    this.encoder = bpeModel(rules, vocab);
  }

  /** The model of `config` over `vocab`, from `start`, in the engine of `kernels`. */
  static async build(
    config: WikiConfig,
    vocab: string[],
    rules: [string, string][],
    corpusName: string,
    start: WikiStart,
    kernels: Kernels,
  ): Promise<WikiSession> {
    checkBounds(config, WIKI_FIELDS);
    if (config.width % config.heads !== 0)
      throw new DataError(`The width ${config.width} does not split into ${config.heads} heads: pick a width that ${config.heads} divides.`);
    checkMemory(wikiTrainingBytes(config, vocab.length), WIKI_SMALLER);
    const values = 'fresh' in start ? wikiInitialValues(config, vocab.length, createRng(config.seed)) : start.weights;
    const trainer = await KernelGptTrainer.create(kernels, wikiShape(config, vocab.length), ADAM, values, 'fresh' in start ? undefined : start.adam);
    const session = new WikiSession(config, vocab, rules, corpusName, trainer);
    if (!('fresh' in start) && start.saved) {
      const { step = 0, extraSteps = 0, seconds = 0, points = [], validation = [], pretrained } = start.saved;
      Object.assign(session, { step, extraSteps, seconds, points, validation, pretrained });
    }
    return session;
  }

  static async create(corpus: WikiCorpus, config: WikiConfig, kernels: Kernels): Promise<WikiSession> {
    const session = await WikiSession.build(config, corpus.vocab, corpus.rules, corpus.name, { fresh: true }, kernels);
    session.attach(corpus);
    return session;
  }

  static async restore(slot: SessionSlot<WikiSession>, kernels: Kernels): Promise<WikiSession | undefined> {
    const saved = await slot.load<Checkpoint>((c) => checkBounds(c.config, WIKI_FIELDS));
    if (!saved) return undefined;
    return WikiSession.build(saved.config, saved.vocab, saved.rules, saved.corpusName, { weights: saved.weights, adam: saved.adam, saved }, kernels);
  }

  /** Trains on `corpus` from now on: its tokens must be this model's (the same vocabulary). */
  attach(corpus: WikiCorpus): void {
    if (corpus.vocab.length !== this.vocab.length || corpus.vocab.some((s, i) => s !== this.vocab[i]))
      throw new DataError(`This model reads the tokens of another vocabulary; cut ${this.corpusName} with its rules, or press Reset.`);
    this.corpus = corpus;
    // About VALIDATION_WINDOWS windows, the same ones at every point, whatever the batch.
    this.held = fixedBatches(corpus.validation, this.config.context, this.config.batch, Math.max(1, Math.ceil(VALIDATION_WINDOWS / this.config.batch)));
  }

  get engine() {
    return this.trainer.engine;
  }

  get totalSteps(): number {
    return this.config.steps + this.extraSteps;
  }

  get parameters(): number {
    return this.trainer.getParameters().reduce((n, p) => n + p.length, 0);
  }

  rateAt(step: number): number {
    const c = this.config;
    return warmupCosine(step, { maxLr: c.learningRate, minLr: c.minLearningRate, warmup: c.warmup, decaySteps: c.steps });
  }

  /** One Adam step on the windows of step `step` (seeded by it, so a resumed run draws the same); its loss. */
  trainStep(): number {
    const { context, batch, seed } = this.config;
    const loss = this.trainer.step(windows(this.corpus!.train, context, batch, seed * 7919 + this.step), this.rateAt(this.step));
    this.step++;
    return loss;
  }

  /** The mean loss over `batches` (the fixed validation batches by default). */
  validationLoss(batches = this.held): number {
    if (!batches || batches.length === 0) throw new DataError('Load WikiText-2 to measure the validation loss.');
    return batches.reduce((sum, b) => sum + this.trainer.loss(b), 0) / batches.length;
  }

  /** `length` tokens after `prompt` (its words cut into this vocabulary's symbols), picked as the notebook does. */
  write(prompt: string, length: number, seed = this.step): string {
    const index = new Map(this.vocab.map((s, i) => [s, i]));
    const ids = pythonSplit(prompt).flatMap((w) => this.encoder.encodeWord(w).map((s) => index.get(s) ?? 0));
    if (ids.length === 0) throw new DataError('Type a prompt of at least one word.');
    const rng = createRng(seed * 31 + 7);
    const out: number[] = [];
    const window = [...ids];
    for (let i = 0; i < length; i++) {
      const id = pickToken(this.trainer.nextLogits(window.slice(-this.config.context)), SAMPLING, rng);
      out.push(id);
      window.push(id);
    }
    return `${symbolsToText(ids.map((id) => this.vocab[id]))}${symbolsToText(out.map((id) => this.vocab[id]))}`;
  }

  /** Seconds of what training does every VALIDATE_EVERY steps (a validation pass and a sample), nothing kept. */
  timeMeasure(): number {
    const started = performance.now();
    this.validationLoss();
    this.write(this.prompt, 30);
    return (performance.now() - started) / 1000;
  }

  private measure(): void {
    const point = { step: this.step, loss: this.validationLoss(), seconds: this.seconds };
    this.validation.push(point);
    this.onEvent?.({ validation: point });
    if (this.onEvent) this.onEvent({ sample: { step: this.step, text: this.write(this.prompt, 30) } });
  }

  async train(maxSteps: number, shouldStop: ShouldStop, onProgress: (p: TrainProgress) => void, slot: SessionSlot<WikiSession>) {
    if (!this.corpus) throw new DataError('Load WikiText-2 to go on training this model.');
    this.onEvent?.({ engine: this.engine });
    if (this.validation.length === 0) this.measure();
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
        if (this.step % VALIDATE_EVERY === 0) this.measure();
        if (performance.now() - lastSave >= WikiSession.saveEveryMs) {
          await this.save(slot);
          lastSave = performance.now();
        }
        return loss;
      },
      shouldStop,
      onProgress,
    });
    if (slot.current === this) {
      if (this.validation.at(-1)?.step !== this.step) this.measure();
      await this.save(slot);
    }
    return { ...result, totalSteps: this.totalSteps };
  }

  extend(steps: number): number {
    this.extraSteps += steps;
    return this.totalSteps;
  }

  /** The weights as they are now (copies), in the engine's order. */
  weights(): Float32Array[] {
    return this.trainer.getParameters();
  }

  async save(slot: SessionSlot<WikiSession>): Promise<void> {
    await slot.save<Checkpoint>(() => ({
      config: this.config,
      corpusName: this.corpusName,
      vocab: this.vocab,
      rules: this.rules,
      step: this.step,
      extraSteps: this.extraSteps,
      seconds: this.seconds,
      points: this.points.slice(),
      validation: this.validation.slice(),
      weights: this.trainer.getParameters(),
      adam: this.trainer.getOptimizerState(),
      pretrained: this.pretrained,
      savedAt: Date.now(),
    }));
  }

  describe(): WikiRestored {
    const { config, corpusName, step, totalSteps, points, validation, pretrained } = this;
    return { config, corpusName, step, totalSteps, points, validation, pretrained, vocab: this.vocab.length };
  }

  dispose(): void {
    this.held = undefined;
    this.trainer.dispose();
  }
}
