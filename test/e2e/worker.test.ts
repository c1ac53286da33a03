import { describe, expect, it } from 'vitest';
import type { TokensApi } from '../../src/lessons/tokens/api';
import { openPage, resetModel, useBrowser } from './helpers';

const browser = useBrowser();

describe('the training worker', () => {
  it('moves to WASM when the WebGL context is lost, and brings the model back from its checkpoint', async () => {
    const { page, errors } = await openPage(browser(), 'bench.html');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const result = await page.evaluate(async () => {
      const w = window.benchmarks;
      const tokens = window.lesson<TokensApi>('tokens');
      const info = await w.setBackend('webgl');
      if (info.name !== 'webgl') return { skipped: info.reason };
      await tokens.loadCorpus({
        kind: 'url',
        url: new URL('corpora/sotu.json', location.href).href,
        name: 'State of the Union addresses',
        format: 'sotu-json',
      });
      await tokens.create({ vocabSize: 500, dim: 8, batch: 64, learningRate: 0.01, steps: 100, seed: 1 });
      const trained = await tokens.train(
        3,
        window.proxy(() => {}),
      );
      const before = await tokens.predict('united', 3);
      const changed = new Promise<{ name: string; message: string }>((resolve) => {
        void w.watchBackend(window.proxy((changedInfo, message) => resolve({ name: changedInfo.name, message })));
      });
      const lost = await w.loseWebglContext();
      const change = await changed;
      const restored = await tokens.restore();
      const after = await tokens.predict('united', 3);
      const goesOn = await tokens.train(
        1,
        window.proxy(() => {}),
      );
      await tokens.reset();
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

  it('says in plain words when the WebGL context is lost mid-run, moves to WASM by itself, and the run goes on from its checkpoint', async () => {
    const { page, errors } = await openPage(browser(), '#/counting');
    await page.getByRole('heading', { level: 1, name: 'An RNN that learns to count' }).waitFor();
    await page
      .getByTestId('backend-badge')
      .filter({ hasText: /WEBGL|WASM|CPU/ })
      .waitFor();
    await page.getByLabel('Backend').selectOption('webgl');
    await page.getByTestId('backend-badge').filter({ hasText: 'WEBGL' }).waitFor({ timeout: 30_000 });
    // A checkpoint first: Pause saves one. Then the run goes on, on WebGL.
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    // The context goes mid-run, as when the GPU is reset: the worker's own loseWebglContext, called as the page
    // would call it (a comlink message), loses it through WEBGL_lose_context.
    const worker = page.workers().find((w) => w.url().includes('trainer'));
    expect(worker).toBeDefined();
    await worker!.evaluate(() =>
      self.dispatchEvent(new MessageEvent('message', { data: { id: 'lose-context', type: 'APPLY', path: ['loseWebglContext'], argumentList: [] } })),
    );
    await page
      .getByRole('alert')
      .filter({
        hasText:
          'The WebGL context was lost (the GPU was reset or the browser took it back), so the worker moved to WASM. The model was reloaded from its last checkpoint.',
      })
      .waitFor({ timeout: 60_000 });
    await page.getByTestId('backend-badge').filter({ hasText: 'WASM' }).waitFor();
    await page.locator('.backend-details summary').click();
    expect(await page.locator('.backend-reason').textContent()).toContain('moved here by itself: the WebGL context was lost');
    await page.getByText(/Restored the model saved after step \d+ of \d+/).waitFor({ timeout: 30_000 });
    // No raw exception text, and every control works: the run goes on, on WASM, from the checkpoint.
    expect(await page.locator('body').textContent()).not.toMatch(/disposed/i);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 60_000 });
    await resetModel(page);
    expect(errors.filter((e) => !/WebGL|context/i.test(e))).toEqual([]);
    await page.close();
  }, 300_000);

  it('notices a worker that stopped answering, starts a new one, and brings the models back from their last checkpoint', async () => {
    const { page, errors } = await openPage(browser(), '#/attention?steps=2000&hidden=32');
    await page.getByRole('heading', { level: 1, name: 'Encoder-decoder, and attention' }).waitFor();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    // The measurement at step 50 comes with a checkpoint; then the worker is closed from inside, mid-run.
    await page
      .getByText(/after step (50|100|150)/)
      .first()
      .waitFor({ timeout: 120_000 });
    const worker = page.workers().find((w) => w.url().includes('trainer'));
    expect(worker).toBeDefined();
    await worker!.evaluate(() => (self as unknown as { close: () => void }).close()).catch(() => {});
    await page
      .getByTestId('worker-trouble')
      .filter({ hasText: 'The training worker stopped answering for 15 s. A new one was started, and the model was brought back from its last checkpoint.' })
      .waitFor({ timeout: 40_000 });
    await page.getByText(/Restored the models saved at step \d+ of 2000\./).waitFor({ timeout: 30_000 });
    // Every control works again: the run goes on from the checkpoint.
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('worker-trouble').getByRole('button', { name: 'Close' }).click();
    expect(await page.getByTestId('worker-trouble').count()).toBe(0);
    await resetModel(page);
    expect(errors.filter((e) => !/worker/i.test(e))).toEqual([]);
    await page.close();
  });

  it('says so when the worker cannot start (its script does not load), and stops retrying', async () => {
    const context = browser();
    await context.route('**/trainer.worker-*.js', (route) => route.abort('internetdisconnected'));
    const { page } = await openPage(context, '#/counting');
    await page
      .getByTestId('worker-trouble')
      .filter({ hasText: 'It failed again after two fresh starts; check the connection and reload the page.' })
      .waitFor({ timeout: 30_000 });
    await context.unroute('**/trainer.worker-*.js');
    await page.close();
  });
});
