import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { memoryData, trainMemory } from '../../src/lessons/lstm/memory';
import { MEMORY_RECIPE } from '../../src/lessons/lstm/meta';
import { MemorySweep } from '../../src/lessons/lstm/session';
import { secondsLeft } from '../../src/lessons/lstm/useMemorySweep';
import { onWasmBackend } from './wasmBackend';

// These runs train for 100 epochs over sequences of 16: tfjs's WASM backend in Node does that in seconds,
// where its CPU backend would take minutes.
onWasmBackend();

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

describe('the sweep estimate', () => {
  it('times the longest models and scales them to every model by positions and epochs', async () => {
    const config = { lengths: [4, 8], cells: ['rnn', 'lstm'] as ('rnn' | 'lstm')[], vocab: 64, hidden: 8, epochs: 50, learningRate: 0.1, seed: 0 };
    const before = tf.memory().numTensors;
    const estimate = await MemorySweep.estimate(config);
    expect(estimate.models.map((m) => `${m.cell} ${m.length}`)).toEqual(['rnn 4', 'lstm 4', 'rnn 8', 'lstm 8']);
    const of = (cell: string, length: number) => estimate.models.find((m) => m.cell === cell && m.length === length)!.seconds;
    expect(of('rnn', 8)).toBeGreaterThan(0);
    expect(of('rnn', 4) / of('rnn', 8)).toBeCloseTo((4 * 60) / (8 * 56), 6);
    expect(estimate.seconds).toBeCloseTo(
      estimate.models.reduce((sum, m) => sum + m.seconds, 0),
      9,
    );
    expect(tf.memory().numTensors).toBe(before);
    await expect(MemorySweep.estimate({ ...config, lengths: [70] })).rejects.toThrow(/leaves no sequence/);
  });

  it('counts down what is left, scaled by how the finished models compared with their estimates', () => {
    const estimate = {
      seconds: 10,
      models: [
        { cell: 'rnn' as const, length: 4, seconds: 2 },
        { cell: 'lstm' as const, length: 4, seconds: 3 },
        { cell: 'rnn' as const, length: 6, seconds: 5 },
      ],
    };
    const now = (cell: 'rnn' | 'lstm', length: number, epoch: number) => ({ cell, length, epoch, epochs: 10, loss: 1 });
    expect(secondsLeft(estimate, [], now('rnn', 4, 4))).toBeCloseTo(10 - 1, 9);
    // The first model took twice its estimate: the rest will too.
    const done = [{ cell: 'rnn' as const, length: 4, accuracy: 1, finalLoss: 0, seconds: 4 }];
    expect(secondsLeft(estimate, done, now('lstm', 4, 9))).toBeCloseTo(2 * 5, 9);
    expect(secondsLeft(undefined, done, now('lstm', 4, 0))).toBeNaN();
  });
});
