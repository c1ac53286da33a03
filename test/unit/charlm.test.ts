import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/rng';
import { CharLm } from '../../src/models/charLstm';
import { CHAR_DEFAULTS } from '../../src/models/charLstmConfig';
import { drawFrom, samplingDistribution, softmaxWithTemperature } from '../../src/models/sampling';
import { charVocab, decodeChars, encodeChars, splitIds, stripGutenberg, windowBatch } from '../../src/text/chars';
import { SHARED } from './reference';

const raw = readFileSync(`${SHARED}data/war-and-peace/2600-0.txt`, 'utf8');

describe('War and Peace as characters', () => {
  it('drops the Project Gutenberg header and footer, and leaves other text alone', () => {
    const book = stripGutenberg(raw);
    expect(book.length).toBeGreaterThan(3_000_000);
    expect(book.length).toBeLessThan(raw.length - 15_000);
    expect(book).not.toMatch(/PROJECT GUTENBERG EBOOK/);
    expect(book).not.toMatch(/Project Gutenberg License/i);
    expect(book.startsWith('WAR AND PEACE')).toBe(true);
    expect(stripGutenberg('just my own text')).toBe('just my own text');
  });

  it('builds a vocabulary of its characters, encodes and decodes, and splits 90/10', () => {
    const book = stripGutenberg(raw);
    const vocab = charVocab(book);
    expect(vocab.itos.length).toBeGreaterThan(60);
    expect(vocab.itos.length).toBeLessThan(120);
    expect([...vocab.itos]).toEqual([...vocab.itos].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!));
    const { ids, unknown } = encodeChars(book.slice(0, 5000), vocab);
    expect(unknown).toEqual([]);
    expect(decodeChars(ids, vocab)).toBe(book.slice(0, 5000));
    expect(encodeChars('Pierre 🙂', vocab).unknown).toEqual(['🙂']);
    const { train, validation } = splitIds(Int32Array.from({ length: 1000 }, (_, i) => i));
    expect(train.length).toBe(900);
    expect(validation[0]).toBe(900);
  });

  it('cuts batches of windows whose targets are the inputs shifted by one', () => {
    const ids = Int32Array.from({ length: 500 }, (_, i) => i);
    const { inputs, targets } = windowBatch(ids, 64, 8, createRng(1));
    for (let b = 0; b < 8; b++) {
      for (let t = 0; t < 64; t++) {
        expect(targets[t * 8 + b]).toBe(inputs[t * 8 + b] + 1);
        if (t > 0) expect(inputs[t * 8 + b]).toBe(inputs[(t - 1) * 8 + b] + 1);
      }
    }
    expect(() => windowBatch(ids.subarray(0, 10), 64, 1, createRng(1))).toThrow(/fewer than a window of 64/);
  });
});

describe('sampling the next character', () => {
  const logits = [2, 1, 0.5, -1, 3];
  it('greedy takes the argmax; temperature sharpens below 1 and flattens above', () => {
    expect(Array.from(samplingDistribution(logits, { mode: 'greedy', temperature: 1, k: 1, p: 1 }))).toEqual([0, 0, 0, 0, 1]);
    const cold = softmaxWithTemperature(logits, 0.5);
    const hot = softmaxWithTemperature(logits, 2);
    expect(cold[4]).toBeGreaterThan(softmaxWithTemperature(logits, 1)[4]);
    expect(hot[4]).toBeLessThan(softmaxWithTemperature(logits, 1)[4]);
    expect(cold.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it('top-k keeps exactly k, top-p the smallest nucleus reaching p, both renormalised', () => {
    const topK = samplingDistribution(logits, { mode: 'top-k', temperature: 1, k: 2, p: 1 });
    expect(Array.from(topK).filter((x) => x > 0)).toHaveLength(2);
    expect(topK[4] + topK[0]).toBeCloseTo(1, 12);
    const probs = softmaxWithTemperature(logits, 1); // 0.61, 0.22, 0.08, ...
    const nucleus = samplingDistribution(logits, { mode: 'top-p', temperature: 1, k: 1, p: 0.8 });
    expect(Array.from(nucleus).filter((x) => x > 0)).toHaveLength(2); // 0.61 < 0.8 <= 0.61 + 0.22
    expect(probs[4] + probs[0]).toBeGreaterThanOrEqual(0.8);
    expect(Array.from(samplingDistribution(logits, { mode: 'top-p', temperature: 1, k: 1, p: 0.01 })).filter((x) => x > 0)).toHaveLength(1);
  });
  it('draws in proportion to the distribution', () => {
    const rng = createRng(4);
    const hits = [0, 0, 0];
    for (let i = 0; i < 30000; i++) hits[drawFrom([0.2, 0, 0.8], rng)]++;
    expect(hits[1]).toBe(0);
    expect(hits[2] / hits[0]).toBeGreaterThan(3.6);
    expect(hits[2] / hits[0]).toBeLessThan(4.4);
  });
});

describe('the character-level LSTM', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('starts near ln V, learns from a slice of War and Peace (validation loss falls), writes, and frees everything', async () => {
    const before = tf.memory().numTensors;
    const book = stripGutenberg(raw).slice(0, 200_000);
    const vocab = charVocab(book);
    const { train, validation } = splitIds(encodeChars(book, vocab).ids);
    const config = { ...CHAR_DEFAULTS, vocab: vocab.itos.length, hidden: 64, layers: 1, window: 32, batch: 32, learningRate: 0.01 };
    const model = new CharLm(config);
    const rng = createRng(2);
    const held = Array.from({ length: 4 }, () => windowBatch(validation, config.window, config.batch, rng));
    const initial = model.loss(held);
    expect(Math.abs(initial - Math.log(vocab.itos.length))).toBeLessThan(0.3);
    for (let i = 0; i < 150; i++) {
      const { inputs, targets } = windowBatch(train, config.window, config.batch, rng);
      model.trainStep(inputs, targets);
    }
    const after = model.loss(held);
    expect(after).toBeLessThan(initial - 1);
    const streamed: number[] = [];
    const written = await model.generate(encodeChars('Prince ', vocab).ids, 40, { mode: 'top-k', temperature: 0.8, k: 5, p: 1 }, createRng(3), (id) => {
      streamed.push(id);
    });
    expect(written).toHaveLength(40);
    expect(streamed).toEqual(written);
    expect(decodeChars(written, vocab)).toHaveLength(40);
    const greedy = await model.generate(encodeChars('The ', vocab).ids, 10, { mode: 'greedy', temperature: 1, k: 1, p: 1 }, createRng(5));
    expect(await model.generate(encodeChars('The ', vocab).ids, 10, { mode: 'greedy', temperature: 1, k: 1, p: 1 }, createRng(6))).toEqual(greedy);
    const saved = await model.exportState();
    const copy = new CharLm(config, saved);
    expect(copy.loss(held)).toBeCloseTo(after, 5);
    copy.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
