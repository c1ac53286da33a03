// Lesson 10 on the worker side: the series' BPE learning on the loaded corpus, one merge a step in the shared
// training loop (Pause stops it between merges, Resume goes on), the reader's sentence re-cut as it goes, the
// corpus encoded with the vocabulary so far, and the rules saved so that a reload keeps them.

import { DataError } from '../../lib/errors';
import { checkBounds } from '../../lib/fields';
import { BpeLearner, type BpeModel, bpeModel, type Merge } from '../../text/bpe';
import { pythonSplit } from '../../text/python';
import { runLoop } from '../../train/loop';
import type { SessionSlot, ShouldStop, TrainingSession } from '../../train/session';
import type { LossPoint, TrainProgress } from '../../train/types';
import type { BpeEvent, BpeLearned, BpeRestored } from './api';
import { BPE_CONFIG_FIELDS, type BpeConfig, DEFAULT_SENTENCE } from './meta';

/** The loaded corpus as its words. */
export interface BpeCorpus {
  name: string;
  words: string[];
}

/** The merges the page shows: the latest, kept in the checkpoint too. */
const RECENT = 50;
const EVENT_EVERY_MS = 100;

interface Checkpoint {
  config: BpeConfig;
  corpusName: string;
  rules: [string, string][];
  vocab: string[];
  totalSteps: number;
  points: LossPoint[];
  merges: Merge[];
  learned?: BpeLearned;
  savedAt: number;
}

export class BpeSession implements TrainingSession {
  static saveEveryMs = 30_000;
  points: LossPoint[] = [];
  recent: Merge[] = [];
  sentence = DEFAULT_SENTENCE;
  onEvent?: (e: BpeEvent) => void;
  learned?: BpeLearned;
  /** The learning itself, on the corpus (absent for a vocabulary restored before its corpus is loaded again). */
  private learner?: BpeLearner;
  private corpus?: BpeCorpus;
  private saved?: { rules: [string, string][]; vocab: string[] };
  private learnSeconds = 0;

  private constructor(
    readonly config: BpeConfig,
    readonly corpusName: string,
    public totalSteps: number,
  ) {}

  /** A new learning on `corpus`: `config.merges` merges, raised to a vocabulary of a multiple of 64 with `align`. */
  static create(corpus: BpeCorpus, config: BpeConfig): BpeSession {
    checkBounds(config, BPE_CONFIG_FIELDS);
    if (corpus.words.length === 0) throw new DataError(`${corpus.name} has no words to learn from.`);
    const learner = new BpeLearner(corpus.words);
    const session = new BpeSession(config, corpus.name, learner.plannedMerges(config.merges, config.align === 'yes'));
    session.learner = learner;
    session.corpus = corpus;
    return session;
  }

  static async restore(slot: SessionSlot<BpeSession>): Promise<BpeSession | undefined> {
    const saved = await slot.load<Checkpoint>((c) => checkBounds(c.config, BPE_CONFIG_FIELDS));
    if (!saved) return undefined;
    const session = new BpeSession(saved.config, saved.corpusName, saved.totalSteps);
    session.saved = { rules: saved.rules, vocab: saved.vocab };
    session.points = saved.points;
    session.recent = saved.merges;
    session.learned = saved.learned;
    return session;
  }

  /** Takes up the learning on `corpus` (the one it was learned on): its rules are merged again, and it can go on. */
  attach(corpus: BpeCorpus): void {
    if (this.learner) return;
    if (corpus.name !== this.corpusName) throw new DataError(`This vocabulary was learned on ${this.corpusName}; load that text to go on, or press Reset.`);
    const learner = new BpeLearner(corpus.words);
    try {
      learner.replay(this.saved?.rules ?? []);
    } catch {
      throw new DataError(`${corpus.name} is not the text this vocabulary was learned on; load that text to go on, or press Reset.`);
    }
    this.learner = learner;
    this.corpus = corpus;
  }

  get step(): number {
    return this.learner ? this.learner.rules.length : (this.saved?.rules.length ?? 0);
  }

  /** The vocabulary learned so far, to encode with. */
  model(): BpeModel {
    return this.learner ? this.learner.model() : bpeModel(this.saved?.rules ?? [], this.saved?.vocab ?? []);
  }

  private emit(pending: Merge[]): void {
    if (!this.onEvent) return;
    const tokens = pythonSplit(this.sentence).flatMap((word) => this.model().encodeWord(word));
    this.onEvent({ merges: pending.slice(-RECENT), sentence: { text: this.sentence, tokens } });
  }

  async train(maxSteps: number, shouldStop: ShouldStop, onProgress: (p: TrainProgress) => void, slot: SessionSlot<BpeSession>) {
    const learner = this.learner;
    if (!learner || !this.corpus) throw new DataError(`Load ${this.corpusName} to go on learning this vocabulary.`);
    const { minFrequency } = this.config;
    let pending: Merge[] = [];
    let lastEvent = performance.now();
    let lastSave = performance.now();
    const result = await runLoop({
      startStep: this.step,
      totalSteps: this.totalSteps,
      maxSteps,
      examplesPerStep: 1,
      step: async () => {
        const started = performance.now();
        const [merge] = learner.step(1, minFrequency);
        this.learnSeconds += (performance.now() - started) / 1000;
        pending.push(merge);
        this.recent = [...this.recent.slice(1 - RECENT), merge];
        const perWord = merge.tokens / learner.totalWords;
        this.points.push({ step: this.step, loss: perWord });
        if (performance.now() - lastEvent >= EVENT_EVERY_MS) {
          this.emit(pending);
          pending = [];
          lastEvent = performance.now();
        }
        if (performance.now() - lastSave >= BpeSession.saveEveryMs) {
          await this.save(slot);
          lastSave = performance.now();
        }
        return perWord;
      },
      // Pairs can run out (or fall below the least frequency) before the planned merges: the learning is done there.
      shouldStop: () => shouldStop() || !learner.canMerge(minFrequency),
      onProgress,
    });
    if (!learner.canMerge(minFrequency)) this.totalSteps = this.step;
    this.emit(pending);
    if (slot.current === this) {
      this.learned = this.encodeCorpus();
      await this.save(slot);
    }
    return { ...result, step: this.step, totalSteps: this.totalSteps };
  }

  /** The whole corpus encoded word by word with the vocabulary so far, split 90/10 as the notebook does. */
  private encodeCorpus(): BpeLearned {
    const started = performance.now();
    const model = this.model();
    let tokens = 0;
    for (const word of this.corpus!.words) tokens += model.encodeWord(word).length;
    return this.figures(model, tokens, this.corpus!.words.length, (performance.now() - started) / 1000);
  }

  /** The vocabulary's figures, with the text's tokens and words where it was encoded (NaN where not). */
  private figures(model: BpeModel, tokens: number, words: number, encodeSeconds: number): BpeLearned {
    const train = Math.floor(0.9 * tokens);
    return {
      corpusName: this.corpusName,
      config: this.config,
      step: this.step,
      totalSteps: this.totalSteps,
      vocab: model.vocab.length,
      symbols: model.vocab.length - this.step,
      tokens,
      train,
      validation: tokens - train,
      words,
      learnSeconds: this.learnSeconds,
      encodeSeconds,
    };
  }

  async save(slot: SessionSlot<BpeSession>): Promise<void> {
    const model = this.model();
    await slot.save<Checkpoint>(() => ({
      config: this.config,
      corpusName: this.corpusName,
      rules: model.rules,
      vocab: model.vocab,
      totalSteps: this.totalSteps,
      points: this.points.slice(),
      merges: this.recent.slice(),
      learned: this.learned,
      savedAt: Date.now(),
    }));
  }

  describe(): BpeRestored {
    const learned = this.learned ?? this.figures(this.model(), Number.NaN, Number.NaN, 0);
    return { ...learned, step: this.step, totalSteps: this.totalSteps, points: this.points, merges: this.recent };
  }

  dispose(): void {
    this.learner = undefined;
  }
}
