import { describe, expect, it } from 'vitest';
import { openPage, seriousA11yViolations, typeOver, useBrowser } from './helpers';

const browser = useBrowser();

describe('Lesson 8: self-attention and the transformer block', () => {
  it('steps through one block on the reader sentence: shapes, the causal mask, heads, and the URL keeps it', async () => {
    const { page, errors } = await openPage(browser(), '#/transformer');
    await page.getByRole('heading', { level: 1, name: 'Self-attention and the transformer block' }).waitFor();
    await page.getByTestId('block-out').waitFor({ timeout: 60_000 });
    // The default sentence: 12 tokens, width 8, 2 heads of 4, causal.
    expect(await page.locator('figure:has([data-testid="block-x"]) figcaption').textContent()).toContain('[12 × 8]');
    expect(await page.locator('figure:has([data-testid="block-q"]) figcaption').textContent()).toContain('[12 × 4]');
    const weights = page.getByTestId('block-weights');
    expect(await weights.locator('tbody tr').count()).toBe(12);
    // Causal: the first token sees only itself (weight 1), nothing after it.
    const firstRow = await weights.locator('tbody tr').first().locator('td').allTextContents();
    expect(firstRow[0]).toBe('1.00');
    expect(firstRow.slice(1).every((v) => v === '0')).toBe(true);
    expect(await page.getByText('Masked scores, head 1').count()).toBe(1);
    const check = (await page.getByTestId('block-check').textContent())!.match(/differs by at most (\d\.\de[-+]\d+)/);
    expect(Number(check?.[1])).toBeLessThan(1e-5);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The reader's sentence, head 2, no mask, 4 heads: every choice redraws and goes into the URL.
    await page.getByLabel('Sentence', { exact: true }).fill('Attention is all you need.');
    await expect.poll(() => page.getByTestId('block-weights').locator('tbody tr').count()).toBe(6);
    await page.getByLabel('Mask', { exact: true }).selectOption('none');
    await expect.poll(() => page.getByText('Masked scores, head 1').count()).toBe(0);
    await expect
      .poll(async () => (await page.getByTestId('block-weights').locator('tbody tr').first().locator('td').allTextContents()).filter((v) => v !== '0').length)
      .toBeGreaterThan(1);
    await page.getByLabel('Heads H', { exact: true }).selectOption('4');
    await expect.poll(() => page.locator('figure:has([data-testid="block-q"]) figcaption').textContent()).toContain('[6 × 2]');
    await page.getByRole('radio', { name: '3' }).check();
    await expect.poll(() => page.locator('figure:has([data-testid="block-q"]) figcaption').textContent()).toContain('Q, head 3');
    const url = page.url();
    expect(url).toContain('mask=none');
    expect(url).toContain('heads=4');
    await page.reload();
    await page.getByTestId('block-out').waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Sentence', { exact: true }).inputValue()).toBe('Attention is all you need.');
    expect(await page.getByTestId('block-weights').locator('tbody tr').count()).toBe(6);

    // A seed typed out of bounds is refused beside its field; the block keeps the last good one.
    const seed = page.getByLabel('Seed of the weights');
    for (const typed of ['-1', '2.5', '99999999999', '']) {
      await typeOver(seed, typed);
      await page.getByText('Type a whole number from 0 to 2147483647.').waitFor();
      expect(await seed.getAttribute('aria-invalid')).toBe('true');
      expect(page.url()).not.toMatch(/seed=(-1|2\.5|99999999999)/);
    }
    await typeOver(seed, '7');
    await expect.poll(() => page.url()).toContain('seed=7');
    expect(await page.getByText('Type a whole number from 0 to 2147483647.').count()).toBe(0);

    // Bad input: an empty sentence, a too long one.
    await page.getByLabel('Sentence', { exact: true }).fill('   ');
    await page.getByRole('alert').filter({ hasText: 'Type a sentence' }).waitFor();
    expect(await page.getByTestId('block-out').count()).toBe(0);
    await page.getByLabel('Sentence', { exact: true }).fill(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '));
    await page.getByRole('alert').filter({ hasText: 'That is 20 tokens; the step-through shows at most 16' }).waitFor();
    expect(await page.getByLabel('Sentence', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(errors).toEqual([]);
    await page.close();
  });
});
