// Lesson 1 on the worker side: the tokenized corpus and the bigram model in training, with its checkpoint.

import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { createRng } from '../../lib/rng';
import { buildVocabFromCounts, type Vocab, vocabFromItos } from '../../text/vocab';
import { runLoop } from '../../train/loop';
import type { SessionSlot, ShouldStop, TrainingSession } from '../../train/session';
import type { LossPoint, TrainProgress } from '../../train/types';
import type { BigramConfig, BigramInfo, BigramRestored } from './api';
import { type BigramState, type BigramTrainer, bigramEntropies, bigramPairs, createBigramTrainer } from './bigram';
import { TOKENS_FIELDS } from './meta';

/** A corpus tokenized with basic_english: its documents and token counts. */
export interface TokenCorpus {
  name: string;
  docs: string[][];
  counts: Map<string, number>;
}

interface Checkpoint {
  config: BigramConfig;
  info: BigramInfo;
  itos: string[];
  step: number;
  points: LossPoint[];
  state: BigramState;
  savedAt: number;
}

/** Saves at least this often while training, besides at the end of every run. */
const SAVE_EVERY_MS = 30_000;

/** The (current, next) pairs of the corpus in a vocabulary, and their yardsticks. */
export function pairsFor(vocab: Vocab, corpus: TokenCorpus) {
  const ids = corpus.docs.map((doc) => Int32Array.from(doc, (token) => vocab.indexOf(token)));
  const pairs = bigramPairs(ids);
  const { unigram, conditional } = bigramEntropies(pairs.current, pairs.next, vocab.itos.length);
  const info: BigramInfo = {
    corpusName: corpus.name,
    vocabSize: vocab.itos.length,
    pairs: pairs.current.length,
    unigramEntropy: unigram,
    bigramEntropy: conditional,
    uniformLoss: Math.log(vocab.itos.length),
  };
  return { pairs, info };
}

/** The corpus's vocabulary capped at `vocabSize` tokens, `<unk>` first. */
export const bigramVocab = (corpus: TokenCorpus, vocabSize: number): Vocab =>
  buildVocabFromCounts(corpus.counts, { specials: ['<unk>'], maxTokens: vocabSize });

/** The bigram model, its vocabulary and its curve. */
export class BigramSession implements TrainingSession {
  step = 0;
  points: LossPoint[] = [];

  private constructor(
    readonly trainer: BigramTrainer,
    readonly vocab: Vocab,
    public config: BigramConfig,
    public info: BigramInfo,
  ) {}

  /** Raises the run's total by `extra` steps (a finished model trains further); returns the new total. */
  extend(extra: number): number {
    this.config = { ...this.config, steps: this.config.steps + extra };
    return this.config.steps;
  }

  /** A fresh model over `corpus`. */
  static create(corpus: TokenCorpus, config: BigramConfig): BigramSession {
    const vocab = bigramVocab(corpus, config.vocabSize);
    const { pairs, info } = pairsFor(vocab, corpus);
    if (pairs.current.length === 0) throw new DataError(`${corpus.name} has no two neighbouring tokens to learn from.`);
    const trainer = createBigramTrainer(vocab.itos.length, config, createRng(config.seed));
    trainer.usePairs(pairs);
    return new BigramSession(trainer, vocab, config, info);
  }

  /** The model saved in `slot`, live again (without pairs until `attach`). */
  static async restore(slot: SessionSlot<BigramSession>): Promise<BigramSession | undefined> {
    const saved = await slot.load<Checkpoint>((saved) => checkBounds(saved.config, TOKENS_FIELDS));
    if (!saved) return undefined;
    const trainer = createBigramTrainer(saved.itos.length, saved.config, createRng(saved.config.seed + saved.step), saved.state);
    await trainer.ready;
    const session = new BigramSession(trainer, vocabFromItos(saved.itos), saved.config, saved.info);
    session.step = saved.step;
    session.points = saved.points;
    return session;
  }

  describe(): BigramRestored {
    return { config: this.config, info: this.info, step: this.step, points: this.points, corpusName: this.info.corpusName, savedAt: Date.now() };
  }

  /** Pairs from `corpus` read through this model's vocabulary (for a model restored after a reload). */
  attach(corpus: TokenCorpus): void {
    const { pairs, info } = pairsFor(this.vocab, corpus);
    this.trainer.usePairs(pairs);
    this.info = info;
  }

  /** Trains up to `maxSteps` more steps, saving into `slot` every 30 s and when it returns. */
  async train(maxSteps: number, shouldStop: ShouldStop, onProgress: (p: TrainProgress) => void, slot: SessionSlot<BigramSession>) {
    let lastSave = performance.now();
    const result = await runLoop({
      startStep: this.step,
      totalSteps: this.config.steps,
      maxSteps,
      examplesPerStep: this.config.batch,
      step: () => this.trainer.step(),
      shouldStop,
      onProgress: (p) => {
        this.points.push(...p.points);
        this.step = p.step;
        onProgress(p);
        if (performance.now() - lastSave > SAVE_EVERY_MS) {
          lastSave = performance.now();
          void this.save(slot);
        }
      },
    });
    this.step = result.step;
    if (slot.current === this) await this.save(slot);
    return { ...result, totalSteps: this.config.steps };
  }

  /** The `k` most likely next tokens after `token` (`<unk>` for one outside the vocabulary). */
  predict(token: string, k: number) {
    const id = this.vocab.indexOf(token);
    const probabilities = this.trainer.nextDistribution(id);
    const order = Array.from(probabilities.keys())
      .sort((a, b) => probabilities[b] - probabilities[a])
      .slice(0, k);
    return {
      known: token !== '' && id !== 0,
      token: id === 0 ? '<unk>' : token,
      next: order.map((i) => ({ token: this.vocab.itos[i], probability: probabilities[i] })),
    };
  }

  async save(slot: SessionSlot<BigramSession>): Promise<void> {
    await slot.save<Checkpoint>(async () => ({
      config: this.config,
      info: this.info,
      itos: [...this.vocab.itos],
      step: this.step,
      points: this.points,
      state: await this.trainer.exportState(),
      savedAt: Date.now(),
    }));
  }

  dispose(): void {
    this.trainer.dispose();
  }
}
