// The lessons' worker slices and sessions in Node: each trains, streams its progress in order, stops when
// asked, saves a checkpoint that a fresh worker (a reload) restores, and frees every tensor on reset.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadKernels } from '../../src/kernels/kernels';
import attentionWorker from '../../src/lessons/attention/worker';
import charLstmWorker from '../../src/lessons/char-lstm/worker';
import { NOTEBOOK_RECIPE } from '../../src/lessons/counting/meta';
import countingWorker from '../../src/lessons/counting/worker';
import type { GptEvent } from '../../src/lessons/gpt/api';
import gptWorker from '../../src/lessons/gpt/worker';
import lstmWorker from '../../src/lessons/lstm/worker';
import tokensWorker from '../../src/lessons/tokens/worker';
import word2vecWorker from '../../src/lessons/word2vec/worker';
import { CharSession } from '../../src/train/charLstm/session';
import { createContext } from '../../src/train/context';
import type { Session } from '../../src/train/session';
import type { TrainProgress } from '../../src/train/types';
import { CPU, SHARED } from './reference';

/** A fresh worker's context, as after a reload (IndexedDB, and with it the checkpoints, stays). */
const freshContext = () => createContext(async () => CPU).context;
/** The same with the project's WebAssembly kernels loaded, as on the WASM backend. */
const kernelContext = () =>
  createContext(
    async () => CPU,
    () => loadKernels(readFileSync(new URL('../../src/kernels/kernels-relaxed.wasm', import.meta.url))),
  ).context;

const text = (path: string, chars: number) => readFileSync(`${SHARED}data/${path}`, 'utf8').slice(0, chars);
const file = (content: string, name: string) => ({ kind: 'file' as const, file: new Blob([content]), name });

/** Every step's loss exactly once, in order, from the progress messages. */
function collect() {
  const messages: TrainProgress[] = [];
  return {
    messages,
    onProgress: (p: TrainProgress) => messages.push(p),
    steps: () => messages.flatMap((m) => m.points.map((p) => p.step)),
    losses: () => messages.flatMap((m) => m.points.map((p) => p.loss)),
  };
}

describe('the session slot and the stop token', () => {
  it('holds one session, disposes the one it replaces, and stops a run whose session is replaced', async () => {
    const { context, slots } = createContext(async () => CPU);
    const disposed: string[] = [];
    const session = (name: string): Session => ({ dispose: () => disposed.push(name) });
    const slot = context.slot<Session>('test/slot');
    expect(slots).toContain(slot);
    expect(() => slot.require()).toThrow('There is no model yet: press Train first.');
    const first = session('first');
    slot.set(first);
    const shouldStop = context.stop.begin(slot, first);
    expect(shouldStop()).toBe(false);
    slot.set(session('second'));
    expect(disposed).toEqual(['first']);
    expect(shouldStop()).toBe(true);
    const again = context.stop.begin(slot, slot.current!);
    expect(again()).toBe(false);
    context.stop.request();
    expect(again()).toBe(true);
    slot.drop();
    expect(disposed).toEqual(['first', 'second']);
    expect(slot.current).toBeUndefined();
  });

  it('stops a run paused while its training call still prepares (the page shows Pause at once)', async () => {
    const { context } = createContext(async () => CPU);
    const api = charLstmWorker(context);
    await api.load(file(text('war-and-peace/2600-0.txt', 60_000), 'War and Peace'));
    await api.create({ embed: 4, hidden: 8, layers: 1, window: 8, batch: 4, learningRate: 0.01, steps: 400, seed: 0 });
    // The call goes out, then Pause, before the worker reaches its loop (it first awaits its kernels).
    const run = api.train(1000, () => {});
    context.stop.request();
    expect((await run).step).toBeLessThan(400);
    // An old request does not stop the next run.
    expect((await api.train(5, () => {})).step).toBeGreaterThanOrEqual(5);
    await api.reset();
  });
});

describe('Lesson 1: the bigram session', () => {
  const corpus = file(text('wikitext-2/train.txt', 200_000), 'WikiText-2 slice');
  const config = { vocabSize: 500, dim: 8, batch: 64, learningRate: 0.01, steps: 40, seed: 1 };

  it('streams every step once, stops on pause, survives a reload and frees everything on reset', async () => {
    const before = tf.memory().numTensors;
    const page = tokensWorker(freshContext());
    await page.loadCorpus(corpus);
    const info = await page.create(config);
    expect(info.uniformLoss).toBeCloseTo(Math.log(info.vocabSize), 5);
    expect(info.vocabSize).toBeLessThanOrEqual(500);
    const run = collect();
    const first = await page.train(25, run.onProgress);
    expect(first).toMatchObject({ step: 25, totalSteps: 40, paused: false });
    expect(run.steps()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const asked = await page.predict('the', 3);

    // A reload: a new worker restores the checkpoint saved when the run returned.
    const reloaded = tokensWorker(freshContext());
    const restored = await reloaded.restore();
    expect(restored?.step).toBe(25);
    expect(restored?.points.map((p) => p.step)).toEqual(run.steps());
    const again = await reloaded.predict('the', 3);
    expect(again.next.map((n) => n.token)).toEqual(asked.next.map((n) => n.token));
    for (let i = 0; i < 3; i++) expect(again.next[i].probability).toBeCloseTo(asked.next[i].probability, 5);
    await expect(reloaded.train(5, () => {})).rejects.toThrow('Load a corpus to go on training this model.');
    await reloaded.loadCorpus(corpus);
    const rest = collect();
    expect((await reloaded.train(1000, rest.onProgress)).step).toBe(40);
    expect(rest.steps()).toEqual(Array.from({ length: 15 }, (_, i) => i + 26));
    // The finished run trains further.
    expect(await reloaded.extend(10)).toBe(50);
    expect(await reloaded.train(1000, () => {})).toMatchObject({ step: 50, totalSteps: 50 });
    await expect(reloaded.extend(-1)).rejects.toThrow('whole number of steps');

    await page.reset();
    await reloaded.reset();
    expect(await tokensWorker(freshContext()).restore()).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ends a run early when paused, keeping the model', async () => {
    const context = freshContext();
    const page = tokensWorker(context);
    await page.loadCorpus(corpus);
    await page.create({ ...config, steps: 100_000 });
    const summary = await page.train(100_000, () => context.stop.request());
    expect(summary.paused).toBe(true);
    expect(summary.step).toBeLessThan(100_000);
    expect((await page.predict('the', 1)).next).toHaveLength(1);
    await page.reset();
  });
});

describe('Lesson 4: the counting session', () => {
  it('gives the same losses resumed after a reload as in one uninterrupted run', async () => {
    const before = tf.memory().numTensors;
    const config = { ...NOTEBOOK_RECIPE, epochs: 3, seed: 2 };
    const straight = countingWorker(freshContext());
    const plan = await straight.create(config);
    expect(plan).toEqual({ items: 122, stepsPerEpoch: 2, totalSteps: 6 });
    const whole = collect();
    const done = await straight.train(100, whole.onProgress);
    expect(done.step).toBe(6);
    expect(whole.messages.flatMap((m) => m.epochMeans ?? []).map((e) => e.epoch)).toEqual([0, 1, 2]);

    const page = countingWorker(freshContext());
    await page.create(config);
    const firstHalf = collect();
    await page.train(3, firstHalf.onProgress);
    const reloaded = countingWorker(freshContext());
    const restored = await reloaded.restore();
    expect(restored).toMatchObject({ step: 3, totalSteps: 6, stepsPerEpoch: 2 });
    const secondHalf = collect();
    await reloaded.train(100, secondHalf.onProgress);
    const resumed = [...firstHalf.losses(), ...secondHalf.losses()];
    expect(resumed).toHaveLength(6);
    for (let i = 0; i < 6; i++) expect(resumed[i]).toBeCloseTo(whole.losses()[i], 5);

    await expect(page.predict([7, 8, 200])).rejects.toThrow('200 is not a whole number from 0 to 127.');
    // A setting past its bounds is refused before anything is built, however it arrives (here: not through the page).
    const tensors = tf.memory().numTensors;
    await expect(page.create({ ...config, hidden: 20000 })).rejects.toThrow('The setting “hidden” must be a whole number from 1 to 256, not 20000.');
    await expect(page.create({ ...config, learningRate: -1 })).rejects.toThrow('The setting “learningRate” must be a number from 0.000001 to 10, not -1.');
    await expect(page.create({ ...config, batch: 2.5 })).rejects.toThrow('“batch” must be a whole number');
    expect(tf.memory().numTensors).toBe(tensors);
    await expect(page.predict([7, 8, 9])).resolves.toMatchObject({ argmax: expect.any(Number) }); // the model held is kept
    for (const worker of [straight, page, reloaded]) await worker.reset();
    await expect(reloaded.evaluate()).rejects.toThrow('There is no trained model yet');
    expect(tf.memory().numTensors).toBe(before);
  });

  it("trains a finished model further at the schedule's last rate, and the longer run survives a reload", async () => {
    const before = tf.memory().numTensors;
    const config = { ...NOTEBOOK_RECIPE, epochs: 2, seed: 3 };
    const page = countingWorker(freshContext());
    await page.create(config);
    expect((await page.train(100, collect().onProgress)).step).toBe(4);
    expect(await page.extend(3)).toBe(10);
    const more = collect();
    const summary = await page.train(100, more.onProgress);
    expect(summary).toMatchObject({ step: 10, totalSteps: 10 });
    expect(more.steps()).toEqual([5, 6, 7, 8, 9, 10]);
    expect(more.messages.flatMap((m) => m.epochMeans ?? []).map((e) => e.epoch)).toEqual([2, 3, 4]);
    const reloaded = countingWorker(freshContext());
    expect(await reloaded.restore()).toMatchObject({ step: 10, totalSteps: 10, stepsPerEpoch: 2 });
    for (const worker of [page, reloaded]) await worker.reset();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Lesson 2: the word2vec session', () => {
  it('trains fast mode by epochs, checkpoints each epoch, and answers after a reload', async () => {
    const before = tf.memory().numTensors;
    const page = word2vecWorker(freshContext());
    await page.load(file(text('wikitext-2/train.txt', 300_000), 'WikiText-2 slice'));
    const config = { mode: 'fast' as const, minFreq: 5, dim: 16, window: 4, batch: 512, epochs: 2, learningRate: 0.05, negatives: 5, subsample: 1e-3, seed: 0 };
    const plan = await page.create(config);
    const run = collect();
    const summary = await page.train(1_000_000, run.onProgress);
    expect(summary.step).toBe(plan.batchesPerEpoch * 2);
    expect(run.messages.flatMap((m) => m.epochMeans ?? []).map((e) => e.epoch)).toEqual([0, 1]);
    const neighbours = await page.neighbours('the', 5);
    expect(neighbours.known).toBe(true);
    expect(neighbours.context).toHaveLength(5);

    const reloaded = word2vecWorker(freshContext());
    const restored = await reloaded.restore();
    expect(restored).toMatchObject({ step: summary.step, totalSteps: summary.step, corpusName: 'WikiText-2 slice' });
    expect(restored?.epochMeans).toHaveLength(2);
    expect((await reloaded.neighbours('the', 5)).context.map((n) => n.word)).toEqual(neighbours.context.map((n) => n.word));
    expect((await reloaded.neighbours('qwertyuiop', 5)).known).toBe(false);
    await page.reset();
    await reloaded.reset();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resumes mid-epoch after a reload with the same batches: the same losses and epoch means as one uninterrupted run', async () => {
    const before = tf.memory().numTensors;
    const corpus = () => file(text('wikitext-2/train.txt', 200_000), 'WikiText-2 slice');
    const config = { mode: 'fast' as const, minFreq: 5, dim: 16, window: 4, batch: 256, epochs: 2, learningRate: 0.05, negatives: 5, subsample: 1e-3, seed: 4 };
    const straight = word2vecWorker(freshContext());
    await straight.load(corpus());
    const plan = await straight.create(config);
    expect(plan.batchesPerEpoch).toBeGreaterThan(4);
    const whole = collect();
    await straight.train(1_000_000, whole.onProgress);
    await straight.reset();

    const page = word2vecWorker(freshContext());
    await page.load(corpus());
    await page.create(config);
    const firstPart = collect();
    const cut = Math.floor(plan.batchesPerEpoch / 2) + 1; // mid-epoch: stopped there, then the tab is reloaded
    await page.train(cut, firstPart.onProgress);
    const reloaded = word2vecWorker(freshContext());
    await reloaded.load(corpus());
    expect(await reloaded.restore()).toMatchObject({ step: cut });
    const rest = collect();
    await reloaded.train(1_000_000, rest.onProgress);
    const resumed = [...firstPart.losses(), ...rest.losses()];
    expect(resumed).toHaveLength(whole.losses().length);
    for (const [i, loss] of resumed.entries()) expect(loss).toBeCloseTo(whole.losses()[i], 5);
    const means = (c: ReturnType<typeof collect>) => c.messages.flatMap((m) => m.epochMeans ?? []).map((e) => e.loss);
    expect([...means(firstPart), ...means(rest)].map((m) => m.toFixed(5))).toEqual(means(whole).map((m) => m.toFixed(5)));
    await page.reset();
    await reloaded.reset();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Lesson 2: train further, and the ready-trained file', () => {
  const corpus = () => file(text('wikitext-2/train.txt', 200_000), 'WikiText-2 slice');
  const config = { mode: 'fast' as const, minFreq: 5, dim: 16, window: 4, batch: 512, epochs: 2, learningRate: 0.05, negatives: 5, subsample: 1e-3, seed: 1 };

  it('trains a finished model one more epoch, and the longer run survives a reload', async () => {
    const before = tf.memory().numTensors;
    const page = word2vecWorker(freshContext());
    await page.load(corpus());
    const plan = await page.create(config);
    const first = await page.train(1_000_000, collect().onProgress);
    expect(first).toMatchObject({ step: plan.batchesPerEpoch * 2, totalSteps: plan.batchesPerEpoch * 2 });
    expect(await page.extend(1)).toBe(plan.batchesPerEpoch * 3);
    await expect(page.extend(0)).rejects.toThrow(/at least 1/);
    const more = collect();
    const second = await page.train(1_000_000, more.onProgress);
    expect(second).toMatchObject({ step: plan.batchesPerEpoch * 3, totalSteps: plan.batchesPerEpoch * 3 });
    expect(more.steps()[0]).toBe(plan.batchesPerEpoch * 2 + 1);
    expect(more.messages.flatMap((m) => m.epochMeans ?? []).map((e) => e.epoch)).toEqual([2]);
    expect(more.messages.at(-1)?.epoch).toBe(2);

    const reloaded = word2vecWorker(freshContext());
    const restored = await reloaded.restore();
    expect(restored).toMatchObject({ step: plan.batchesPerEpoch * 3, totalSteps: plan.batchesPerEpoch * 3 });
    expect(restored?.epochMeans).toHaveLength(3);
    await page.reset();
    await reloaded.reset();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('exports a ready-trained file that a fresh page loads, reads like the original, keeps across a reload and trains further', async () => {
    const before = tf.memory().numTensors;
    const page = word2vecWorker(freshContext());
    await page.load(corpus());
    const plan = await page.create(config);
    await page.train(1_000_000, collect().onProgress);
    const original = await page.neighbours('the', 5);
    const json = await page.exportPretrained({ licence: 'CC BY-SA 3.0', madeBy: 'Made by a unit test.' });
    await page.reset();

    const other = word2vecWorker(freshContext());
    await expect(other.loadPretrained('data:application/json,{"format":"something"}')).rejects.toThrow(/Not a ready-trained word2vec model/);
    const loaded = await other.loadPretrained(`data:application/json,${encodeURIComponent(json)}`);
    expect(loaded).toMatchObject({ step: plan.batchesPerEpoch * 2, totalSteps: plan.batchesPerEpoch * 2, corpusName: 'WikiText-2 slice' });
    expect(loaded.pretrained).toBe('Made by a unit test. Data: WikiText-2 slice, CC BY-SA 3.0.');
    expect(loaded.epochMeans).toHaveLength(2);
    const read = await other.neighbours('the', 5);
    // 8-bit weights: the same neighbours (close ones may swap places), each word's cosine within 0.01 of the original's.
    const originalWords = original.context.map((n) => n.word);
    expect(read.context.filter((n) => originalWords.includes(n.word)).length).toBeGreaterThanOrEqual(4);
    for (const n of read.context) {
      const before = original.context.find((o) => o.word === n.word);
      if (before) expect(Math.abs(n.score - before.score)).toBeLessThan(0.01);
    }
    for (const [i, n] of read.context.entries()) expect(Math.abs(n.score - original.context[i].score)).toBeLessThan(0.01);

    const reloaded = word2vecWorker(freshContext());
    expect((await reloaded.restore())?.pretrained).toBe(loaded.pretrained);
    await expect(reloaded.train(10, collect().onProgress)).rejects.toThrow(/Load a corpus/);
    await reloaded.load(corpus());
    await reloaded.extend(1);
    const more = collect();
    const summary = await reloaded.train(1_000_000, more.onProgress);
    expect(summary.step).toBe(plan.batchesPerEpoch * 3);
    expect(more.losses().every(Number.isFinite)).toBe(true);
    await other.reset();
    await reloaded.reset();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Lesson 5: the memory sweep', () => {
  it('sends each point as its model is trained, keeps the last of each cell, and stops between epochs', async () => {
    const before = tf.memory().numTensors;
    const { context, slots } = createContext(async () => CPU);
    const page = lstmWorker(context);
    const config = { lengths: [4, 6], cells: ['rnn' as const, 'lstm' as const], vocab: 24, hidden: 4, epochs: 3, learningRate: 0.1, seed: 0 };
    const landed: string[] = [];
    const result = await page.sweep(config, (p) => landed.push(`${p.cell}@${p.length}`));
    expect(result.stopped).toBe(false);
    expect(landed).toEqual(['rnn@4', 'lstm@4', 'rnn@6', 'lstm@6']);
    const inside = await page.inspect('lstm', 3);
    expect(inside.length).toBe(6);
    await expect(page.inspect('rnn', 100)).rejects.toThrow('Pick a sequence from 0 to 17.');
    const stopped = await page.sweep(
      { ...config, epochs: 1000 },
      () => {},
      () => context.stop.request(),
    );
    expect(stopped.stopped).toBe(true);
    await expect(page.sweep({ ...config, lengths: [30] }, () => {})).rejects.toThrow('L = 30 leaves no sequence');
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    // A lost WebGL context drops every slot; the sweep's kept models go with it.
    for (const slot of slots) slot.drop();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Lesson 6: the character session', () => {
  it('trains with validation points, writes, and comes back after a reload able to write', async () => {
    const before = tf.memory().numTensors;
    const book = file(text('war-and-peace/2600-0.txt', 60_000), 'War and Peace');
    const page = charLstmWorker(freshContext());
    const info = await page.load(book);
    expect(info.vocab).toBeGreaterThan(40);
    const train = { embed: 4, hidden: 8, layers: 1, window: 8, batch: 4, learningRate: 0.01, steps: 12, seed: 0 };
    await page.create(train);
    const run = collect();
    const summary = await page.train(1000, run.onProgress);
    expect(summary.step).toBe(12);
    expect(run.steps()).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(run.messages.flatMap((m) => m.validation ?? []).at(-1)?.step).toBe(12);
    const sampling = { prompt: 'The ', length: 30, mode: 'greedy' as const, temperature: 1, k: 5, p: 0.9 };
    const written = await page.write(sampling, () => {});
    expect(written).toHaveLength(30);

    const reloaded = charLstmWorker(freshContext());
    const restored = await reloaded.restore();
    expect(restored).toMatchObject({ step: 12, corpusName: 'War and Peace', vocab: info.vocab });
    expect(await reloaded.write(sampling, () => {})).toBe(written);
    // A finished run trains further: the total rises, in the worker and in the checkpoint.
    expect(await reloaded.extend(5)).toBe(17);
    await reloaded.load(book);
    expect((await reloaded.train(1000, () => {})).step).toBe(17);
    const again = charLstmWorker(freshContext());
    expect((await again.restore())?.train.steps).toBe(17);
    await again.reset();
    await expect(reloaded.extend(0)).rejects.toThrow('whole number of steps');
    await page.reset();
    await reloaded.reset();
    await expect(reloaded.extend(5)).rejects.toThrow('no model to train further');
    expect(await charLstmWorker(freshContext()).restore()).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Lesson 6: no lost work', () => {
  const book = () => file(text('war-and-peace/2600-0.txt', 60_000), 'War and Peace');
  const train = { embed: 4, hidden: 8, layers: 1, window: 8, batch: 4, learningRate: 0.01, steps: 12, seed: 3 };

  it('gives the same losses resumed after a reload as in one uninterrupted run', async () => {
    const before = tf.memory().numTensors;
    const straight = charLstmWorker(freshContext());
    await straight.load(book());
    await straight.create(train);
    const whole = collect();
    await straight.train(1000, whole.onProgress);
    await straight.reset();

    const page = charLstmWorker(freshContext());
    await page.load(book());
    await page.create(train);
    const firstPart = collect();
    await page.train(5, firstPart.onProgress);
    const reloaded = charLstmWorker(freshContext());
    await reloaded.load(book());
    expect(await reloaded.restore()).toMatchObject({ step: 5 });
    const rest = collect();
    await reloaded.train(1000, rest.onProgress);
    const resumed = [...firstPart.losses(), ...rest.losses()];
    expect(resumed).toHaveLength(12);
    for (let i = 0; i < 12; i++) expect(resumed[i]).toBeCloseTo(whole.losses()[i], 5);
    await page.reset();
    await reloaded.reset();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves while it trains, so that a crash costs only the steps since the last save', async () => {
    const every = CharSession.saveEveryMs;
    CharSession.saveEveryMs = 0; // a save after every step: here the clock's 30 s would never come
    try {
      const page = charLstmWorker(freshContext());
      await page.load(book());
      await page.create({ ...train, steps: 1000 });
      // The worker dies mid-run: the progress callback throws, so the save at the run's end never happens.
      await expect(
        page.train(1000, (p) => {
          if (p.step >= 8) throw new Error('the tab crashed');
        }),
      ).rejects.toThrow('the tab crashed');
      const reloaded = charLstmWorker(freshContext());
      const restored = await reloaded.restore();
      expect(restored?.step).toBeGreaterThanOrEqual(8);
      await page.reset();
      await reloaded.reset();
    } finally {
      CharSession.saveEveryMs = every;
    }
  });
});

describe('Lesson 7: the two encoder-decoders', () => {
  const config = { vocab: 6, embed: 4, hidden: 8, minLength: 3, maxLength: 8, batch: 8, steps: 120, learningRate: 0.01, seed: 5 };

  it('train side by side, measure both by length as they go, and resume after a reload with the same losses', async () => {
    const before = tf.memory().numTensors;
    const straight = attentionWorker(freshContext());
    const created = await straight.create(config);
    expect(created.totalSteps).toBe(120);
    expect(created.parameters.with).toBeGreaterThan(created.parameters.without); // the attentional layer reads [c; h]
    await straight.setProbe([1, 2, 3, 4]);
    const whole = collect();
    const measured: { step: number; lengths: number[]; with: number[]; weights: number }[] = [];
    await straight.train(1_000, whole.onProgress, (e) =>
      measured.push({ step: e.step, lengths: e.lengths, with: e.accuracy.with, weights: e.probe?.weights.length ?? 0 }),
    );
    // Before training (chance), then every 50 steps, then at the end.
    expect(measured.map((m) => m.step)).toEqual([0, 50, 100, 120]);
    expect(measured[0].lengths).toEqual([4, 8]);
    expect(measured.every((m) => m.weights === 16)).toBe(true); // 4 output steps x 4 inputs
    const probe = await straight.probe([0, 5, 2]);
    expect(probe.answers.with).toHaveLength(3);
    for (let t = 0; t < 3; t++) expect(probe.weights.slice(t * 3, t * 3 + 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    await expect(straight.probe([0, 6])).rejects.toThrow('whole numbers from 0 to 5');
    await straight.reset();

    const page = attentionWorker(freshContext());
    await page.create(config);
    const first = collect();
    await page.train(70, first.onProgress, () => {});
    const reloaded = attentionWorker(freshContext());
    const restored = await reloaded.restore();
    expect(restored).toMatchObject({ step: 70, totalSteps: 120 });
    expect(restored?.evaluations.map((e) => e.step)).toEqual([0, 50, 70]);
    const rest = collect();
    await reloaded.train(1_000, rest.onProgress, () => {});
    const resumed = [...first.losses(), ...rest.losses()];
    expect(resumed).toHaveLength(120);
    for (const [i, loss] of resumed.entries()) expect(loss).toBeCloseTo(whole.losses()[i], 4);
    expect(await reloaded.extend(30)).toBe(150);
    expect((await reloaded.train(1_000, collect().onProgress, () => {})).step).toBe(150);
    await expect(page.create({ ...config, minLength: 9 })).rejects.toThrow('shortest length (9) is longer than the longest (8)');
    await expect(page.create({ ...config, hidden: 5000 })).rejects.toThrow('“hidden” must be a whole number from 4 to 256');
    await page.reset();
    await reloaded.reset();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Lesson 9: the tiny GPT session', () => {
  const config = {
    width: 16,
    heads: 2,
    layers: 1,
    context: 16,
    batch: 4,
    learningRate: 3e-3,
    minLearningRate: 3e-4,
    warmup: 5,
    steps: 40,
    weightDecay: 0.1,
    seed: 2,
  };
  const book = () => file(text('tinyshakespeare/input.txt', 40_000), 'Tiny Shakespeare');

  // Each path's losses, step by step: the WebAssembly engine's must follow tfjs's.
  const pathLosses: Record<string, number[]> = {};
  for (const fused of [false, true]) {
    const contextFor = () => (fused ? kernelContext() : freshContext());
    it(`trains with timed validation points, samples and attention maps, resumes with the same losses, and races the LSTM for as long (${fused ? 'in the WebAssembly kernels' : 'in tfjs ops'})`, async () => {
      const before = tf.memory().numTensors;
      const straight = gptWorker(contextFor());
      await straight.load(book());
      const created = await straight.create(config);
      expect(created.vocab).toBeGreaterThan(30);
      await straight.setPrompt('ROMEO:', { mode: 'temperature', temperature: 0.8, k: 5, p: 0.95 });
      const whole = collect();
      const events: GptEvent[] = [];
      await straight.train(1_000, whole.onProgress, (e) => events.push(e));
      expect(whole.steps()).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      pathLosses[String(fused)] = whole.losses();
      const validation = events.flatMap((e) => (e.validation ? [e.validation] : []));
      expect(validation.map((v) => v.step)).toEqual([0, 40]);
      expect(validation[0].loss).toBeGreaterThan(validation[1].loss);
      expect(validation[1].seconds).toBeGreaterThan(0);
      const sample = events.find((e) => e.sample)?.sample;
      expect(sample?.text).toHaveLength(100);
      const attention = events.find((e) => e.attention)?.attention;
      expect(attention?.tokens.join('')).toBe('ROMEO:');
      expect(attention?.maps).toHaveLength(1);
      expect(attention?.maps[0]).toHaveLength(2 * 6 * 6); // heads x T x T
      expect(attention?.maps[0][1]).toBe(0); // causal: the first character never reads the second
      await expect(straight.write('ROMEO', 0, { mode: 'greedy', temperature: 1, k: 5, p: 0.95 }, () => {})).rejects.toThrow('Write 1 to 2000 characters');
      await expect(straight.attention('ж')).rejects.toThrow("None of the prompt's characters occur in Tiny Shakespeare");
      const streamed: string[] = [];
      const written = await straight.write('JULIET:', 50, { mode: 'top-k', temperature: 0.8, k: 3, p: 0.95 }, (t) => streamed.push(t));
      expect(streamed.join('')).toBe(written);
      // Greedy writing is deterministic: the same text twice.
      const greedy = { mode: 'greedy', temperature: 1, k: 5, p: 0.95 } as const;
      expect(await straight.write('JULIET:', 30, greedy, () => {})).toBe(await straight.write('JULIET:', 30, greedy, () => {}));
      const race: number[] = [];
      const lstm = await straight.compareLstm((p) => race.push(p.seconds));
      expect(lstm.at(-1)!.seconds).toBeLessThanOrEqual(validation[1].seconds + 0.01);
      expect(lstm[0].seconds).toBe(0);
      await straight.reset();

      const page = gptWorker(contextFor());
      await page.load(book());
      await page.create(config);
      const first = collect();
      await page.train(15, first.onProgress, () => {});
      const reloaded = gptWorker(contextFor());
      await reloaded.load(book());
      expect(await reloaded.restore()).toMatchObject({ step: 15, totalSteps: 40, corpusName: 'Tiny Shakespeare' });
      const rest = collect();
      await reloaded.train(1_000, rest.onProgress, () => {});
      const resumed = [...first.losses(), ...rest.losses()];
      expect(resumed).toHaveLength(40);
      for (const [i, loss] of resumed.entries()) expect(loss).toBeCloseTo(whole.losses()[i], 4);
      expect(await reloaded.extend(10)).toBe(50);
      await expect(page.create({ ...config, width: 15, heads: 2 })).rejects.toThrow('The width 15 does not split into 2 heads');
      await page.reset();
      await reloaded.reset();
      expect(tf.memory().numTensors).toBe(before);
    }, 120_000);
  }

  it('trains the same model in the WebAssembly kernels as in tfjs ops', () => {
    const [ops, kernels] = [pathLosses.false, pathLosses.true];
    expect(ops).toHaveLength(40);
    expect(kernels).toHaveLength(40);
    for (const [i, loss] of kernels.entries()) expect(Math.abs(loss - ops[i])).toBeLessThan(2e-3);
  }, 120_000);
});
