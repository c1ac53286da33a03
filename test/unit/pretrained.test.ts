// The committed ready-trained model of Lesson 6 (public/pretrained/): what it says of itself, and that it is
// really trained: its validation loss on War and Peace (../shared/data), computed here, is far below ln V.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { NOTEBOOK_EPOCH_LOSSES } from '../../src/lessons/word2vec/meta';
import { type PretrainedWord2vec, PRETRAINED_FORMAT as W2V_FORMAT } from '../../src/lessons/word2vec/pretrained';
import { Word2vecSession } from '../../src/lessons/word2vec/session';
import { charCorpus } from '../../src/text/chars';
import { decodePretrained, PRETRAINED_FORMAT, type PretrainedChar } from '../../src/train/charLstm/pretrained';
import { CharSession } from '../../src/train/charLstm/session';
import { SHARED } from './reference';
import { onWasmBackend } from './wasmBackend';

const file = JSON.parse(readFileSync(new URL('../../public/pretrained/char-lstm-war-and-peace.json', import.meta.url), 'utf8')) as PretrainedChar;

onWasmBackend();

describe("Lesson 6's ready-trained model", () => {
  it('says what it is, how it was made, and under which licence its data is', () => {
    expect(file.format).toBe(PRETRAINED_FORMAT);
    expect(file.corpusName).toBe('War and Peace');
    expect(file.licence).toMatch(/public domain/);
    expect(file.madeBy).toMatch(/test\/models\/trainCharModel\.mjs/);
    expect(file.train.steps).toBe(file.step);
    const state = decodePretrained(file);
    expect(state.config.vocab).toBe(file.itos.length);
    expect(() => decodePretrained({ ...file, format: 'something else' } as unknown as PretrainedChar)).toThrow(/Not a ready-trained character model/);
  });

  it('is trained: its validation loss on War and Peace, computed here in float16 weights, is what it recorded and far below ln V', () => {
    const before = tf.memory().numTensors;
    const { corpus } = charCorpus('War and Peace', readFileSync(`${SHARED}data/war-and-peace/2600-0.txt`, 'utf8').replace(/\r\n?/g, '\n'), false);
    const session = CharSession.fromPretrained(file);
    session.attach(corpus);
    const loss = session.validationLoss();
    expect(loss).toBeLessThan(1.6);
    expect(loss).toBeLessThan(Math.log(file.itos.length) / 2);
    expect(Math.abs(loss - file.validation.at(-1)!.loss)).toBeLessThan(0.05);
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("Lesson 2's ready-trained model", () => {
  const words = JSON.parse(readFileSync(new URL('../../public/pretrained/word2vec-wikitext2.json', import.meta.url), 'utf8')) as PretrainedWord2vec;

  it("says what it is and how it was made: the notebook's 7 epochs, their losses near the notebook's", () => {
    expect(words.format).toBe(W2V_FORMAT);
    expect(words.corpusName).toBe('WikiText-2 (train)');
    expect(words.licence).toMatch(/CC BY-SA 3\.0/);
    expect(words.madeBy).toMatch(/test\/models\/trainWordModel\.mjs: 7 of the notebook's 7 epochs/);
    expect(words.itos).toHaveLength(4056);
    expect(words.step).toBe(7 * words.batchesPerEpoch);
    expect(words.epochMeans.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const [e, mean] of words.epochMeans.entries()) expect(Math.abs(mean.loss - NOTEBOOK_EPOCH_LOSSES[e])).toBeLessThan(0.15);
  });

  it('reads like a trained model: father is near mother, france near italy, with 8-bit weights', () => {
    const before = tf.memory().numTensors;
    const session = Word2vecSession.fromPretrained(words, 'cpu');
    const near = (word: string, k: number) => {
      const n = session.neighbours(word, k);
      return [...n.context, ...n.centre].map((x) => x.word);
    };
    expect(near('father', 3)).toContain('mother');
    expect(near('france', 5).some((w) => ['italy', 'germany', 'spain', 'england'].includes(w))).toBe(true);
    expect(session.neighbours('father', 1).centre[0].score).toBeGreaterThan(0.5);
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
