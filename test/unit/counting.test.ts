import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { countingData } from '../../src/lessons/counting/counting';
import { NOTEBOOK_RECIPE, parseSequence } from '../../src/lessons/counting/meta';
import { CountingSession as CountingTrainer } from '../../src/lessons/counting/session';
import { readReference } from './reference';

describe('the counting data set', () => {
  it('has V - L = 122 items of six consecutive numbers, targets shifted by one', () => {
    const { inputs, targets, items } = countingData(128, 6);
    expect(items).toBe(122);
    expect(Array.from(inputs.subarray(7 * 6, 8 * 6))).toEqual([7, 8, 9, 10, 11, 12]);
    expect(Array.from(targets.subarray(7 * 6, 8 * 6))).toEqual([8, 9, 10, 11, 12, 13]);
    expect(Array.from(targets.subarray(121 * 6))).toEqual([122, 123, 124, 125, 126, 127]);
    expect(Math.max(...inputs)).toBe(126); // 127 is never an input
  });
});

describe('reading a typed sequence', () => {
  it('takes commas, spaces or both', () => {
    expect(parseSequence('7, 8, 9, 10', 128)).toEqual({ ok: true, values: [7, 8, 9, 10] });
    expect(parseSequence(' 7 8,9 ,10\n', 128)).toEqual({ ok: true, values: [7, 8, 9, 10] });
    expect(parseSequence('0', 128)).toEqual({ ok: true, values: [0] });
    expect(parseSequence('127', 128)).toEqual({ ok: true, values: [127] });
  });
  it.each([
    ['', /Type a few whole numbers from 0 to 127/],
    ['   ,, ', /Type a few/],
    ['abc', /“abc” is not a number/],
    ['7, 8, x9', /“x9” is not a number/],
    ['-3', /-3 is negative/],
    ['128', /128 is beyond the vocabulary.*V = 128/],
    ['1000000000000000000000', /beyond the vocabulary/],
    ['2.5', /2.5 is not a whole number/],
    ['NaN', /not a number/],
    ['Infinity', /not a number/],
  ])('says what is wrong with %j', (text, message) => {
    const parsed = parseSequence(text, 128);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
  it('refuses 10,000 numbers with a message, not a 10,000-step run', () => {
    const parsed = parseSequence(Array.from({ length: 10_000 }, (_, i) => i % 128).join(', '), 128);
    expect(parsed).toEqual({ ok: false, message: 'That is 10,000 numbers; this box takes at most 256 at a time.' });
  });
});

describe('the counting RNN', () => {
  it('starts near ln V, drops the short last batch, and decays the rate linearly', () => {
    const trainer = new CountingTrainer(NOTEBOOK_RECIPE);
    expect(trainer.stepsPerEpoch).toBe(2);
    expect(trainer.totalSteps).toBe(50);
    expect(trainer.rateAt(0)).toBeCloseTo(0.1, 12);
    expect(trainer.rateAt(24)).toBeCloseTo(0.1 / 25, 12);
    expect(trainer.rateAt(25)).toBeCloseTo(0.1 / 25, 12); // "Train further" keeps the last rate
    expect(trainer.rateAt(40)).toBeCloseTo(0.1 / 25, 12);
    const untrained = trainer.evaluate();
    expect(untrained.total).toBe(732);
    expect(Math.abs(untrained.loss - Math.log(128))).toBeLessThan(1);
    trainer.dispose();
    expect(() => new CountingTrainer({ ...NOTEBOOK_RECIPE, batch: 123 })).toThrow(/larger than the 122 sequences/);
  });

  it('learns to count with the notebook recipe: 100% on the 732 predictions for at least 3 of 5 seeds, and 7 8 9 10 -> 11 -> 12', () => {
    const before = tf.memory().numTensors;
    const pytorch =
      readReference<Record<string, { per_seed: { final_accuracy: number }[] }>>('counting.json')['blog_recipe_adam_lr_0.1_linear_decay_25_epochs'];
    const perfect = { ours: 0, pytorch: pytorch.per_seed.filter((s) => s.final_accuracy === 1).length };
    for (let seed = 0; seed < 5; seed++) {
      const trainer = new CountingTrainer({ ...NOTEBOOK_RECIPE, seed });
      const losses: number[] = [];
      while (trainer.step < trainer.totalSteps) losses.push(trainer.trainStep());
      expect(trainer.epochMeans).toHaveLength(25);
      expect(trainer.epochMeans[0].loss).toBeGreaterThan(4);
      expect(trainer.epochMeans[24].loss).toBeLessThan(0.5);
      const accuracy = trainer.evaluate();
      if (accuracy.correct === 732) perfect.ours++;
      expect(accuracy.accuracy).toBeGreaterThan(0.98);
      const first = trainer.predict([7, 8, 9, 10]);
      expect(first.argmax).toBe(11);
      expect(first.argmaxEachStep).toEqual([8, 9, 10, 11]);
      expect(first.states).toHaveLength(4 * 32);
      let sum = 0;
      for (const p of first.probabilities) sum += p;
      expect(sum).toBeCloseTo(1, 4);
      // Continue: feed the prediction back with the carried hidden state.
      expect(trainer.predict([11], first.h).argmax).toBe(12);
      trainer.dispose();
    }
    expect(perfect.pytorch).toBe(3);
    expect(perfect.ours).toBeGreaterThanOrEqual(3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('picks up a saved run exactly where it stopped', async () => {
    const before = tf.memory().numTensors;
    const config = { ...NOTEBOOK_RECIPE, epochs: 3, seed: 11 };
    const straight = new CountingTrainer(config);
    const expected: number[] = [];
    while (straight.step < straight.totalSteps) expected.push(straight.trainStep());
    const first = new CountingTrainer(config);
    const got = [first.trainStep(), first.trainStep(), first.trainStep()]; // stops inside epoch 2
    const saved = await first.exportState();
    first.dispose();
    const resumed = new CountingTrainer(config, saved);
    expect(resumed.step).toBe(3);
    while (resumed.step < resumed.totalSteps) got.push(resumed.trainStep());
    expect(got).toEqual(expected);
    expect(resumed.epochMeans).toEqual(straight.epochMeans);
    straight.dispose();
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
