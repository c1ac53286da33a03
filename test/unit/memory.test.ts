import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryData, trainMemory } from '../../src/lessons/lstm/memory';
import { MEMORY_RECIPE } from '../../src/lessons/lstm/meta';

// These runs train for 100 epochs over sequences of 16: tfjs's WASM backend in Node does that in seconds,
// where its CPU backend would take minutes.
beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('remembering the first element', () => {
  it('has V - L items whose every target is their first number', () => {
    const { inputs, targets, items } = memoryData(512, 16);
    expect(items).toBe(496);
    expect(Array.from(inputs.subarray(16 * 5, 16 * 6))).toEqual(Array.from({ length: 16 }, (_, t) => 5 + t));
    expect(Array.from(targets.subarray(16 * 5, 16 * 6))).toEqual(new Array(16).fill(5));
  });

  it('a short run shows the notebook result: at L = 16 the LSTM remembers, the RNN much less', async () => {
    const before = tf.memory().numTensors;
    const config = { ...MEMORY_RECIPE, vocab: 128, length: 16 };
    const rnn = await trainMemory({ ...config, cell: 'rnn' });
    const lstm = await trainMemory({ ...config, cell: 'lstm' });
    expect(lstm.accuracy).toBeGreaterThan(0.95);
    expect(lstm.accuracy).toBeGreaterThan(rnn.accuracy + 0.2);
    expect(lstm.losses).toHaveLength(100);
    expect(lstm.losses[99]).toBeLessThan(lstm.losses[0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops between epochs when asked, and frees everything', async () => {
    const before = tf.memory().numTensors;
    let epochs = 0;
    const result = await trainMemory({ ...MEMORY_RECIPE, vocab: 64, length: 6, cell: 'lstm' }, { onEpoch: () => epochs++, shouldStop: () => epochs >= 3 });
    expect(result.stopped).toBe(true);
    expect(result.losses).toHaveLength(3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says so when L leaves no sequence', async () => {
    await expect(trainMemory({ ...MEMORY_RECIPE, vocab: 8, length: 8, cell: 'rnn' })).rejects.toThrow(/leaves no sequence/);
  });
});
