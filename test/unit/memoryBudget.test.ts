// The memory the page says a model takes to train: above what one step really holds at its peak (tfjs's own
// count, under tf.profile), and within twice of it, for each lesson's model at sizes the estimates were not
// fitted on; and the limit refuses the largest settings the fields allow before anything is built.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ATTENTION_DEFAULTS, attentionTrainingBytes } from '../../src/lessons/attention/meta';
import { AttentionSession } from '../../src/lessons/attention/session';
import { countingTrainingBytes, NOTEBOOK_RECIPE } from '../../src/lessons/counting/meta';
import { CountingSession } from '../../src/lessons/counting/session';
import { GPT_RECIPE, gptTrainingBytes } from '../../src/lessons/gpt/meta';
import { GptSession } from '../../src/lessons/gpt/session';
import { MemoryTrainer } from '../../src/lessons/lstm/memory';
import { MEMORY_RECIPE, memoryTrainingBytes, sweepTrainingBytes } from '../../src/lessons/lstm/meta';
import { type BigramTrainingConfig, createBigramTrainer } from '../../src/lessons/tokens/bigram';
import { bigramTrainingBytes } from '../../src/lessons/tokens/meta';
import { MEMORY_LIMIT_BYTES, memoryProblem } from '../../src/lib/memoryBudget';
import { createRng } from '../../src/lib/rng';
import { CharLm } from '../../src/models/charLstm';
import { CHAR_DEFAULTS, charTrainingBytes } from '../../src/models/charLstmConfig';
import { charCorpus } from '../../src/text/chars';

/** The peak of tfjs's bytes during one training step (after a first one), counted from before the model was built. */
async function peakOfStep(build: () => { step: () => unknown; dispose: () => void } | Promise<{ step: () => unknown; dispose: () => void }>): Promise<number> {
  const base = tf.memory().numBytes;
  const model = await build();
  try {
    model.step();
    const profile = await tf.profile(() => {
      model.step();
    });
    return profile.peakBytes - base;
  } finally {
    model.dispose();
  }
}

function expectBound(estimate: number, measured: number) {
  expect(estimate).toBeGreaterThanOrEqual(measured);
  expect(estimate).toBeLessThanOrEqual(2 * measured);
}

describe('the memory a model takes to train', () => {
  it('Lesson 6, the character LSTM', async () => {
    for (const config of [
      { vocab: 70, embed: 24, hidden: 96, layers: 2, window: 24, batch: 12, learningRate: 0.01, seed: 0 },
      { vocab: 120, embed: 16, hidden: 48, layers: 3, window: 40, batch: 6, learningRate: 0.01, seed: 0 },
    ]) {
      const ids = Int32Array.from({ length: config.window * config.batch }, (_, i) => (i * 7) % config.vocab);
      const measured = await peakOfStep(() => {
        const model = new CharLm(config);
        return { step: () => model.trainStep(ids, ids), dispose: () => model.dispose() };
      });
      expectBound(charTrainingBytes(config), measured);
    }
  }, 120_000);

  it('Lesson 4, the counting RNN', async () => {
    for (const config of [
      { ...NOTEBOOK_RECIPE, vocab: 200, length: 10, hidden: 48, batch: 40 },
      { ...NOTEBOOK_RECIPE, vocab: 400, length: 20, hidden: 100, batch: 80 },
    ]) {
      const measured = await peakOfStep(() => {
        const session = new CountingSession(config);
        return { step: () => session.trainStep(), dispose: () => session.dispose() };
      });
      expectBound(countingTrainingBytes(config), measured);
    }
  }, 120_000);

  it('Lesson 7, the two encoder-decoders', async () => {
    for (const config of [
      { ...ATTENTION_DEFAULTS, vocab: 20, embed: 12, hidden: 40, minLength: 12, maxLength: 12, batch: 24 },
      { ...ATTENTION_DEFAULTS, vocab: 60, embed: 24, hidden: 24, minLength: 16, maxLength: 16, batch: 32 },
    ]) {
      const measured = await peakOfStep(() => {
        const session = new AttentionSession(config);
        return { step: () => session.trainStep(), dispose: () => session.dispose() };
      });
      expectBound(attentionTrainingBytes(config), measured);
    }
  }, 120_000);

  it('Lesson 9, the GPT as tfjs ops', async () => {
    const text = Array.from({ length: 30_000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 60))).join('');
    const { corpus } = charCorpus('test', text, false);
    const vocab = corpus.vocab.itos.length;
    for (const config of [
      { ...GPT_RECIPE, width: 48, heads: 3, layers: 2, context: 40, batch: 6 },
      { ...GPT_RECIPE, width: 96, heads: 2, layers: 1, context: 24, batch: 10 },
    ]) {
      const measured = await peakOfStep(async () => {
        const session = await GptSession.create(corpus, config);
        return { step: () => session.trainStep(), dispose: () => session.dispose() };
      });
      expectBound(gptTrainingBytes(config, vocab), measured);
    }
  }, 120_000);

  it('Lesson 1, the bigram model', async () => {
    const sizes: [number, BigramTrainingConfig][] = [
      [1200, { dim: 40, batch: 300, learningRate: 0.01, seed: 1 }],
      [5000, { dim: 24, batch: 128, learningRate: 0.01, seed: 1 }],
    ];
    for (const [vocab, config] of sizes) {
      const ids = Int32Array.from({ length: 4000 }, (_, i) => (i * 13) % vocab);
      const measured = await peakOfStep(() => {
        const trainer = createBigramTrainer(vocab, config, createRng(1));
        trainer.usePairs({ current: ids, next: ids.map((x) => (x + 1) % vocab) });
        return { step: () => trainer.step(), dispose: () => trainer.dispose() };
      });
      expectBound(bigramTrainingBytes(config, vocab), measured);
    }
  }, 120_000);

  it('Lesson 5, the memory models of the sweep', async () => {
    for (const config of [
      { ...MEMORY_RECIPE, cell: 'lstm' as const, vocab: 180, length: 10, hidden: 40 },
      { ...MEMORY_RECIPE, cell: 'rnn' as const, vocab: 350, length: 14, hidden: 24 },
    ]) {
      const measured = await peakOfStep(() => {
        const trainer = new MemoryTrainer(config);
        return { step: () => trainer.trainEpoch(), dispose: () => trainer.dispose() };
      });
      expectBound(memoryTrainingBytes(config), measured);
    }
    expect(sweepTrainingBytes(MEMORY_RECIPE)).toBeLessThan(MEMORY_LIMIT_BYTES);
    expect(sweepTrainingBytes({ vocab: 2048, hidden: 256 })).toBeGreaterThan(MEMORY_LIMIT_BYTES);
  }, 120_000);

  it("takes the lessons' defaults, and refuses their largest settings with what to make smaller", () => {
    const char = { ...CHAR_DEFAULTS, vocab: 100 };
    expect(charTrainingBytes(char)).toBeLessThan(MEMORY_LIMIT_BYTES / 2);
    expect(gptTrainingBytes(GPT_RECIPE, 65)).toBeLessThan(MEMORY_LIMIT_BYTES / 2);
    expect(countingTrainingBytes(NOTEBOOK_RECIPE)).toBeLessThan(MEMORY_LIMIT_BYTES / 100);
    expect(attentionTrainingBytes(ATTENTION_DEFAULTS)).toBeLessThan(MEMORY_LIMIT_BYTES / 4);
    expect(bigramTrainingBytes({ dim: 32, batch: 256 }, 2000)).toBeLessThan(MEMORY_LIMIT_BYTES / 4);
    const largest = charTrainingBytes({ ...char, hidden: 512, layers: 4, window: 256, batch: 1024 });
    expect(largest).toBeGreaterThan(10 * 2 ** 30);
    expect(memoryProblem(largest, 'the batch')).toMatch(
      /^This model would take about [\d,]+ MB of memory to train; the page allows 1,024 MB\. Make the batch smaller\.$/,
    );
    expect(memoryProblem(charTrainingBytes(char), 'the batch')).toBeUndefined();
  });
});
