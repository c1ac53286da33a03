import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FROZEN_MS, openPage, resetModel, seriousA11yViolations, takeLongTasks, typeFields, useBrowser, workerTensors } from './helpers';

const browser = useBrowser();

async function openLesson(route = '#/counting', prepare?: (page: Page) => Promise<unknown>) {
  const opened = await openPage(browser(), route, prepare);
  await opened.page.getByRole('heading', { level: 1, name: 'An RNN that learns to count' }).waitFor();
  await opened.page
    .getByTestId('backend-badge')
    .filter({ hasText: /WEBGL|WASM|CPU/ })
    .waitFor();
  return opened;
}

/** Rewrites this tab's saved counting model in IndexedDB with `damage` (as a bug, a disk error or another version might). */
async function damageCheckpoint(page: Page, damage: string): Promise<void> {
  await page.evaluate(async (damage) => {
    const tab = sessionStorage.getItem('tensor-tutor-tab');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('tensor-tutor');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const store = () => db.transaction('checkpoints', 'readwrite').objectStore('checkpoints');
    const key = `counting/model@${tab}`;
    const saved = await new Promise<{ config: { hidden: number }; weights: Float32Array[] }>((resolve) => {
      const get = store().get(key);
      get.onsuccess = () => resolve(get.result);
    });
    if (damage === 'hidden') saved.config.hidden = 20000;
    else saved.weights[saved.weights.length - 1] = saved.weights[saved.weights.length - 1].slice(0, 3);
    await new Promise((resolve) => {
      store().put(saved, key).onsuccess = resolve;
    });
    db.close();
  }, damage);
}

const sequenceBox = (page: Page) => page.getByLabel(/^Sequence \(numbers from 0 to/);
const message = (page: Page) => page.locator('#count-sequence-message');

async function predict(page: Page, text: string) {
  await sequenceBox(page).fill(text);
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
}

describe('Lesson 4: an RNN that learns to count', () => {
  it('says clearly what is wrong with a sequence, and that an untrained model cannot answer yet', async () => {
    const { page, errors } = await openLesson();
    await page.getByRole('button', { name: 'Reset' }).isDisabled();
    const cases: [string, RegExp][] = [
      ['', /Type a few whole numbers from 0 to 127/],
      ['abc', /“abc” is not a number/],
      ['-4, 5', /-4 is negative/],
      ['7, 200', /200 is beyond the vocabulary/],
      ['7.5', /7.5 is not a whole number/],
      [Array.from({ length: 10_000 }, (_, i) => i % 100).join(','), /That is 10,000 numbers; this box takes at most 256/],
      ['7, 8, 9, 10', /not trained yet/],
    ];
    for (const [text, expected] of cases) {
      await predict(page, text);
      await expect.poll(() => message(page).textContent()).toMatch(expected);
      expect(await sequenceBox(page).getAttribute('aria-invalid')).toBe('true');
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains in the worker with the page responsive, predicts 11 after 7 8 9 10 and 12 on Continue, and keeps the model over a reload', async () => {
    const { page, errors } = await openLesson();
    await takeLongTasks(page);
    // Two clicks in one task (a double click faster than React's update) start one run, not two.
    await page.getByRole('button', { name: 'Train', exact: true }).evaluate((button) => {
      (button as HTMLButtonElement).click();
      (button as HTMLButtonElement).click();
    });
    // While it trains, the page answers: the box can be typed into.
    await sequenceBox(page).fill('3, 4, 5');
    await page.getByRole('button', { name: 'Reset' }).waitFor();
    await expect.poll(() => page.getByTestId('count-epoch').textContent(), { timeout: 90_000 }).toBe('25 of 25');
    await expect.poll(() => page.getByTestId('count-accuracy').textContent()).toMatch(/^\d+ of 732$/);
    const loss = Number(await page.getByTestId('count-loss').textContent());
    expect(loss).toBeLessThan(0.5);
    const correct = Number((await page.getByTestId('count-accuracy').textContent())!.split(' ')[0]);
    expect(correct).toBeGreaterThan(700);
    expect(Number(await page.locator('figure.chart').first().getAttribute('data-points'))).toBe(25);
    const longTasks = await takeLongTasks(page);
    expect(Math.max(0, ...longTasks)).toBeLessThan(FROZEN_MS);

    await predict(page, '7, 8, 9, 10');
    await expect.poll(() => page.getByTestId('count-answer').textContent()).toBe('11');
    await expect.poll(() => message(page).textContent()).toBe('');
    expect(await page.getByTestId('count-top5').locator('li').count()).toBe(5);
    expect(await page.getByTestId('count-top5').locator('li').first().textContent()).toMatch(/^11: \d+\.\d%$/);
    // Every bar has its label.
    expect(await page.getByTestId('count-top5').locator('.recharts-yAxis-tick-labels text.recharts-cartesian-axis-tick-value').count()).toBe(5);
    // The hidden state heatmap: 32 units x 4 steps.
    expect(await page.getByTestId('count-hidden').locator('tbody tr').count()).toBe(32);
    expect(await page.getByTestId('count-hidden').locator('tbody tr').first().locator('td').count()).toBe(4);
    // Its colour scale: blue for negative, red for positive, with the values at both ends.
    expect(await page.locator('figure:has([data-testid="count-hidden"]) [data-testid="colour-scale"]').textContent()).toMatch(/^-\d\.\d+\d\.\d+Blue cells/);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByTestId('count-answer').textContent()).toBe('12');
    expect(await page.getByTestId('count-input').textContent()).toBe('7, 8, 9, 10, 11');

    await page.getByRole('button', { name: 'Ask all of them' }).click();
    await expect.poll(() => page.getByTestId('count-probes').locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('11 ✓');
    // The words under the table follow this run's answers.
    const marks = await page.getByTestId('count-probes').locator('tbody tr td:nth-child(2)').allTextContents();
    const right = marks.filter((m) => m.endsWith('✓')).length;
    expect(await page.getByTestId('count-probe-verdict').textContent()).toMatch(new RegExp(`^Your model got ${right} of ${marks.length} right`));

    expect(await seriousA11yViolations(page)).toEqual([]); // with the bars, the heatmap and the probe table shown

    // A malformed sequence after training: a message, and the last answer stays.
    await predict(page, 'abc');
    await expect.poll(() => message(page).textContent()).toMatch(/“abc” is not a number/);

    await page.reload();
    await page.getByText(/Restored the model saved after step 50 of 50/).waitFor();
    await predict(page, '7, 8, 9, 10');
    await expect.poll(() => page.getByTestId('count-answer').textContent()).toBe('11');
    expect(await page.getByTestId('count-accuracy').textContent()).toMatch(/^\d+ of 732$/);

    // A finished model trains further: 5 more epochs at the schedule's last rate, kept over a reload.
    expect(await page.getByText(/goes on at that rate \(\s*0\.004\)/).count()).toBe(1);
    await page.getByRole('button', { name: 'Train 5 more epochs' }).click();
    await expect.poll(() => page.getByTestId('count-epoch').textContent(), { timeout: 60_000 }).toBe('30 of 30');
    expect(Number(await page.locator('figure.chart').first().getAttribute('data-points'))).toBe(30);
    await page.reload();
    await page.getByText(/Restored the model saved after step 60 of 60 \(epoch 30 of 30\)/).waitFor();

    // Reset asks first; "Keep it" (focused) and Escape keep the model.
    await page.getByRole('button', { name: 'Reset' }).click();
    expect(await page.getByRole('group', { name: 'Reset the model?' }).textContent()).toContain('deletes the trained model');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep it');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByRole('button', { name: 'Keep it' }).click();
    await predict(page, '7, 8, 9, 10');
    await expect.poll(() => page.getByTestId('count-answer').textContent()).toBe('11');
    await resetModel(page);
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    await page.reload();
    await page
      .getByTestId('backend-badge')
      .filter({ hasText: /WEBGL|WASM|CPU/ })
      .waitFor();
    await page.waitForTimeout(500);
    expect(await page.getByText(/Restored the model/).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("keeps a tab's model its own: another tab is offered it, and two tabs training the same lesson keep both", async () => {
    const first = await openLesson('#/counting?epochs=4');
    await first.page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => first.page.getByTestId('count-epoch').textContent(), { timeout: 60_000 }).toBe('4 of 4');
    // A second tab opens the same lesson: it starts without the first tab's model, and says one is there. It is a
    // duplicate of the first (the browser copies sessionStorage, the tab's id with it): it takes an id of its own.
    const tab = await first.page.evaluate(() => sessionStorage.getItem('tensor-tutor-tab'));
    expect(tab).toMatch(/^[0-9a-f-]{36}$/);
    const second = await openLesson('#/counting', (page) =>
      page.addInitScript((id) => {
        // Only as the tab opens (an init script runs again on every reload).
        if (sessionStorage.getItem('duplicated')) return;
        sessionStorage.setItem('duplicated', 'yes');
        sessionStorage.setItem('tensor-tutor-tab', id);
      }, tab!),
    );
    const offer = second.page.getByTestId('foreign-checkpoint');
    await offer
      .filter({ hasText: /A model of this lesson, saved on .* by another tab or an earlier visit, is stored in this browser\./ })
      .waitFor({ timeout: 30_000 });
    expect(await second.page.evaluate(() => sessionStorage.getItem('tensor-tutor-tab'))).not.toBe(tab);
    expect(await second.page.getByText(/Restored the model/).count()).toBe(0);
    expect(await second.page.getByLabel('Epochs').inputValue()).toBe('25');
    await offer.getByRole('button', { name: 'Restore it' }).click();
    await second.page.getByText(/Restored the model saved after step 8 of 8/).waitFor();
    expect(await offer.count()).toBe(0);
    // The second tab trains a model of its own (fewer steps), saved beside the first tab's, not over it.
    await resetModel(second.page);
    const epochs = second.page.getByLabel('Epochs');
    await epochs.click();
    await epochs.press('Control+A');
    await second.page.keyboard.type('2');
    await second.page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => second.page.getByTestId('count-epoch').textContent(), { timeout: 60_000 }).toBe('2 of 2');
    // Each tab's own model comes back silently on a reload: neither overwrote the other.
    await first.page.reload();
    await first.page.getByText(/Restored the model saved after step 8 of 8/).waitFor({ timeout: 30_000 });
    expect(await first.page.getByTestId('foreign-checkpoint').count()).toBe(0);
    await second.page.reload();
    await second.page.getByText(/Restored the model saved after step 4 of 4/).waitFor({ timeout: 30_000 });
    expect(await second.page.getByTestId('foreign-checkpoint').count()).toBe(0);
    await resetModel(second.page);
    await resetModel(first.page);
    expect([...first.errors, ...second.errors]).toEqual([]);
    await second.page.close();
    await first.page.close();
  });

  it('says in plain words why a damaged saved model was not brought back, holds nothing of it, and trains a new one in its place', async () => {
    const { page, errors } = await openLesson('#/counting?epochs=2');
    await expect.poll(() => workerTensors(page), { timeout: 10_000 }).not.toBeNaN();
    const empty = await workerTensors(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('count-epoch').textContent(), { timeout: 60_000 }).toBe('2 of 2');
    // A weight cut short fails half-way through building the model: said in plain words, and the weights made
    // before it are freed.
    await damageCheckpoint(page, 'weights');
    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: /The model saved in this browser was not brought back\./ });
    await alert.filter({ hasText: /It could not be read back: it is damaged/ }).waitFor({ timeout: 30_000 });
    expect(await page.getByText(/should have|values but has|Based on the provided shape/).count()).toBe(0);
    await expect.poll(() => workerTensors(page), { timeout: 10_000 }).toBe(empty);
    // A setting out of bounds (here on top of the damaged weight) is refused before anything is built.
    await damageCheckpoint(page, 'hidden');
    await page.reload();
    await alert.filter({ hasText: 'The setting “hidden” must be a whole number from 1 to 256, not 20000.' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => workerTensors(page), { timeout: 10_000 }).toBe(empty);
    // Train starts a new model, which takes the damaged one's place.
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('count-epoch').textContent(), { timeout: 60_000 }).toBe('2 of 2');
    expect(await alert.count()).toBe(0);
    await page.reload();
    await page.getByText(/Restored the model saved after step 4 of 4/).waitFor({ timeout: 30_000 });
    await resetModel(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says what a model will take in memory, and refuses one past the limit before building it, every control usable', async () => {
    const { page, errors } = await openLesson('#/counting');
    const note = page.getByTestId('memory-note');
    await note.filter({ hasText: /^Training this model takes at most about \d+ MB of memory \(the page allows 1,024 MB\)\.$/ }).waitFor();
    // Each value within its own bounds, together far too large: V 1,024, L 64, hidden 256, batch 900.
    await typeFields(page, [
      ['V (numbers 0…V−1)', '1024'],
      ['L (sequence length)', '64'],
      ['Hidden size', '256'],
      ['Batch', '900'],
    ]);
    const refusal = /^This model would take about [\d,]+ MB of memory to train; the page allows 1,024 MB\. Make the batch, L, V or the hidden size smaller\.$/;
    await note.filter({ hasText: refusal }).waitFor();
    expect(await note.getAttribute('role')).toBe('alert');
    // Train is refused by the worker too, at once, with the same words; nothing was built. (The heartbeat that says
    // what the worker holds comes every 2 s: on a busy machine the first has not come yet when the fields are typed.)
    await expect.poll(() => workerTensors(page), { timeout: 10_000 }).not.toBeNaN();
    const tensors = await workerTensors(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'This model would take about' }).nth(1).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    expect(await workerTensors(page)).toBe(tensors);
    // A smaller model fits, and trains.
    await typeFields(page, [
      ['L (sequence length)', '6'],
      ['Hidden size', '32'],
      ['Batch', '64'],
      ['Epochs', '1'],
    ]);
    await note.filter({ hasText: /^Training this model takes at most about/ }).waitFor();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('count-epoch').textContent(), { timeout: 60_000 }).toBe('1 of 1');
    await resetModel(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps its hyperparameters in the URL and refuses a batch larger than the data set', async () => {
    const { page, errors } = await openLesson('#/counting?epochs=3&seed=4&batch=200');
    expect(await page.getByLabel('Epochs').inputValue()).toBe('3');
    expect(await page.getByLabel('Seed').inputValue()).toBe('4');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /A batch of 200 is larger than the 122 sequences/ })
      .waitFor();
    // A typed value out of bounds is refused beside its field, keeping the last good one (typed key by key).
    const hidden = page.getByLabel('Hidden size', { exact: true });
    await hidden.click();
    await hidden.press('Control+A');
    await page.keyboard.type('20000');
    await page.getByText('Type a whole number from 1 to 256.').waitFor();
    expect(await hidden.getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).not.toContain('hidden=20000');
    await hidden.press('Control+A');
    await page.keyboard.type('32');
    expect(await page.getByText('Type a whole number from 1 to 256.').count()).toBe(0);
    await expect.poll(() => page.url()).not.toContain('hidden='); // back to the default
    await page.getByLabel('Batch', { exact: true }).fill('61');
    await expect.poll(() => page.url()).not.toContain('batch=200'); // 61 is the default, which the URL leaves out
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('count-epoch').textContent(), { timeout: 60_000 }).toBe('3 of 3');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility violations', async () => {
    const { page } = await openLesson();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });
});
