import { describe, expect, it } from 'vitest';
import { asksBeforeLeaving, FROZEN_MS, openPage, seriousA11yViolations, takeLongTasks, typeFields, useBrowser } from './helpers';

const browser = useBrowser();

async function openLesson(route = '#/lstm') {
  const opened = await openPage(browser(), route);
  await opened.page.getByRole('heading', { level: 1, name: 'Memory: RNN against LSTM' }).waitFor();
  await opened.page
    .getByTestId('backend-badge')
    .filter({ hasText: /WEBGL|WASM|CPU/ })
    .waitFor();
  return opened;
}

describe('Lesson 5: memory, RNN against LSTM', () => {
  it('checks the hand-written LSTM against tf.layers.lstm live: fresh, continuation and batch within 1e-5', async () => {
    const { page, errors } = await openLesson();
    const table = page.getByTestId('lstm-check');
    await table.waitFor();
    expect(await table.getByText('yes ✓').count()).toBe(3);
    await page.getByRole('button', { name: 'Check again with new weights' }).click();
    await table.getByText('seed 2').waitFor();
    expect(await table.getByText('yes ✓').count()).toBe(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('estimates the sweep, runs it in the worker: points land one by one, Stop stops it, and the models can be looked inside', async () => {
    // The notebook's configuration: on the WebAssembly kernels its first lengths train in seconds here.
    const { page, errors } = await openLesson();
    await takeLongTasks(page);
    const estimate = async (epochs: number) => {
      await expect
        .poll(() => page.getByTestId('sweep-estimate').textContent(), { timeout: 30_000 })
        .toMatch(new RegExp(`the 16 models \\(${epochs} epochs each\\) take about (\\d+(\\.\\d)? s|\\d+ min \\d+ s) \\(timed`));
      const m = /about (?:(\d+) min )?(\d+(?:\.\d)?) s/.exec((await page.getByTestId('sweep-estimate').textContent()) ?? '');
      return 60 * Number(m![1] ?? 0) + Number(m![2]);
    };
    await estimate(100);
    await page.getByLabel('Epochs').fill('200');
    const longer = await estimate(200);
    await page.getByLabel('Epochs').fill('50');
    const shorter = await estimate(50);
    // Four times the epochs, about four times the time (each estimate is timed anew, so not exactly).
    expect(longer / shorter).toBeGreaterThan(2);
    // V and the hidden size at their largest are too large together: said before the sweep, and refused by it.
    await typeFields(page, [
      ['V (numbers 0…V−1)', '2048'],
      ['Hidden size', '256'],
    ]);
    const tooLarge = /This model would take about [\d,]+ MB of memory to train; the page allows 1,024 MB\. Make V or the hidden size smaller\./;
    await page.getByTestId('memory-note').filter({ hasText: tooLarge }).waitFor();
    expect(await page.getByTestId('sweep-estimate').count()).toBe(0);
    await page.getByRole('button', { name: 'Start the sweep' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: tooLarge }).count(), { timeout: 10_000 }).toBe(2);
    await typeFields(page, [
      ['V (numbers 0…V−1)', '512'],
      ['Hidden size', '32'],
    ]);
    await page
      .getByTestId('memory-note')
      .filter({ hasText: /^Training this model takes at most about/ })
      .waitFor();
    await page.getByLabel('Epochs').fill('100');
    await estimate(100);
    await page.getByRole('button', { name: 'Start the sweep' }).click();
    await expect.poll(() => page.getByTestId('sweep-status').textContent(), { timeout: 30_000 }).toMatch(/epoch \d+ of 100, loss \d\.\d{3}; about .+ left$/);
    const cell = (row: number, column: number) => page.getByTestId('sweep-table').locator('tbody tr').nth(row).locator('td').nth(column).textContent();
    // L = 4 and L = 6, both cells: two points per model.
    await expect.poll(() => cell(1, 2), { timeout: 90_000 }).toMatch(/^\d\.\d{3}$/);
    for (const [row, column] of [
      [0, 1],
      [0, 2],
      [1, 1],
    ])
      expect(await cell(row, column)).toMatch(/^\d\.\d{3}$/);
    // Leaving the page while it trains asks first; after Stop it does not.
    expect(await asksBeforeLeaving(page)).toBe(true);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.getByTestId('sweep-status').textContent(), { timeout: 30_000 }).toMatch(/^Stopped after \d+ of 16 models\.$/);
    expect(Number(await cell(1, 2))).toBeGreaterThan(0.9); // the LSTM remembers at L = 6
    expect(await asksBeforeLeaving(page)).toBe(false);

    // A reload keeps every finished point, and the sweep goes on from the first model it had not finished.
    const before = await page.getByTestId('sweep-table').textContent();
    const trained = Number(/Stopped after (\d+)/.exec((await page.getByTestId('sweep-status').textContent())!)![1]);
    await page.reload();
    await page.getByTestId('sweep-table').waitFor();
    expect(await page.getByTestId('sweep-table').textContent()).toBe(before);
    expect(await page.getByTestId('sweep-status').textContent()).toBe(`Restored ${trained} of 16 models from your last sweep with these settings.`);
    // The points are this tab's: another tab of the same browser starts with none (and cannot overwrite them).
    const other = await openLesson();
    expect(await other.page.getByText(/Restored \d+ of 16 models/).count()).toBe(0);
    expect(await other.page.getByTestId('sweep-status').textContent()).toMatch(/^16 models to train, one per length and cell/);
    expect(await other.page.getByRole('button', { name: 'Start the sweep' }).count()).toBe(1);
    await other.page.close();
    await expect
      .poll(() => page.getByTestId('sweep-estimate').textContent(), { timeout: 30_000 })
      .toMatch(new RegExp(`the ${16 - trained} models left \\(100 epochs each\\) take about`));
    await page.getByRole('button', { name: `Continue the sweep (${16 - trained} models left)` }).click();
    await expect.poll(() => page.getByTestId('sweep-status').textContent(), { timeout: 30_000 }).toMatch(/^Training the /);
    // It starts at the first model without a point: row by row, RNN before LSTM.
    const next = { cell: trained % 2 === 0 ? 'RNN' : 'LSTM', length: 4 + 2 * Math.floor(trained / 2) };
    expect(await page.getByTestId('sweep-status').textContent()).toContain(`Training the ${next.cell} at L = ${next.length}:`);
    const yours = async () => {
      let filled = 0;
      for (let row = 0; row < 8; row++) for (const column of [1, 2]) if (/^\d\.\d{3}$/.test((await cell(row, column)) ?? '')) filled++;
      return filled;
    };
    await expect.poll(yours, { timeout: 60_000 }).toBeGreaterThan(trained + 1); // one more model of each cell, to look inside
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.getByTestId('sweep-status').textContent(), { timeout: 30_000 }).toMatch(/^Stopped after \d+ of 16 models\.$/);
    expect(Number(await page.locator('figure.chart').first().getAttribute('data-points'))).toBeGreaterThanOrEqual(2);
    // The accuracy axis runs from 0 to 1, the length axis has a tick at each length of the sweep.
    const ticks = (axis: string) => page.locator(`figure.chart .recharts-${axis}-tick-labels text.recharts-cartesian-axis-tick-value`).allTextContents();
    expect(await ticks('xAxis')).toEqual(['4', '6', '8', '10', '12', '14', '16', '18']);
    const yTicks = (await ticks('yAxis')).map(Number);
    expect(Math.min(...yTicks)).toBe(0);
    expect(Math.max(...yTicks)).toBe(1);
    expect(Math.max(0, ...(await takeLongTasks(page)))).toBeLessThan(FROZEN_MS);

    await page.getByRole('button', { name: 'Look inside' }).click();
    await page.getByTestId('inside-lstm').waitFor();
    expect(await page.getByTestId('inside-lstm').locator('table').count()).toBe(6); // h, c, the forget gate, and the other three gates behind a disclosure
    expect(await page.getByTestId('inside-rnn').locator('table').count()).toBe(1);
    await page.getByLabel('Sequence (its first number)').fill('600');
    await page.getByRole('button', { name: 'Look inside' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Pick a sequence from 0 to \d+/ })
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
