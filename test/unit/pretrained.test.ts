// The committed ready-trained model of Lesson 6 (public/pretrained/): what it says of itself, and that it is
// really trained: its validation loss on War and Peace (../shared/data), computed here, is far below ln V.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodePretrained, PRETRAINED_FORMAT, type PretrainedChar } from '../../src/lessons/char-lstm/pretrained';
import { CharSession, charCorpus } from '../../src/lessons/char-lstm/session';
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
