// Lesson 2 on the worker side: the model being trained, its epochs and its checkpoint.

import * as tf from '@tensorflow/tfjs';
import { CbowProducts } from '../../kernels/cbowProducts';
import type { Kernels } from '../../kernels/kernels';
import { Adam, type AdamState } from '../../lib/adam';
import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { createRng, type Rng } from '../../lib/rng';
import { type Vocab, vocabFromItos } from '../../text/vocab';
import type { Windows } from '../../text/wikitext';
import { runLoop, yieldToEvents } from '../../train/loop';
import type { SessionSlot, ShouldStop, TrainingSession } from '../../train/session';
import type { BackendName, LossPoint, TrainProgress } from '../../train/types';
import type { Word2vecConfig, Word2vecNeighbours, Word2vecPlan, Word2vecRestored } from './api';
import { batchOf, epochOrder } from './batches';
import { type CbowWeights, cbowFromArrays, cbowFullStep, createCbow, disposeCbow } from './cbow';
import type { Checkpoint } from './checkpoint';
import { WORD2VEC_FIELDS } from './meta';
import { noiseSampler, type PlainCbow, trainNegativeSampling } from './negativeSampling';
import { costOf, examplesOf, idsOf, planFor, vocabularyOf, type Word2vecCorpus } from './plan';
import { decodePretrained, encodePretrained, type PretrainedWord2vec } from './pretrained';
import { neighbours, type TrainedVectors } from './queries';

/** A model in training: weights, optimizer, examples, and where it stands. */
export class Word2vecSession implements TrainingSession {
  /** A checkpoint at least this often while training, as well as at every epoch's end. */
  static saveEveryMs = 30_000;
  step = 0;
  points: LossPoint[] = [];
  epochMeans: { epoch: number; loss: number }[] = [];
  /** Epochs past the schedule's `config.epochs`, added by "Train further"; they run at the schedule's last rate. */
  extraEpochs = 0;
  /** For a ready-trained model: how it was made and its data's licence. */
  pretrained?: string;
  /** The running sum of this epoch's batch losses, for its mean. */
  private epochSum = 0;
  private epochCount = 0;
  private windows?: Windows;
  private noise?: (rng: Rng) => number;
  private order: Int32Array = new Int32Array(0);
  private orderEpoch = -1;
  private readonly adam?: Adam;
  /** The full-softmax step's products in the project's kernels, where they are loaded (useKernels). */
  private products?: CbowProducts;
  /** Fast mode trains these plain arrays; the tfjs variables are brought up to date before they are read. */
  private readonly plain?: PlainCbow;
  private plainDirty = false;

  private constructor(
    readonly config: Word2vecConfig,
    public plan: Word2vecPlan,
    readonly vocab: Vocab,
    readonly weights: CbowWeights,
    public corpusName: string,
    adamState?: AdamState,
  ) {
    if (config.mode === 'full') this.adam = new Adam([weights.context, weights.centre], { learningRate: config.learningRate }, adamState);
    else
      this.plain = { dim: config.dim, context: weights.context.dataSync().slice() as Float32Array, centre: weights.centre.dataSync().slice() as Float32Array };
  }

  /** Runs the full-softmax step's products and softmax in `kernels` (two threads where they have them), once. */
  async useKernels(kernels: Kernels | undefined): Promise<void> {
    if (!kernels || this.products || this.config.mode !== 'full') return;
    const [V, D] = this.weights.centre.shape;
    this.products = await CbowProducts.create(kernels, V, D, this.plan.chunk, this.config.window, this.config.batch);
  }

  /** Copies fast mode's arrays into the tfjs variables that neighbours, export and checkpoints read. */
  private sync(): void {
    if (!this.plain || !this.plainDirty) return;
    const { context, centre } = this.plain;
    tf.tidy(() => {
      this.weights.context.assign(tf.tensor2d(context, this.weights.context.shape));
      this.weights.centre.assign(tf.tensor2d(centre, this.weights.centre.shape));
    });
    this.plainDirty = false;
  }

  /** A fresh model on `corpus`. */
  static create(corpus: Word2vecCorpus, config: Word2vecConfig, backend: BackendName): Word2vecSession {
    const vocab = vocabularyOf(corpus, config.minFreq);
    const { windows, counts } = examplesOf(idsOf(corpus, vocab), vocab.itos.length, config);
    const plan = planFor(corpus, config, backend, windows.centres.length);
    const refused = plan.warnings.find((w) => w.startsWith('At min_freq') || w.startsWith('The corpus has no') || w.startsWith('This model would take'));
    if (refused) throw new DataError(refused);
    const weights = createCbow(vocab.itos.length, config.dim, createRng(config.seed), config.mode === 'full' ? 'pytorch' : 'word2vec');
    const session = new Word2vecSession(config, plan, vocab, weights, corpus.name);
    session.useExamples(windows, counts);
    return session;
  }

  /** The model saved in `slot` (at an epoch's end, or mid-epoch by the clock), if any. */
  static async restore(slot: SessionSlot<Word2vecSession>): Promise<Word2vecSession | undefined> {
    const saved = await slot.load<Checkpoint>((saved) => checkBounds(saved.config, WORD2VEC_FIELDS));
    if (!saved) return undefined;
    const weights = cbowFromArrays(saved.itos.length, saved.config.dim, saved.context, saved.centre);
    const session = new Word2vecSession(saved.config, saved.plan, vocabFromItos(saved.itos), weights, saved.corpusName, saved.adam);
    session.step = saved.step;
    session.points = saved.points;
    session.epochMeans = saved.epochMeans;
    session.epochSum = saved.epochSum ?? 0;
    session.epochCount = saved.epochCount ?? 0;
    session.extraEpochs = saved.extraEpochs ?? 0;
    session.pretrained = saved.pretrained;
    return session;
  }

  /** A model from a ready-trained file: its neighbours can be read at once; it trains on once its corpus is loaded. */
  static fromPretrained(file: PretrainedWord2vec, backend: BackendName): Word2vecSession {
    const model = decodePretrained(file);
    const V = model.itos.length;
    const weights = cbowFromArrays(V, model.config.dim, model.context, model.centre);
    const plan = costOf(model.config, V, model.batchesPerEpoch * model.config.batch, backend);
    const session = new Word2vecSession(model.config, { ...plan, batchesPerEpoch: model.batchesPerEpoch }, vocabFromItos(model.itos), weights, file.corpusName);
    session.step = model.step;
    session.points = model.points;
    session.epochMeans = model.epochMeans;
    session.extraEpochs = Math.max(0, Math.ceil(model.step / model.batchesPerEpoch) - model.config.epochs);
    session.pretrained = `${file.madeBy} Data: ${file.corpusName}, ${file.licence}.`;
    return session;
  }

  /** This model as a ready-trained file, with its data's licence and how it was made. */
  async exportPretrained(made: { licence: string; madeBy: string }): Promise<PretrainedWord2vec> {
    this.sync();
    return encodePretrained(
      {
        config: this.config,
        itos: [...this.vocab.itos],
        step: this.step,
        batchesPerEpoch: this.plan.batchesPerEpoch,
        points: this.points,
        epochMeans: this.epochMeans,
        context: (await this.weights.context.data()) as Float32Array,
        centre: (await this.weights.centre.data()) as Float32Array,
      },
      { ...made, corpusName: this.corpusName },
    );
  }

  /** "Train further": `epochs` more epochs, at the schedule's last learning rate (lr / E); the new total of batches. */
  extend(epochs: number): number {
    this.extraEpochs += epochs;
    return this.totalSteps;
  }

  get totalSteps(): number {
    return this.plan.batchesPerEpoch * (this.config.epochs + this.extraEpochs);
  }

  get hasExamples(): boolean {
    return this.windows !== undefined;
  }

  /** Examples from `corpus` read through this model's vocabulary (for a model restored after a reload). */
  attach(corpus: Word2vecCorpus): void {
    const { windows, counts } = examplesOf(idsOf(corpus, this.vocab), this.vocab.itos.length, this.config);
    if (windows.centres.length === 0) throw new DataError(`${corpus.name} has no full windows of ${this.config.window} words.`);
    this.useExamples(windows, counts);
    this.corpusName = corpus.name;
  }

  private useExamples(windows: Windows, counts: Float64Array): void {
    this.windows = windows;
    this.noise = noiseSampler(counts);
    const batches = Math.ceil(windows.centres.length / this.config.batch);
    if (batches !== this.plan.batchesPerEpoch) this.plan = { ...this.plan, examples: windows.centres.length, batchesPerEpoch: batches };
  }

  /** The shuffled order of the examples in `epoch`: a seeded permutation, the same after a reload. */
  private orderFor(epoch: number): Int32Array {
    if (this.orderEpoch !== epoch) this.order = epochOrder(this.windows!.centres.length, this.config.seed, epoch, this.order);
    this.orderEpoch = epoch;
    return this.order;
  }

  /** One batch: the notebook's schedule multiplies the learning rate by (E - e) / E in epoch e (0-based). */
  private async trainBatch(step: number): Promise<number> {
    const windows = this.windows!;
    const { batch, window, epochs } = this.config;
    const epoch = Math.floor(step / this.plan.batchesPerEpoch);
    const b = step % this.plan.batchesPerEpoch;
    const order = this.orderFor(epoch);
    const { contexts, centres } = batchOf(windows, order, b * batch, batch);
    const size = centres.length;
    // Epochs past the schedule ("Train further") keep its last rate, lr / E.
    const rate = (this.config.learningRate * Math.max(1, epochs - epoch)) / epochs;
    if (this.adam) {
      this.adam.learningRate = rate;
      return cbowFullStep(
        this.weights,
        contexts,
        centres,
        window,
        { batch: size, chunk: this.plan.chunk, maxNorm: 1 },
        (g) => this.adam!.step(g),
        yieldToEvents,
        this.products,
      );
    }
    const rng = createRng((this.config.seed + step * 2654435761) >>> 0);
    const negatives = new Int32Array(size * this.config.negatives);
    for (let i = 0; i < negatives.length; i++) negatives[i] = this.noise!(rng);
    this.plainDirty = true;
    return trainNegativeSampling(this.plain!, contexts, centres, negatives, window, rate);
  }

  /**
   * Trains until done, `maxSteps` more, or `shouldStop`; checkpoints at every epoch's end and every
   * `saveEveryMs` between. Every batch's examples and negatives follow from its step and the seed, so a run
   * resumed from any checkpoint trains on what the uninterrupted run would have.
   */
  async train(maxSteps: number, shouldStop: ShouldStop, onProgress: (p: TrainProgress) => void, slot: SessionSlot<Word2vecSession>) {
    if (!this.windows) throw new DataError('Load a corpus to go on training this model.');
    const perEpoch = this.plan.batchesPerEpoch;
    let lastSave = performance.now();
    let finishedEpochs: { epoch: number; loss: number }[] = [];
    const result = await runLoop({
      startStep: this.step,
      totalSteps: this.totalSteps,
      maxSteps,
      examplesPerStep: this.config.batch,
      step: async () => {
        const loss = await this.trainBatch(this.step);
        this.step++;
        this.points.push({ step: this.step, loss });
        this.epochSum += loss;
        this.epochCount++;
        if (this.step % perEpoch === 0) {
          const mean = { epoch: this.step / perEpoch - 1, loss: this.epochSum / this.epochCount };
          this.epochMeans.push(mean);
          finishedEpochs.push(mean);
          this.epochSum = 0;
          this.epochCount = 0;
          // Saved before the next batch starts, so the checkpoint is exactly the end of this epoch.
          await this.save(slot);
          lastSave = performance.now();
        } else if (performance.now() - lastSave >= Word2vecSession.saveEveryMs) {
          await this.save(slot);
          lastSave = performance.now();
        }
        return loss;
      },
      shouldStop,
      onProgress: (p) => {
        onProgress({ ...p, epoch: Math.min(this.config.epochs + this.extraEpochs - 1, Math.floor(p.step / perEpoch)), epochMeans: finishedEpochs });
        finishedEpochs = [];
      },
    });
    // Stopped mid-epoch: saved as it stands (at an epoch's end it just was).
    if (this.step % perEpoch !== 0 && slot.current === this) await this.save(slot);
    return { ...result, totalSteps: this.totalSteps };
  }

  /** Saves the model (weights, Adam, curve) into `slot`; a failure costs only the checkpoint. */
  async save(slot: SessionSlot<Word2vecSession>): Promise<void> {
    this.sync();
    await slot.save<Checkpoint>(async () => ({
      config: this.config,
      plan: this.plan,
      corpusName: this.corpusName,
      itos: [...this.vocab.itos],
      step: this.step,
      points: this.points.slice(),
      epochMeans: this.epochMeans.slice(),
      context: (await this.weights.context.data()) as Float32Array,
      centre: (await this.weights.centre.data()) as Float32Array,
      adam: await this.adam?.exportState(),
      epochSum: this.epochSum,
      epochCount: this.epochCount,
      extraEpochs: this.extraEpochs,
      pretrained: this.pretrained,
      savedAt: Date.now(),
    }));
  }

  describe(): Word2vecRestored {
    return {
      config: this.config,
      plan: this.plan,
      corpusName: this.corpusName,
      step: this.step,
      totalSteps: this.totalSteps,
      points: this.points,
      epochMeans: this.epochMeans,
      pretrained: this.pretrained,
      savedAt: Date.now(),
    };
  }

  /** The trained vectors as they are now, for the questions a reader asks of them (queries.ts). */
  vectors(): TrainedVectors {
    this.sync();
    return { weights: this.weights, vocab: this.vocab, config: this.config, corpusName: this.corpusName, step: this.step };
  }

  neighbours(word: string, k: number): Word2vecNeighbours {
    return neighbours(this.vectors(), word, k);
  }

  dispose(): void {
    disposeCbow(this.weights);
    this.adam?.dispose();
    this.products?.dispose();
  }
}
