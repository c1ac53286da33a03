// Failures said in plain words: raw browser and tfjs messages do not reach the reader, a text whose
// characters would make the model too large is refused before anything is built, and a model refused part-way
// through its building leaves no tensors behind.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { errorText, UNFORESEEN } from '../../src/client/errors';
import { DataError } from '../../src/lib/errors';
import { builtOrFreed } from '../../src/lib/variables';
import { CharLm, type CharLmConfig, type CharLmState, charLmVariables } from '../../src/models/charLstm';
import { charCorpus, MAX_CHARS } from '../../src/text/chars';

describe('errorText', () => {
  it('keeps the messages written for the reader, and rewrites raw ones', () => {
    expect(errorText(new DataError('Load a book first.'))).toBe('Load a book first.');
    expect(errorText(new RangeError('Array buffer allocation failed'))).toMatch(/^The browser ran out of memory for this model\. Make it smaller/);
    expect(errorText(new RangeError('Invalid typed array length: 4294967296'))).toMatch(/ran out of memory/);
    expect(errorText(new Error('Tensor is disposed.'))).toMatch(/^The model was taken away while it was in use/);
    expect(errorText('plain text')).toBe('plain text');
    // Whatever else fails is said in plain words, not in the library's (the raw text goes to the console).
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(errorText(new Error('Based on the provided shape, [12], the tensor should have 12 values but has 5'))).toBe(UNFORESEEN);
    expect(errorText(new TypeError("Cannot read properties of undefined (reading 'shape')"))).toBe(UNFORESEEN);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
    // A DataError that crossed from the worker (comlink rebuilds it as an Error with its name) keeps its words.
    expect(errorText(Object.assign(new Error('Load a book first.'), { name: 'DataError' }))).toBe('Load a book first.');
  });
});

describe('the character vocabulary', () => {
  it(`refuses a text of more than ${MAX_CHARS} different characters, and takes one just under`, () => {
    const glyphs = (n: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    expect(() => charCorpus('Chinese', glyphs(1200).repeat(3), false)).toThrow(
      `Chinese has 1,200 different characters; a character model here takes at most 1,000`,
    );
    expect(charCorpus('Chinese', glyphs(900).repeat(3), false).info.vocab).toBe(900);
  });
});

/** What `make` returns, with the variables registered while it ran. */
function newVariables<T>(make: () => T): { value: T; variables: tf.Variable[] } {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  const value = make();
  return { value, variables: Object.entries(tf.engine().registeredVariables).flatMap(([name, v]) => (before.has(name) ? [] : [v])) };
}

describe('a model refused part-way through its building', () => {
  const config: CharLmConfig = { vocab: 12, embed: 4, hidden: 6, layers: 2, window: 8, batch: 2, learningRate: 0.01, seed: 1 };
  // A checkpoint whose last weight is cut short: the embedding and both layers are made before it fails.
  const damaged = () => {
    const made = newVariables(() => new CharLm(config));
    const values = charLmVariables(made.value.weights).map((v) => v.dataSync() as Float32Array);
    for (const v of made.variables) v.dispose();
    const zeros = () => values.map((v) => new Float32Array(v.length));
    values[values.length - 1] = values[values.length - 1].slice(0, 5);
    const state: CharLmState = { config, step: 3, weights: values, adam: { t: 3, m: zeros(), v: zeros() } };
    return state;
  };

  it('leaks without the guard (so the test can see a leak), and frees every tensor with it', () => {
    const state = damaged();
    const before = tf.memory().numTensors;
    const leaked = newVariables(() => expect(() => new CharLm(config, state)).toThrow(/should have 12 values but has 5/));
    expect(leaked.variables).toHaveLength(10); // the embedding, two layers of four, the output matrix
    expect(tf.memory().numTensors).toBe(before + 10);
    for (const v of leaked.variables) v.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => builtOrFreed(() => new CharLm(config, state))).toThrow(/should have 12 values but has 5/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees them too when the building is asynchronous (a restore that reads its checkpoint first)', async () => {
    const state = damaged();
    const before = tf.memory().numTensors;
    await expect(
      builtOrFreed(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return new CharLm(config, state);
      }),
    ).rejects.toThrow(/should have 12 values but has 5/);
    expect(tf.memory().numTensors).toBe(before);
    // A model that builds is kept, whole.
    const model = newVariables(() => builtOrFreed(() => new CharLm(config)));
    expect(model.variables.length).toBeGreaterThan(11);
    expect(model.variables.every((v) => !v.isDisposed)).toBe(true);
    for (const v of model.variables) v.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
