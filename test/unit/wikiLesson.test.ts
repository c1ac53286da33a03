// Lesson 12's worker slice in Node with the project's kernels: a text cut into the series' BPE tokens and split
// 90/10, a small transformer that learns on it with validation points and samples, a checkpoint a fresh worker
// restores, the ready-trained file's 8-bit weights, and the same stream from the model's own rules.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKernels } from '../../src/kernels/kernels';
import type { WikiEvent } from '../../src/lessons/wiki-transformer/api';
import { fixedBatches, windows } from '../../src/lessons/wiki-transformer/data';
import { LAPTOP, NOTEBOOK, wikiTrainingBytes } from '../../src/lessons/wiki-transformer/meta';
import { wikiInitialValues } from '../../src/lessons/wiki-transformer/model';
import wikiWorker from '../../src/lessons/wiki-transformer/worker';
import { createRng } from '../../src/lib/rng';
import { decodeWikiPretrained, type PretrainedWiki, symbolsToText, wikiSizes } from '../../src/models/wikiTransformer';
import { createContext } from '../../src/train/context';
import type { TrainProgress } from '../../src/train/types';
import { CPU, SHARED } from './reference';

const worker = () =>
  wikiWorker(
    createContext(
      async () => CPU,
      () => loadKernels(readFileSync(new URL('../../src/kernels/kernels-relaxed.wasm', import.meta.url))),
    ).context,
  );
const text = readFileSync(`${SHARED}data/wikitext-2/train.txt`, 'utf8').slice(0, 400_000);
const source = { kind: 'file' as const, file: new Blob([text]), name: 'WikiText-2, its first 400,000 characters' };
const SMALL = { ...LAPTOP, width: 32, heads: 2, ff: 64, layers: 1, context: 16, batch: 8, steps: 80, warmup: 10, learningRate: 5e-3, minLearningRate: 5e-4 };

describe("Lesson 12's data and model", () => {
  it('cuts windows at random places, their targets one token on, and fixed validation batches that never overlap', () => {
    const stream = Int32Array.from({ length: 1000 }, (_, i) => i);
    const { ids, targets } = windows(stream, 8, 4, 3);
    for (let b = 0; b < 4; b++) for (let t = 0; t < 8; t++) expect(targets[b * 8 + t]).toBe(ids[b * 8 + t] + 1);
    expect(windows(stream, 8, 4, 3).ids).toEqual(ids); // seeded
    const batches = fixedBatches(stream, 10, 5, Number.POSITIVE_INFINITY);
    expect(batches.length).toBe(19); // 999 predictable tokens hold 99 windows of 10: 19 batches of 5
    expect(batches[1].ids[0]).toBe(50);
    expect(batches.at(-1)!.targets.at(-1)).toBe(950);
  });

  it('initialises as PyTorch does, prints </w> as a space, and sizes the notebook’s model', () => {
    const values = wikiInitialValues(NOTEBOOK, 6400, createRng(0));
    expect(values.map((v) => v.length)).toEqual(wikiSizes(NOTEBOOK, 6400));
    expect(values.reduce((n, v) => n + v.length, 0)).toBe(4_637_696);
    const std = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    expect(std(values[0])).toBeCloseTo(1, 1); // Embedding: N(0, 1)
    expect(Math.max(...values[1].map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / (4 * 192))); // in_proj: Xavier-uniform
    expect(symbolsToText(['The</w>', 'gam', 'e</w>', 'was</w>', 'won</w>', '.</w>'])).toBe('The game was won. ');
    expect(wikiTrainingBytes(LAPTOP)).toBeLessThan(wikiTrainingBytes(NOTEBOOK));
  });
});

describe("Lesson 12's worker", () => {
  it('learns BPE on a text, trains with validation points and samples, restores in a fresh worker, and exports 8-bit weights that read as well', async () => {
    const api = worker();
    const corpus = await api.load(source, 'learn', 500);
    expect(corpus.vocab % 64).toBe(0);
    expect(corpus.merges).toBeGreaterThanOrEqual(500);
    expect(corpus.train).toBe(Math.floor(0.9 * corpus.tokens));
    expect(corpus.train + corpus.validation).toBe(corpus.tokens);
    await expect(api.create({ ...SMALL, width: 30, heads: 4 })).rejects.toThrow('The width 30 does not split into 4 heads');
    // The estimate counts the validation passes and samples (timed), not only the steps: 80 steps measure twice.
    const estimate = await api.estimate(SMALL);
    expect(estimate.measureSeconds).toBeGreaterThan(0);
    expect(estimate.seconds).toBeCloseTo(estimate.secondsPerStep * SMALL.steps + 2 * estimate.measureSeconds, 9);
    const created = await api.create(SMALL);
    expect(created.vocab).toBe(corpus.vocab);
    const events: WikiEvent[] = [];
    const progress: TrainProgress[] = [];
    await api.setPrompt('The game');
    const summary = await api.train(
      1e9,
      (p) => progress.push(p),
      (e) => events.push(e),
    );
    expect(summary.step).toBe(80);
    const losses = progress.flatMap((p) => p.points.map((q) => q.loss));
    expect(losses.length).toBe(80);
    const validation = events.flatMap((e) => (e.validation ? [e.validation] : []));
    expect(validation.map((v) => v.step)).toEqual([0, 80]);
    expect(validation[1].loss).toBeLessThan(validation[0].loss - 0.5);
    const samples = events.flatMap((e) => (e.sample ? [e.sample] : []));
    expect(samples.at(-1)!.text.startsWith('The game ')).toBe(true);
    const written = await api.write('The game', 20);
    await expect(api.write('   ', 20)).rejects.toThrow('Type a prompt of at least one word.');
    await expect(api.write('The game', 0)).rejects.toThrow('Write 1 to 400 tokens.');

    // A reload: a fresh worker brings the model back, writes the same (its sampling is seeded by the step).
    const fresh = worker();
    const restored = await fresh.restore();
    expect(restored?.step).toBe(80);
    expect(restored?.validation.at(-1)?.loss).toBeCloseTo(validation[1].loss, 6);
    expect(await fresh.write('The game', 20)).toBe(written);
    // Its own rules cut the text into the same stream, so it trains on.
    const again = await fresh.load(source, 'model', 0);
    expect(again.tokens).toBe(corpus.tokens);
    const exact = (await fresh.benchValidation()).loss;

    // The file: 8-bit matrices and float16 vectors, within a step of their scale; the loss barely moves.
    const file = JSON.parse(await fresh.exportPretrained({ licence: 'CC BY-SA 3.0', madeBy: 'a unit test', curve: [] })) as PretrainedWiki;
    expect(file.format).toBe('tensor-tutor/wiki-transformer@1');
    expect(file.weights.filter((w) => 'int8' in w).length).toBe(6); // tokens, in_proj, out_proj, two MLP matrices, the head
    const weights = decodeWikiPretrained(file);
    expect(weights.map((w) => w.length)).toEqual(wikiSizes(SMALL, corpus.vocab));
    expect(() => decodeWikiPretrained({ ...file, weights: file.weights.slice(1) })).toThrow(/has \d+ weights, not/);
    expect(() => decodeWikiPretrained({ ...file, format: 'x' } as unknown as PretrainedWiki)).toThrow('Not a ready-trained Project II model');
    const url = `data:application/json,${encodeURIComponent(JSON.stringify(file))}`;
    const opened = await fresh.loadPretrained(url);
    expect(opened.pretrained).toBe('a unit test');
    expect(opened.step).toBe(80);
    expect(Math.abs((await fresh.benchValidation()).loss - exact)).toBeLessThan(0.02);
    await fresh.reset();
    await expect(fresh.write('The game', 5)).rejects.toThrow(/Train the model first/);
  }, 120_000);
});
