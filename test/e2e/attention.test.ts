import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FROZEN_MS, openPage, resetModel, seriousA11yViolations, takeLongTasks, useBrowser } from './helpers';

const browser = useBrowser();

async function openLesson(route = '#/attention') {
  const opened = await openPage(browser(), route);
  await opened.page.getByRole('heading', { level: 1, name: 'Encoder-decoder, and attention' }).waitFor();
  await opened.page
    .getByTestId('backend-badge')
    .filter({ hasText: /WEBGL|WASM|CPU/ })
    .waitFor();
  return opened;
}

const probeBox = (page: Page) => page.getByLabel(/^Your sequence \(numbers from 0 to/);
const cells = (page: Page, row: number) => page.getByTestId('attn-accuracy').locator('tbody tr').nth(row).locator('td');

describe('Lesson 7: encoder-decoder, and attention', () => {
  it('estimates, trains both models with the page responsive, streams accuracy by length and the attention map, and keeps them over a reload', async () => {
    // A short run: 100 steps of smaller models.
    const { page, errors } = await openLesson('#/attention?steps=100&hidden=32&probe=1+2+3+4+5+6');
    await page
      .getByTestId('attn-estimate')
      .filter({ hasText: /100 steps of both models take about/ })
      .waitFor({ timeout: 60_000 });
    await takeLongTasks(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    // The measurement of the untrained models lands first, with the map of the reader's sequence.
    await expect.poll(() => page.getByTestId('attn-heatmap').locator('tbody tr').count(), { timeout: 60_000 }).toBe(6);
    expect(await page.getByTestId('attn-heatmap').locator('tbody tr').first().locator('td').count()).toBe(6);
    await page.getByRole('button', { name: 'Train 200 more steps' }).waitFor({ timeout: 120_000 });
    expect(Math.max(0, ...(await takeLongTasks(page)))).toBeLessThan(FROZEN_MS);
    // Every length measured for both models; the words under the table follow the numbers in it.
    expect(await page.getByTestId('attn-accuracy').locator('tbody tr').count()).toBe(5);
    for (let row = 0; row < 5; row++) for (const col of [1, 2]) expect(await cells(page, row).nth(col).textContent()).toMatch(/^\d+%$/);
    const with20 = await cells(page, 4).nth(1).textContent();
    const without20 = await cells(page, 4).nth(2).textContent();
    expect(await page.getByTestId('attn-verdict').textContent()).toContain(
      `At length 20 the model with attention writes ${with20} of the numbers right, the one without ${without20}`,
    );
    expect(await page.getByTestId('attn-answers').textContent()).toMatch(/reversed6 5 4 3 2 1with attention(\d ){5}\d \(\d of 6 right\)/);
    // The colour scale of weights runs from 0 to 1.
    expect(await page.locator('figure:has([data-testid="attn-heatmap"]) [data-testid="colour-scale"]').textContent()).toMatch(/^01\.0White cells/);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The reader's own sequence, after training: a bad one is refused beside the box, a good one answered.
    await probeBox(page).fill('1 2 x');
    await expect.poll(() => page.locator('#attn-probe-message').textContent()).toBe('“x” is not a number.');
    expect(await probeBox(page).getAttribute('aria-invalid')).toBe('true');
    await probeBox(page).fill('9 9 10');
    await expect.poll(() => page.locator('#attn-probe-message').textContent()).toMatch(/10 is outside the numbers 0 to 9/);
    await probeBox(page).fill('7 0 7 2');
    await probeBox(page).press('Enter');
    await expect.poll(() => page.getByTestId('attn-heatmap').locator('tbody tr').count()).toBe(4);
    expect(new URL(page.url().replace('#/', '')).searchParams.get('probe')).toBe('7 0 7 2');

    await page.reload();
    await page.getByText('Restored the models saved at step 100 of 100.').waitFor({ timeout: 60_000 });
    expect(await cells(page, 4).nth(1).textContent()).toBe(with20);
    await page.getByRole('button', { name: 'Reverse it' }).click();
    await expect.poll(() => page.getByTestId('attn-heatmap').locator('tbody tr').count()).toBe(4);
    await resetModel(page);
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    expect(await page.getByTestId('attn-heatmap').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses settings that cannot make a task, beside the field or with a message, and trains nothing', async () => {
    const { page, errors } = await openLesson('#/attention?minLength=12&maxLength=6');
    // The sequence field is styled as the page's other text fields (it was the browser's bare 13 px box).
    const size = await page.getByLabel(/Your sequence/).evaluate((e) => ({ font: getComputedStyle(e).fontSize, height: e.getBoundingClientRect().height }));
    expect(size.font).toBe(await page.locator('body').evaluate((e) => getComputedStyle(e).fontSize));
    expect(size.height).toBeGreaterThan(30);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The shortest length (12) is longer than the longest (6): swap them.' }).waitFor();
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    await page.getByLabel('Hidden size').fill('5000');
    await page
      .getByText(/must be at most 256|from 4 to 256/)
      .first()
      .waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
