// Lesson 7 on the worker side: the two encoder-decoders in training, side by side on the same batches, their
// measurements by length, and their checkpoint (weights, Adam and the step: every batch follows from the seed
// and its step, so a resumed run trains on what the uninterrupted one would have).

import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { checkMemory } from '../../lib/memoryBudget';
import { createRng } from '../../lib/rng';
import { runLoop, yieldToEvents } from '../../train/loop';
import type { SessionSlot, ShouldStop, TrainingSession } from '../../train/session';
import type { TrainProgress } from '../../train/types';
import type { AttentionEstimate, AttentionEvaluation, AttentionProbe, AttentionRestored, Variant } from './api';
import { ATTENTION_FIELDS, ATTENTION_SMALLER, type AttentionConfig, attentionTrainingBytes, EVAL_LENGTHS } from './meta';
import { greedyDecode, reversalBatch, type Seq2SeqState, Seq2SeqTrainer, seq2seqVariables } from './seq2seq';

/** Measure (and save) every this many steps, and when a run ends. */
export const EVAL_EVERY = 50;
/** Sequences per length in a measurement. */
const EVAL_BATCH = 64;

interface Checkpoint {
  config: AttentionConfig;
  step: number;
  extraSteps: number;
  evaluations: AttentionEvaluation[];
  models: Record<Variant, Seq2SeqState>;
  lossSum: Record<Variant, number>;
  lossCount: number;
  savedAt: number;
}

/** The seed of step `step`'s batch (its length and its sequences): the same for both models, and after a reload. */
const stepSeed = (seed: number, step: number) => (Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca6b)) >>> 0;

export function checkConfig(config: AttentionConfig): void {
  if (config.minLength > config.maxLength)
    throw new DataError(`The shortest length (${config.minLength}) is longer than the longest (${config.maxLength}): swap them.`);
}

export class AttentionSession implements TrainingSession {
  step = 0;
  /** Steps past `config.steps`, added by "Train further" (at the settled rate). */
  extraSteps = 0;
  evaluations: AttentionEvaluation[] = [];
  /** The sequence the measurements run through both models, for the heatmap. */
  probe?: number[];
  /** Where the measurements go while `train` runs. */
  onEvaluation?: (e: AttentionEvaluation) => void;
  private readonly models: Record<Variant, Seq2SeqTrainer>;
  private lossSum: Record<Variant, number> = { with: 0, without: 0 };
  private lossCount = 0;

  constructor(
    readonly config: AttentionConfig,
    saved?: Checkpoint,
  ) {
    checkConfig(config);
    checkMemory(attentionTrainingBytes(config), ATTENTION_SMALLER);
    const make = (variant: Variant) =>
      new Seq2SeqTrainer(
        { vocab: config.vocab, embed: config.embed, hidden: config.hidden, attention: variant === 'with', seed: config.seed },
        config.learningRate,
        saved?.models[variant],
      );
    const withAttention = make('with');
    try {
      this.models = { with: withAttention, without: make('without') };
    } catch (error) {
      withAttention.dispose();
      throw error;
    }
    if (saved) {
      this.step = saved.step;
      this.extraSteps = saved.extraSteps;
      this.evaluations = saved.evaluations;
      this.lossSum = saved.lossSum;
      this.lossCount = saved.lossCount;
    }
  }

  static async restore(slot: SessionSlot<AttentionSession>): Promise<AttentionSession | undefined> {
    const saved = await slot.load<Checkpoint>((saved) => checkBounds(saved.config, ATTENTION_FIELDS));
    return saved && new AttentionSession(saved.config, saved);
  }

  get totalSteps(): number {
    return this.config.steps + this.extraSteps;
  }

  /** Weights of each model. */
  get parameters(): Record<Variant, number> {
    const count = (v: Variant) => seq2seqVariables(this.models[v].weights).reduce((n, w) => n + w.size, 0);
    return { with: count('with'), without: count('without') };
  }

  /** Adam's rate at `step`: the set rate, then a fifth of it for the last fifth of the planned steps and beyond. */
  rateAt(step: number): number {
    return step >= Math.round(this.config.steps * 0.8) ? this.config.learningRate / 5 : this.config.learningRate;
  }

  /** The length of step `step`'s sequences. */
  lengthAt(step: number): number {
    const { minLength, maxLength } = this.config;
    return minLength + Math.floor(createRng(stepSeed(this.config.seed, step))() * (maxLength - minLength + 1));
  }

  /** One step of both models on the same batch; the loss of the one with attention. */
  trainStep(): number {
    const length = this.lengthAt(this.step);
    const losses = {} as Record<Variant, number>;
    for (const variant of ['with', 'without'] as const) {
      const model = this.models[variant];
      model.learningRate = this.rateAt(this.step);
      const rng = createRng(stepSeed(this.config.seed, this.step));
      rng(); // the draw that chose the length
      losses[variant] = model.step(length, this.config.batch, rng);
      this.lossSum[variant] += losses[variant];
    }
    this.lossCount++;
    this.step++;
    return losses.with;
  }

  /** Accuracy of greedy decoding per length, for both models, on fixed held-out sequences. */
  measure(): AttentionEvaluation {
    const lengths = EVAL_LENGTHS.filter((l) => l <= Math.max(this.config.maxLength, EVAL_LENGTHS[0]));
    const accuracy = { with: [] as number[], without: [] as number[] };
    for (const variant of ['with', 'without'] as const) {
      for (const length of lengths) accuracy[variant].push(this.models[variant].accuracy(length, EVAL_BATCH, 1000 + length));
    }
    const n = Math.max(1, this.lossCount);
    const evaluation: AttentionEvaluation = {
      step: this.step,
      lengths: [...lengths],
      accuracy,
      loss: { with: this.lossSum.with / n, without: this.lossSum.without / n },
      probe: this.probe && this.ask(this.probe),
    };
    this.lossSum = { with: 0, without: 0 };
    this.lossCount = 0;
    return evaluation;
  }

  /** Both models on `sequence`: their answers and the attention weights of the one with attention. */
  ask(sequence: number[]): AttentionProbe {
    const T = sequence.length;
    const inputs = Int32Array.from(sequence);
    const withAttention = greedyDecode(this.models.with.weights, inputs, T, 1);
    const without = greedyDecode(this.models.without.weights, inputs, T, 1);
    return {
      sequence: [...sequence],
      answers: { with: Array.from(withAttention.answers), without: Array.from(without.answers) },
      weights: Array.from(withAttention.attention ?? []),
    };
  }

  private record(evaluation: AttentionEvaluation): void {
    // Only the newest keeps its heatmap: the checkpoint stays small.
    const last = this.evaluations.at(-1);
    if (last) last.probe = undefined;
    this.evaluations.push(evaluation);
    this.onEvaluation?.(evaluation);
  }

  async train(maxSteps: number, shouldStop: ShouldStop, onProgress: (p: TrainProgress) => void, slot: SessionSlot<AttentionSession>) {
    if (this.evaluations.length === 0 && this.step === 0) this.record(this.measure()); // the untrained models: chance
    const result = await runLoop({
      startStep: this.step,
      totalSteps: this.totalSteps,
      maxSteps,
      examplesPerStep: this.config.batch * 2,
      step: async () => {
        const loss = this.trainStep();
        if (this.step % EVAL_EVERY === 0) {
          this.record(this.measure());
          await yieldToEvents();
          await this.save(slot);
        }
        return loss;
      },
      shouldStop,
      onProgress,
    });
    if (this.lossCount > 0 && slot.current === this) {
      this.record(this.measure());
      await this.save(slot);
    }
    return { ...result, totalSteps: this.totalSteps };
  }

  extend(steps: number): number {
    this.extraSteps += steps;
    return this.totalSteps;
  }

  async save(slot: SessionSlot<AttentionSession>): Promise<void> {
    await slot.save<Checkpoint>(async () => ({
      config: this.config,
      step: this.step,
      extraSteps: this.extraSteps,
      evaluations: this.evaluations.slice(),
      models: { with: await this.models.with.exportState(), without: await this.models.without.exportState() },
      lossSum: { ...this.lossSum },
      lossCount: this.lossCount,
      savedAt: Date.now(),
    }));
  }

  describe(): AttentionRestored {
    return { config: this.config, step: this.step, totalSteps: this.totalSteps, evaluations: this.evaluations };
  }

  /** How long `config` takes here: a warm-up step, then two timed steps of both models at the middle length. */
  static async estimate(config: AttentionConfig): Promise<AttentionEstimate> {
    checkConfig(config);
    const length = Math.round((config.minLength + config.maxLength) / 2);
    const trainers = (['with', 'without'] as const).map(
      (variant) =>
        new Seq2SeqTrainer(
          { vocab: config.vocab, embed: config.embed, hidden: config.hidden, attention: variant === 'with', seed: config.seed },
          config.learningRate,
        ),
    );
    try {
      const rng = createRng(config.seed);
      for (const t of trainers) t.step(length, config.batch, rng);
      await yieldToEvents();
      let ms = 0;
      for (let i = 0; i < 2; i++) {
        const start = performance.now();
        for (const t of trainers) t.step(length, config.batch, rng);
        ms += performance.now() - start;
        await yieldToEvents();
      }
      const secondsPerStep = ms / 2 / 1000;
      // The measurements add about a tenth.
      return { secondsPerStep, seconds: secondsPerStep * config.steps * 1.1 };
    } finally {
      for (const t of trainers) t.dispose();
    }
  }

  dispose(): void {
    this.models.with.dispose();
    this.models.without.dispose();
  }
}

/** A reversal batch's first sequence, for tests and the page's examples. */
export const exampleReversal = (vocab: number, length: number, seed: number) => {
  const { inputs, targets } = reversalBatch(vocab, length, 1, createRng(seed));
  return { input: Array.from(inputs), target: Array.from(targets) };
};
