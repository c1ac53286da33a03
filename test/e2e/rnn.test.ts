import { describe, expect, it } from 'vitest';
import { openPage, seriousA11yViolations, typeOver, useBrowser } from './helpers';

const browser = useBrowser();

async function openLesson(route = '#/rnn') {
  const opened = await openPage(browser(), route);
  await opened.page.getByRole('heading', { level: 1, name: 'Recurrent neural networks' }).waitFor();
  return opened;
}

describe('Lesson 3: recurrent neural networks', () => {
  it('checks the hand-written RNN against tf.layers.simpleRNN live: fresh, continuation and batch within 1e-5', async () => {
    const { page, errors } = await openLesson();
    const table = page.getByTestId('rnn-check');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const cells = await rows.nth(i).locator('td').allTextContents();
      expect(Number(cells[2])).toBeLessThan(1e-5);
      expect(cells[3]).toBe('yes ✓');
    }
    expect(await rows.nth(2).locator('td').nth(1).textContent()).toBe('[5, 4, 3]');
    await page.getByRole('button', { name: 'Check again with new weights' }).click();
    await table.getByText('seed 2').waitFor();
    expect(await table.getByText('yes ✓').count()).toBe(3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('steps through the recurrence and shows h carried into a later call', async () => {
    const { page, errors } = await openLesson();
    await page.getByTestId('rnn-step').waitFor();
    expect(await page.getByTestId('rnn-step').textContent()).toBe('t = 1 of 5: “i”');
    // x_1 is one-hot over the five distinct words; h_0 is zeros.
    const grid = page.getByTestId('rnn-step-grid');
    expect(await grid.locator('table').first().locator('tbody td').allTextContents()).toEqual(['1.00', '0', '0', '0', '0']);
    const h1 = await page.getByTestId('rnn-h').locator('tbody td').allTextContents();
    expect(h1).toHaveLength(4);
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('button', { name: 'Next step' }).click();
    expect(await page.getByTestId('rnn-step').textContent()).toBe('t = 3 of 5: “my”');
    expect(await grid.locator('table').first().locator('tbody td').allTextContents()).toEqual(['0', '0', '1.00', '0', '0']);
    expect(await grid.getByRole('table', { name: 'h_2 (from step 2), shape 4' }).count()).toBe(1);
    expect(await page.getByTestId('rnn-carry').textContent()).toMatch(/Largest difference from one call over the whole sequence: 0\./);
    // The split between the two calls takes a whole number of words within the sentence, typed key by key.
    const split = page.getByLabel('First call reads this many words');
    for (const typed of ['0', '9', '1.5']) {
      await typeOver(split, typed);
      await page.getByText('Type a whole number from 1 to 5.').waitFor();
      expect(await split.getAttribute('aria-invalid')).toBe('true');
    }
    await typeOver(split, '2');
    await expect.poll(() => page.getByTestId('rnn-carry').textContent()).toMatch(/^The first call reads “i love” and returns/);
    await page.getByLabel('Hidden size').selectOption('6');
    await expect.poll(() => page.getByTestId('rnn-h').locator('tbody td').count()).toBe(6);
    expect(page.url()).toContain('hidden=6');
    // Too long a sequence is a message, not a crash.
    await page.getByLabel(/^Sequence \(each distinct word/).fill('one two three four five six seven eight nine ten eleven twelve thirteen');
    await page.getByText('That is 13 tokens; the step-through takes at most 12').waitFor();
    await page.getByLabel(/^Sequence \(each distinct word/).fill('');
    await page.getByText('Type a few words to run the RNN over.').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("turns the reader's sentence into repeated predictions and teacher-forcing pairs", async () => {
    const { page, errors } = await openLesson();
    await page.getByLabel('Sentence', { exact: true }).fill('I love my cute dog');
    const forcing = page.getByTestId('forcing-table').locator('tbody tr');
    await expect.poll(() => forcing.count()).toBe(4);
    expect(await forcing.nth(0).locator('td').allTextContents()).toEqual(['1', 'i', 'love']);
    expect(await forcing.nth(3).locator('td').allTextContents()).toEqual(['4', 'cute', 'dog']);
    await page.getByText('Inputs “i love my cute”, targets “love my cute dog”.').waitFor();
    expect(await page.getByTestId('chain-table').locator('tbody tr').count()).toBe(4);
    await page.getByLabel('Sentence', { exact: true }).fill('hello');
    expect(await page.getByText('Type at least two words').count()).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility violations', async () => {
    const { page } = await openLesson();
    await page.getByTestId('rnn-check').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });
});
