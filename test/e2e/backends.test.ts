import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Word2vecApi } from '../../src/lessons/word2vec/api';
import { WIKITEXT2_TRAIN_MIRRORS } from '../../src/text/corpora';
import { SHARED } from '../unit/reference';
import { openPage, useBrowser } from './helpers';

const browser = useBrowser();
const slice = Buffer.from(readFileSync(`${SHARED}data/wikitext-2/train.txt`, 'utf8').split('\n').slice(0, 1500).join('\n'));

/** The first `steps` batch losses of the full-softmax model on the WikiText-2 slice, trained on `backend`. */
async function fullSoftmaxLosses(page: Page, backend: string, steps: number): Promise<{ backend: string; losses: number[] }> {
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return page.evaluate(
    async ({ backend, urls, steps }) => {
      const w = window.lesson<Word2vecApi>('word2vec');
      const info = await window.benchmarks.setBackend(backend as 'webgl' | 'wasm' | 'cpu');
      await w.load({ kind: 'mirrors', urls, name: 'WikiText-2 slice' });
      await w.create({ mode: 'full', minFreq: 5, dim: 24, window: 8, batch: 3000, epochs: 1, learningRate: 0.1, negatives: 5, subsample: 1e-3, seed: 3 });
      const losses: number[] = [];
      await w.train(
        steps,
        window.proxy((p) => losses.push(...p.points.map((x) => x.loss))),
      );
      await w.reset();
      return { backend: info.name, losses };
    },
    { backend, urls: [...WIKITEXT2_TRAIN_MIRRORS], steps },
  );
}

describe('one model, every backend', () => {
  it('trains the full-softmax CBOW step to the same losses on WebGL (the path a real GPU takes), WASM and CPU', async () => {
    const context = browser();
    await context.route('**/train.txt', (route) =>
      route.fulfill({
        status: 200,
        body: slice,
        headers: { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' },
      }),
    );
    const runs = [];
    for (const backend of ['webgl', 'wasm', 'cpu']) {
      const { page, errors } = await openPage(context, 'bench.html');
      runs.push(await fullSoftmaxLosses(page, backend, 4));
      expect(errors).toEqual([]);
      await page.close();
    }
    await context.unroute('**/train.txt');
    expect(runs.map((r) => r.backend)).toEqual(['webgl', 'wasm', 'cpu']);
    const [webgl, wasm, cpu] = runs.map((r) => r.losses);
    expect(wasm).toHaveLength(4);
    expect(wasm[3]).toBeLessThan(wasm[0]);
    for (let i = 0; i < 4; i++) {
      expect(Math.abs(webgl[i] - wasm[i])).toBeLessThan(2e-3);
      expect(Math.abs(cpu[i] - wasm[i])).toBeLessThan(2e-3);
    }
  });
});
