// The backend chosen by measurement where the browser offers WebGPU too (here SwiftShader's, in software, with
// Chromium's --enable-unsafe-webgpu): Lesson 6's model timed on WASM, WebGL and WebGPU before a run, and the reader
// able to pick WebGPU themselves.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WAR_AND_PEACE_MIRRORS } from '../../src/text/corpora';
import { SHARED } from '../unit/reference';
import { openPage, useBrowser } from './helpers';

const browser = useBrowser(['--enable-unsafe-webgpu']);
const book = readFileSync(`${SHARED}data/war-and-peace/2600-0.txt`);

describe('a browser with WebGPU', () => {
  it('times the model on WASM, WebGL and WebGPU before a run and trains on the fastest; WebGPU can be chosen', async () => {
    await browser().route('**/*2600*', (route) =>
      WAR_AND_PEACE_MIRRORS.includes(route.request().url())
        ? route.fulfill({ status: 200, body: book, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Access-Control-Allow-Origin': '*' } })
        : route.continue(),
    );
    const { page, errors } = await openPage(browser(), '#/char-lstm?hidden=48&layers=1&window=32&batch=16&steps=500&learningRate=0.01');
    await page
      .getByTestId('backend-badge')
      .filter({ hasText: /WEBGL|WASM|CPU/ })
      .waitFor();
    expect(
      await page.evaluate(async () => (await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()) != null),
    ).toBe(true);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect.poll(() => page.getByTestId('char-estimate').textContent(), { timeout: 90_000 }).toMatch(/steps take about .* on WASM here/);
    await page.getByText('Why', { exact: true }).click();
    const reason = (await page.getByTestId('backend-reason').textContent())!;
    expect(reason).toMatch(/^measured on this model: WASM \(our kernels on the CPU\) \d+ ms a step; /);
    // Both GPU paths were timed too, and lost: cut short after their first step, timed in full, or failed in words.
    expect(reason).toMatch(/WebGL \(SwiftShader, Chrome’s software renderer\)(: its first step took| \d| failed)/);
    expect(reason).toMatch(/WebGPU(: its first step took| \d| failed)/);
    expect(await page.getByTestId('backend-badge').textContent()).toBe('WASM');
    // The reader can pick WebGPU; the worker says it runs there.
    await page.getByLabel('Backend').selectOption('webgpu');
    await page.getByTestId('backend-badge').filter({ hasText: 'WEBGPU' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('backend-plain').textContent()).toBe('Trains on your GPU, through WebGPU');
    expect(errors.filter((e) => !/WebGPU|powerPreference/i.test(e))).toEqual([]);
    await page.close();
  });
});
