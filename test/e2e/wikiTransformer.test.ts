import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { PretrainedWiki } from '../../src/models/wikiTransformer';
import { WIKITEXT2_TRAIN_MIRRORS } from '../../src/text/corpora';
import { SHARED } from '../unit/reference';
import { FROZEN_MS, openPage, pickFile, resetModel, seriousA11yViolations, takeLongTasks, useBrowser } from './helpers';

const browser = useBrowser();
const wikitext = readFileSync(`${SHARED}data/wikitext-2/train.txt`);
const ready = JSON.parse(readFileSync('public/pretrained/wiki-transformer.json', 'utf8')) as PretrainedWiki;

/** Serves every WikiText-2 mirror from ../shared/data, or fails them as a network can. */
async function routeWikitext(context: BrowserContext, respond: 'file' | 'abort'): Promise<void> {
  await context.unroute('**/train.txt');
  await context.route('**/train.txt', async (route) => {
    if (!WIKITEXT2_TRAIN_MIRRORS.includes(route.request().url())) return route.continue();
    if (respond === 'abort') return route.abort('internetdisconnected');
    return route.fulfill({
      status: 200,
      body: wikitext,
      headers: { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' },
    });
  });
}

async function openLesson(route = '#/wiki-transformer'): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser(), route);
  await opened.page.getByRole('heading', { level: 1, name: 'A transformer trained on Wikipedia' }).waitFor();
  await opened.page
    .getByTestId('backend-badge')
    .filter({ hasText: /WEBGL|WASM|CPU/ })
    .waitFor();
  return opened;
}

/** A small model, so that the run takes seconds: 1 block of width 32, context 16, 150 steps. */
const SMALL = '#/wiki-transformer?layers=1&width=32&heads=2&ff=64&context=16&batch=8&steps=150&warmup=10&learningRate=0.005';

describe('Lesson 12: a transformer trained on Wikipedia', () => {
  it('says clearly when WikiText-2 cannot be downloaded or a file holds no text, and refuses a width the heads do not divide', async () => {
    await routeWikitext(browser(), 'abort');
    const { page, errors } = await openLesson('#/wiki-transformer?width=30&heads=4');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Could not download|network|connection/i })
      .waitFor({ timeout: 60_000 });
    await pickFile(page.getByLabel(/file of your own/i), { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await page.getByRole('alert').filter({ hasText: /empty/i }).waitFor({ timeout: 30_000 });
    await routeWikitext(browser(), 'file');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByTestId('wiki-tokens').filter({ hasText: '2,622,275' }).waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('wiki-vocab').textContent()).toBe('6,400');
    expect(await page.getByTestId('wiki-pipeline').textContent()).toContain('2,007,146 words');
    expect(await page.getByTestId('wiki-pipeline').textContent()).toContain('(2,360,047), the last 10 % to validate on (262,228)');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The width 30 does not split into 4 heads' }).waitFor();
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    expect(errors.filter((e) => !e.includes('net::ERR'))).toEqual([]);
    await page.close();
  }, 180_000);

  it('estimates, trains with validation points and samples streaming, writes, and keeps the model over a reload', async () => {
    await routeWikitext(browser(), 'file');
    const { page, errors } = await openLesson(SMALL);
    expect(await page.getByTestId('memory-note').textContent()).toMatch(/Training this model takes at most about \d+ MB/);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page
      .getByTestId('wiki-estimate')
      .filter({ hasText: /150 steps take about .* tokens\/s.*at this speed they would take/ })
      .waitFor({ timeout: 120_000 });
    await takeLongTasks(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('button', { name: 'Train 500 more steps' }).waitFor({ timeout: 180_000 });
    expect(Math.max(0, ...(await takeLongTasks(page)))).toBeLessThan(FROZEN_MS);
    const validation = Number(await page.getByTestId('wiki-validation').textContent());
    // It learnt something: well below a uniform guess over 6,400 tokens (8.76 nats), and the perplexity is its exponential.
    expect(validation).toBeLessThan(7.5);
    expect(Math.abs(Number(await page.getByTestId('wiki-perplexity').textContent()) - Math.exp(validation))).toBeLessThanOrEqual(1.5); // from the unrounded loss
    expect(await page.getByTestId('wiki-parameters').textContent()).toContain('1 blocks of width 32');
    // The sample starts with the prompt, its symbols joined and </w> printed as a space.
    const sample = (await page.getByTestId('wiki-sample').textContent()) ?? '';
    expect(sample.startsWith('The game was ')).toBe(true);
    expect(sample).not.toContain('</w>');
    // Two points (before and after) at least, on the chart and in its table.
    expect(Number(await page.locator('figure.chart[data-points]').getAttribute('data-points'))).toBe(150);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('Prompt').fill('In 1990 , the');
    await page.getByLabel('Tokens to write').fill('40');
    await page.getByRole('button', { name: 'Write', exact: true }).click();
    await page
      .getByTestId('wiki-writing')
      .filter({ hasText: /^In 1990, the / })
      .waitFor({ timeout: 60_000 });
    await page.getByLabel('Prompt').fill('   ');
    await page.getByRole('button', { name: 'Write', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Type a prompt of at least one word.' }).waitFor();

    await page.reload();
    await page.getByText(/Restored the model saved at step 150 \(trained on WikiText-2 \(train\)\)/).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('wiki-validation').textContent()).toBe(validation.toFixed(3));
    await page.getByLabel('Prompt').fill('The game was');
    await page.getByRole('button', { name: 'Write', exact: true }).click();
    await page
      .getByTestId('wiki-writing')
      .filter({ hasText: /^The game was / })
      .waitFor({ timeout: 60_000 });
    // Trained further after the reload: the text loads again, and 500 more steps follow the schedule's floor.
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByTestId('wiki-tokens').waitFor({ timeout: 90_000 });
    await resetModel(page);
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('opens the ready-trained model (its curve, its licence, its loss on the validation split), writes with it, trains it on, and Lesson 11 reads it', async () => {
    const last = ready.validation.at(-1)!;
    expect(last.loss).toBeLessThanOrEqual(5.0); // the bar for the shipped model, on the notebook's split
    expect(ready.config).toMatchObject({ width: 192, heads: 8, ff: 1024, layers: 4, context: 48 });
    expect(ready.vocab.length).toBe(6400);
    await routeWikitext(browser(), 'file');
    const { page, errors } = await openLesson();
    await page.getByRole('button', { name: 'Open the ready-trained model' }).click();
    await page.getByTestId('wiki-ready').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('wiki-ready').textContent()).toContain(`Its validation loss is ${last.loss.toFixed(3)}`);
    expect(await page.getByTestId('wiki-ready').textContent()).toContain('Creative Commons Attribution-ShareAlike 3.0');
    expect(await page.getByTestId('wiki-validation').textContent()).toBe(last.loss.toFixed(3));
    expect(await page.getByTestId('wiki-loss-meaning').textContent()).toContain(`spread evenly over all 6,400 scores 8.76 nats, perplexity 6,400`);
    expect(Number(await page.locator('figure.chart[data-points]').getAttribute('data-points'))).toBe(ready.points.length);
    await page.getByRole('button', { name: 'Write', exact: true }).click();
    await page.locator('[data-testid="wiki-writing"][aria-busy="false"]').waitFor({ timeout: 60_000 });
    const written = (await page.getByTestId('wiki-writing').textContent()) ?? '';
    expect(written.startsWith('The game was ')).toBe(true);
    expect(written.split(' ').length).toBeGreaterThan(20); // 60 tokens, most of them words
    expect(await seriousA11yViolations(page)).toEqual([]);
    // It trains on once WikiText-2 is loaded: its own rules cut the same tokens.
    await page.getByLabel('BPE rules').selectOption('model');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByTestId('wiki-tokens').filter({ hasText: '2,622,275' }).waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('wiki-pipeline').textContent()).toContain("The series' BPE of the model held: 6,034 merges");
    await page.getByRole('button', { name: 'Train 500 more steps' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 60_000 });
    await resetModel(page);

    // Lesson 11's inspector: the next-token table in its BPE symbols, and its attention.
    await page.goto(page.url().replace(/#.*$/, '#/gpt2'));
    await page.getByRole('button', { name: /Open Project II's transformer/ }).click();
    await page.getByTestId('gpt2-loaded').filter({ hasText: "Project II's transformer (Lesson 12, 6,400 BPE tokens)" }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('gpt2-loaded').textContent()).toContain('4,637,696 parameters, 4 blocks of 8 heads');
    await page.getByLabel('Prompt', { exact: true }).fill('The game was released in');
    await expect.poll(async () => page.getByTestId('gpt2-next').locator('tbody tr').count(), { timeout: 60_000 }).toBe(20);
    // Its four blocks' attention and logit lens; the lens after the last block is the model's own prediction.
    await expect.poll(async () => page.getByTestId('gpt2-lens').locator('tbody tr').count(), { timeout: 60_000 }).toBe(4);
    expect(await page.getByTestId('gpt2-attention').locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
    await page.getByLabel('Your turn').fill('hello');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('alert').filter({ hasText: 'A conversation needs GPT-2’s tokens' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
