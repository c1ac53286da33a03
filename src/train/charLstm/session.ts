// The character LSTM in training on a book (Lesson 6's model; Lesson 9 races it against its GPT): its validation
// loss, the samples it writes while it trains, its checkpoint and its ready-trained file.

import type { Kernels } from '../../kernels/kernels';
import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { createRng } from '../../lib/rng';
import { CharLm, type CharLmState, charLmVariables } from '../../models/charLstm';
import { CHAR_MODEL_FIELDS, type CharLmConfig } from '../../models/charLstmConfig';
import { type CharCorpus, type CharVocab, decodeChars, encodeChars, windowBatch } from '../../text/chars';
import { runLoop, yieldToEvents } from '../loop';
import type { SessionSlot, ShouldStop, TrainingSession } from '../session';
import type { LossPoint, TrainProgress } from '../types';
import { decodePretrained, encodePretrained, type PretrainedChar } from './pretrained';
import type { CharRestored, CharSampling, CharTrainConfig, CharWriting } from './types';

/** Validation batches kept fixed for the whole run, so that the curve compares like with like. */
const VALIDATION_BATCHES = 4;
const VALIDATE_EVERY_MS = 4000;
const SAMPLE_EVERY_MS = 8000;

interface Checkpoint {
  state: CharLmState;
  train: CharTrainConfig;
  itos: string[];
  corpusName: string;
  points: LossPoint[];
  validation: LossPoint[];
  /** Where the model came from when it was loaded ready-trained (its file's `madeBy`). */
  pretrained?: string;
  savedAt: number;
}

/** The character model, its vocabulary and its curves. */
export class CharSession implements TrainingSession {
  corpus?: CharCorpus;
  points: LossPoint[] = [];
  validation: LossPoint[] = [];
  sampling: CharSampling = { prompt: 'Prince Andrew ', length: 200, mode: 'temperature', temperature: 0.7, k: 5, p: 0.95 };
  /** Set when the model was loaded ready-trained: how it was made (not in this browser). */
  pretrained?: string;
  /** Where the samples written while training go (none: it writes nothing while it trains). */
  onWriting?: (w: CharWriting) => void;
  /** A checkpoint at least this often while training, so that a reload or a crash costs at most this much. */
  static saveEveryMs = 30_000;
  private held?: { inputs: Int32Array; targets: Int32Array }[];

  private constructor(
    readonly model: CharLm,
    public settings: CharTrainConfig,
    readonly vocab: CharVocab,
    readonly corpusName: string,
  ) {}

  /** Raises the run's total by `extra` steps (a finished model trains further). */
  extend(extra: number): number {
    this.settings = { ...this.settings, steps: this.settings.steps + extra };
    return this.settings.steps;
  }

  /** The batch of step `step`: drawn from a generator seeded by the step, so a run resumed there draws the same. */
  private batchAt(step: number) {
    const corpus = this.corpus!;
    return windowBatch(corpus.train, this.settings.window, this.settings.batch, createRng(this.settings.seed * 7919 + step));
  }

  static create(corpus: CharCorpus, train: CharTrainConfig): CharSession {
    const config: CharLmConfig = {
      vocab: corpus.vocab.itos.length,
      embed: train.embed,
      hidden: train.hidden,
      layers: train.layers,
      window: train.window,
      batch: train.batch,
      learningRate: train.learningRate,
      seed: train.seed,
    };
    if (corpus.train.length < train.window + 1) throw new DataError(`The book is shorter than one window of ${train.window} characters.`);
    const session = new CharSession(new CharLm(config), train, corpus.vocab, corpus.name);
    session.attach(corpus);
    return session;
  }

  /**
   * How long `train.steps` steps of this model take here, timed rather than guessed: a fresh model's first step
   * (to warm up), then three, on the fast kernels when given. The validation points and samples of a real run
   * come on top. Where the first step takes longer than `limitSeconds`, the timing stops there (`stopped`).
   */
  static async estimate(
    corpus: CharCorpus,
    train: CharTrainConfig,
    kernels?: Kernels,
    limitSeconds = Number.POSITIVE_INFINITY,
  ): Promise<{ secondsPerStep: number; seconds: number; stopped?: boolean }> {
    const session = CharSession.create(corpus, train);
    try {
      await session.model.useKernels(kernels);
      const rng = createRng(train.seed);
      const step = () => {
        const { inputs, targets } = windowBatch(corpus.train, train.window, train.batch, rng);
        session.model.trainStep(inputs, targets);
      };
      const first = performance.now();
      step();
      const firstSeconds = (performance.now() - first) / 1000;
      if (firstSeconds > limitSeconds) return { secondsPerStep: firstSeconds, seconds: firstSeconds * train.steps, stopped: true };
      await yieldToEvents();
      let ms = 0;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        step();
        ms += performance.now() - start;
        await yieldToEvents();
      }
      const secondsPerStep = ms / 3 / 1000;
      return { secondsPerStep, seconds: secondsPerStep * train.steps };
    } finally {
      session.dispose();
    }
  }

  static async restore(slot: SessionSlot<CharSession>): Promise<CharSession | undefined> {
    const saved = await slot.load<Checkpoint>((saved) => checkBounds(saved.train, CHAR_MODEL_FIELDS));
    if (!saved) return undefined;
    const itos = saved.itos;
    const stoi = new Map(itos.map((ch, i) => [ch, i]));
    const session = new CharSession(new CharLm(saved.state.config, saved.state), saved.train, { itos, indexOf: (ch) => stoi.get(ch) ?? -1 }, saved.corpusName);
    session.points = saved.points;
    session.validation = saved.validation;
    session.pretrained = saved.pretrained;
    return session;
  }

  /** A model from a ready-trained file (see pretrained.ts): it can write at once, and train on once its book is loaded. */
  static fromPretrained(file: PretrainedChar): CharSession {
    const state = decodePretrained(file);
    const stoi = new Map(file.itos.map((ch, i) => [ch, i]));
    const session = new CharSession(new CharLm(state.config, state), file.train, { itos: file.itos, indexOf: (ch) => stoi.get(ch) ?? -1 }, file.corpusName);
    session.validation = file.validation;
    session.pretrained = `${file.madeBy} Data: ${file.corpusName}, ${file.licence}.`;
    return session;
  }

  /** This model as a ready-trained file, with its data's licence and how it was made. */
  async exportPretrained(made: { licence: string; madeBy: string }): Promise<PretrainedChar> {
    return encodePretrained(await this.model.exportState(), {
      ...made,
      corpusName: this.corpusName,
      train: { ...this.settings, steps: this.model.step }, // a finished run: "Train further" goes on from it
      itos: [...this.vocab.itos],
      validation: this.validation.slice(),
    });
  }

  /** Weights and biases, all layers together. */
  get parameters(): number {
    return charLmVariables(this.model.weights).reduce((n, v) => n + v.size, 0);
  }

  describe(): CharRestored {
    return {
      train: this.settings,
      corpusName: this.corpusName,
      vocab: this.vocab.itos.length,
      step: this.model.step,
      points: this.points,
      validation: this.validation,
      pretrained: this.pretrained,
    };
  }

  /** Uses `corpus` for training from now on; it must have this model's characters. */
  attach(corpus: CharCorpus): void {
    const missing = corpus.vocab.itos.filter((ch) => this.vocab.indexOf(ch) < 0);
    if (missing.length > 0 && corpus.vocab !== this.vocab) {
      throw new DataError(
        `This model was trained on ${this.corpusName}; the loaded text has ${missing.length} characters it does not know. Load that book again, or press Reset to train a new model.`,
      );
    }
    const recode = (ids: Int32Array) => (corpus.vocab === this.vocab ? ids : Int32Array.from(ids, (id) => this.vocab.indexOf(corpus.vocab.itos[id])));
    this.corpus = { name: corpus.name, vocab: this.vocab, train: recode(corpus.train), validation: recode(corpus.validation) };
    const heldRng = createRng(this.settings.seed + 1);
    this.held = Array.from({ length: VALIDATION_BATCHES }, () =>
      windowBatch(this.corpus!.validation, Math.min(this.settings.window, this.corpus!.validation.length - 1), this.settings.batch, heldRng),
    );
  }

  validationLoss(): number {
    if (!this.held) throw new DataError('Load the book to measure the validation loss.');
    return this.model.loss(this.held);
  }

  /**
   * Trains up to `maxSteps` more steps (or to `settings.steps`, or until `shouldStop`), streaming the loss,
   * a validation point every few seconds, and a sample of writing every few seconds through `onWriting`.
   */
  async train(maxSteps: number, shouldStop: ShouldStop, onProgress: (p: TrainProgress) => void, slot: SessionSlot<CharSession>) {
    const onWriting = this.onWriting;
    const corpus = this.corpus;
    if (!corpus) throw new DataError('Load the book to go on training this model.');
    if (this.validation.length === 0) this.validation.push({ step: this.model.step, loss: this.validationLoss() });
    let lastValidation = performance.now();
    let lastSample = performance.now();
    let lastSave = performance.now();
    let pendingValidation: { step: number; loss: number }[] = [];
    let lastProgress: TrainProgress | undefined;
    const result = await runLoop({
      startStep: this.model.step,
      totalSteps: this.settings.steps,
      maxSteps,
      examplesPerStep: this.settings.window * this.settings.batch,
      step: async () => {
        const { inputs, targets } = this.batchAt(this.model.step);
        const loss = this.model.trainStep(inputs, targets);
        const now = performance.now();
        if (now - lastSave >= CharSession.saveEveryMs) {
          await this.save(slot);
          lastSave = performance.now();
        }
        if (now - lastValidation > VALIDATE_EVERY_MS) {
          const point = { step: this.model.step, loss: this.validationLoss() };
          this.validation.push(point);
          pendingValidation.push(point);
          lastValidation = performance.now();
        }
        if (onWriting && now - lastSample > SAMPLE_EVERY_MS) {
          await this.write(onWriting, () => shouldStop());
          lastSample = performance.now();
        }
        return loss;
      },
      shouldStop,
      onProgress: (p) => {
        this.points.push(...p.points);
        lastProgress = { ...p, validation: pendingValidation };
        onProgress(lastProgress);
        pendingValidation = [];
      },
    });
    const last = { step: this.model.step, loss: this.validationLoss() };
    if (this.validation[this.validation.length - 1]?.step !== last.step) {
      this.validation.push(last);
      onProgress({
        ...(lastProgress ?? { examplesPerSecond: 0, secondsLeft: Number.NaN }),
        points: [],
        step: result.step,
        totalSteps: this.settings.steps,
        validation: [last],
      });
    }
    await this.save(slot);
    return { ...result, totalSteps: this.settings.steps, validationLoss: last.loss };
  }

  /** Writes `sampling.length` characters after the prompt, streaming them as they come. */
  async write(onWriting: (w: CharWriting) => void, shouldStop: () => boolean = () => false, sampling = this.sampling): Promise<string> {
    const { ids, unknown } = encodeChars(sampling.prompt, this.vocab);
    if (ids.length === 0)
      throw new DataError(unknown.length > 0 ? `None of the prompt's characters occur in ${this.corpusName}.` : 'Type a prompt of at least one character.');
    onWriting({ kind: 'start', step: this.model.step, prompt: decodeChars(ids, this.vocab), unknown, text: '' });
    const rng = createRng(this.model.step * 31 + 7);
    let text = '';
    let buffered = '';
    let lastFlush = performance.now();
    await this.model.generate(ids, sampling.length, sampling, rng, async (id) => {
      const ch = this.vocab.itos[id];
      text += ch;
      buffered += ch;
      // Characters go out in small groups (every ~30 ms), so that the text streams without a message per character.
      if (performance.now() - lastFlush > 30) {
        onWriting({ kind: 'chars', step: this.model.step, prompt: '', unknown: [], text: buffered });
        buffered = '';
        lastFlush = performance.now();
        await yieldToEvents();
      }
      return !shouldStop();
    });
    onWriting({ kind: 'end', step: this.model.step, prompt: '', unknown: [], text: buffered });
    return text;
  }

  async save(slot: SessionSlot<CharSession>): Promise<void> {
    await slot.save<Checkpoint>(async () => ({
      state: await this.model.exportState(),
      train: this.settings,
      itos: [...this.vocab.itos],
      corpusName: this.corpusName,
      points: this.points.slice(),
      validation: this.validation.slice(),
      pretrained: this.pretrained,
      savedAt: Date.now(),
    }));
  }

  async export(): Promise<string> {
    const state = await this.model.exportState();
    return JSON.stringify({
      model: 'character LSTM: Embedding(V, E) -> LSTM x layers (PyTorch layout, gates i, f, g, o) -> Linear(H, V)',
      config: state.config,
      vocabulary: this.vocab.itos,
      step: state.step,
      weights: state.weights.map((w) => Array.from(w)),
    });
  }

  dispose(): void {
    this.model.dispose();
  }
}
