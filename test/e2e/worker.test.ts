import { describe, expect, it } from 'vitest';
import { openPage, useBrowser } from './helpers';

const browser = useBrowser();

describe('the training worker', () => {
  it('moves to WASM when the WebGL context is lost, and brings the model back from its checkpoint', async () => {
    const { page, errors } = await openPage(browser(), 'bench.html');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const result = await page.evaluate(async () => {
      const w = window.benchmarks;
      const info = await w.setBackend('webgl');
      if (info.name !== 'webgl') return { skipped: info.reason };
      await w.loadCorpus({ kind: 'url', url: new URL('corpora/sotu.json', location.href).href, name: 'State of the Union addresses', format: 'sotu-json' });
      await w.bigramCreate({ vocabSize: 500, dim: 8, batch: 64, learningRate: 0.01, steps: 100, seed: 1 });
      const trained = await w.bigramTrain(
        3,
        window.proxy(() => {}),
      );
      const before = await w.bigramPredict('united', 3);
      const changed = new Promise<{ name: string; message: string }>((resolve) => {
        void w.watchBackend(window.proxy((changedInfo, message) => resolve({ name: changedInfo.name, message })));
      });
      const lost = await w.loseWebglContext();
      const change = await changed;
      const restored = await w.bigramRestore();
      const after = await w.bigramPredict('united', 3);
      const goesOn = await w.bigramTrain(
        1,
        window.proxy(() => {}),
      );
      await w.bigramReset();
      return {
        trainedStep: trained.step,
        lost,
        change,
        restoredStep: restored?.step,
        before,
        after,
        goesOnStep: goesOn.step,
        backend: (await w.getBackend()).name,
        reason: (await w.getBackend()).reason,
      };
    });
    // Headless Chromium here always has (software) WebGL; a machine without it would have nothing to lose.
    expect(result).not.toHaveProperty('skipped');
    expect(result).toMatchObject({ trainedStep: 3, lost: true, restoredStep: 3, goesOnStep: 4, backend: 'wasm' });
    expect(result.change).toMatchObject({ name: 'wasm', message: expect.stringContaining('WebGL context was lost') });
    // The badge says why the worker moved, not that the reader chose it.
    expect(result.reason).toBe('moved here by itself: the WebGL context was lost');
    const probabilities = (p: { next: { probability: number }[] }) => p.next.map((n) => n.probability);
    const before = probabilities(result.before!);
    const after = probabilities(result.after!);
    for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i], 5);
    expect(result.after!.next.map((n) => n.token)).toEqual(result.before!.next.map((n) => n.token));
    expect(errors).toEqual([]);
    await page.close();
  });
});
