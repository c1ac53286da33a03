// Lesson 1's benchmark (npm run bench): the bigram demo's training steps per second on the loaded corpus.

import { createRng } from '../../lib/rng';
import { timed } from '../../train/bench/profile';
import type { BigramConfig } from './api';
import { createBigramTrainer } from './bigram';
import { bigramVocab, pairsFor, type TokenCorpus } from './session';

export function benchBigram(corpus: TokenCorpus, config: BigramConfig, seconds: number): { stepsPerSecond: number; steps: number } {
  const vocab = bigramVocab(corpus, config.vocabSize);
  const trainer = createBigramTrainer(vocab.itos.length, config, createRng(config.seed));
  try {
    trainer.usePairs(pairsFor(vocab, corpus).pairs);
    const { steps, elapsed } = timed(seconds, () => trainer.step());
    return { stepsPerSecond: steps / elapsed, steps };
  } finally {
    trainer.dispose();
  }
}
