import { readFileSync } from 'node:fs';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hubUrl, MODELS } from '../../src/lessons/gpt2/meta';
import { openPage, seriousA11yViolations, typeOver, useBrowser } from './helpers';

const browser = useBrowser();
const fixture = (name: string, file: string) => readFileSync(new URL(`../fixtures/gpt2/${name}/${file}`, import.meta.url));
const expected = JSON.parse(fixture('tiny-a', 'expected.json').toString('utf8'));
/** The fixture's prompt ids are GPT-2's tokens of this sentence. */
const PROMPT = 'The quick brown fox jumps over the lazy dog.';

type Respond = 'tiny' | 'hang' | 'offline';

/**
 * Hugging Face's addresses answered here: DialoGPT's files by the tiny GPT-2 "tiny-a" (PyTorch's values in its
 * expected.json); GPT-2's by "tiny-b", which is not the published file (its size and SHA-256 are checked).
 */
async function routeHub(context: BrowserContext, respond: Respond): Promise<void> {
  await context.unroute('https://huggingface.co/**');
  await context.route('https://huggingface.co/**', async (route: Route) => {
    const url = route.request().url();
    if (respond === 'offline') return route.abort('internetdisconnected');
    const headers = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };
    const name = url.startsWith(hubUrl(MODELS['dialogpt-small'], '')) ? 'tiny-a' : 'tiny-b';
    if (url.endsWith('config.json'))
      return route.fulfill({ status: 200, body: fixture(name, 'config.json'), headers: { ...headers, 'Content-Type': 'application/json' } });
    if (respond === 'hang') return; // never answers: the page's Cancel ends it
    return route.fulfill({ status: 200, body: fixture(name, 'model.safetensors'), headers: { ...headers, 'Content-Type': 'application/octet-stream' } });
  });
}

async function openLesson(respond: Respond, route = '#/gpt2?model=dialogpt-small'): Promise<{ page: Page; errors: string[] }> {
  await routeHub(browser(), respond);
  const opened = await openPage(browser(), route);
  await opened.page.getByRole('heading', { level: 1, name: 'A pretrained GPT-2 in the page' }).waitFor();
  return opened;
}

describe('Lesson 11: a pretrained GPT-2', () => {
  it('says what the model weighs, downloads it when asked, and reads it as PyTorch does: next tokens, greedy writing, attention, the lens, a chat', async () => {
    const { page, errors } = await openLesson('tiny');
    expect(await page.getByTestId('gpt2-cost').textContent()).toMatch(/Its weights are 351 MB .* takes about [\d,]+ MB of memory to run/);
    await page.getByRole('button', { name: 'Download DialoGPT (small) (351 MB)' }).click();
    await page.getByTestId('gpt2-loaded').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('gpt2-loaded').textContent()).toContain('downloaded and loaded');
    await typeOver(page.getByLabel('Prompt', { exact: true }), PROMPT);
    // The next token: PyTorch's most likely, with its probability.
    const rows = page.getByTestId('gpt2-next').locator('tbody tr');
    await expect.poll(async () => rows.count()).toBe(20);
    await expect.poll(async () => (await rows.first().locator('td').nth(1).textContent()) ?? '').toBe(String(expected.top[9][0]));
    const probability = Math.exp(expected.topLogits[9][0] - expected.logsumexp[9]);
    expect(await rows.first().locator('td').nth(2).textContent()).toBe(`${(100 * probability).toFixed(probability < 0.001 ? 3 : 1)}%`);
    // Greedy writing gives PyTorch's continuation.
    await page.getByLabel('Pick', { exact: true }).selectOption('greedy');
    await typeOver(page.getByLabel('Tokens', { exact: true }), String(expected.greedy.length));
    await page.getByRole('button', { name: 'Write', exact: true }).click();
    await page
      .getByTestId('gpt2-written')
      .getByText(/tokens; the first after/)
      .waitFor();
    const ids = await page
      .getByTestId('gpt2-written')
      .locator('.token-box')
      .evaluateAll((boxes) => boxes.map((b) => Number(b.getAttribute('title')?.slice(3))));
    expect(ids).toEqual(expected.greedy);
    // Attention and the logit lens of the two blocks.
    await page.getByTestId('gpt2-attention').waitFor();
    await expect.poll(async () => page.getByTestId('gpt2-lens').locator('tbody tr').count()).toBe(2);
    // A conversation: the reply streams in, and the conversation stays in the cache.
    await page.getByLabel('Your turn').fill('Hello there, how are you?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/The conversation is \d+ tokens, all in the model's cache/).waitFor();
    expect(await page.getByTestId('gpt2-chat').locator('li').count()).toBe(2);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('loads a model kept in the browser without the network, and says so when one cannot be had offline', async () => {
    const { page, errors } = await openLesson('tiny');
    await page.getByRole('button', { name: /DialoGPT/ }).click();
    await page.getByTestId('gpt2-loaded').waitFor({ timeout: 60_000 });
    await routeHub(browser(), 'offline');
    await page.reload();
    await page.getByRole('button', { name: 'Load DialoGPT (small) from this browser' }).click();
    await page.getByTestId('gpt2-loaded').filter({ hasText: 'read from this browser’s cache' }).waitFor({ timeout: 60_000 });
    await page.getByLabel('Pretrained model').selectOption('gpt2');
    await page.getByRole('button', { name: 'Download GPT-2 (124 M) (548 MB)' }).click();
    await page.getByRole('alert').filter({ hasText: 'Could not reach https://huggingface.co/openai-community/gpt2/resolve/' }).waitFor();
    // The rest of the site does not depend on it.
    await page.goto(page.url().replace(/#\/.*$/, '#/tokens'));
    await page.getByRole('heading', { level: 1, name: 'Tokens and vocabularies' }).waitFor();
    expect(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await page.close();
  }, 120_000);

  it('Cancel ends a download, and a file that is not the published GPT-2 is refused', async () => {
    const { page } = await openLesson('hang', '#/gpt2');
    await page.getByRole('button', { name: 'Download GPT-2 (124 M) (548 MB)' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alert').filter({ hasText: 'The download was cancelled.' }).waitFor();
    await routeHub(browser(), 'tiny');
    await page.getByRole('button', { name: 'Download GPT-2 (124 M) (548 MB)' }).click();
    await page.getByRole('alert').filter({ hasText: 'huggingface.co did not send the expected file: 808,312 bytes where the file has 548,105,171' }).waitFor();
    expect(await page.getByTestId('gpt2-loaded').count()).toBe(0);
    await page.close();
  }, 120_000);

  it('opens the tiny GPT exported from Lesson 9 beside GPT-2: its characters as tokens, and no chat', async () => {
    const { page, errors } = await openLesson('offline');
    const [V, T, D] = [5, 8, 8];
    const shapes = [[V, D], [T, D], [3 * D, D], [3 * D], [D, D], [D], [4 * D, D], [4 * D], [D, 4 * D], [D], [D], [D], [D], [D], [D], [D], [V, D]];
    let seed = 3;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648 - 0.5;
    };
    const file = {
      model: 'tensor-tutor tiny GPT (Lesson 9)',
      config: { width: D, heads: 2, layers: 1, context: T },
      vocabulary: ['a', 'b', 'c', 'd', ' '],
      weights: shapes.map((shape) => ({ shape, values: Array.from({ length: shape.reduce((x, y) => x * y, 1) }, random) })),
    };
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByLabel(/Or open the tiny GPT you trained in Lesson 9/).click()]);
    await chooser.setFiles({ name: 'tiny-gpt.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByTestId('gpt2-loaded').filter({ hasText: "Lesson 9's tiny GPT, 5 characters" }).waitFor();
    await typeOver(page.getByLabel('Prompt', { exact: true }), 'abc d');
    await expect.poll(async () => page.getByTestId('gpt2-next').locator('tbody tr').count()).toBe(5);
    await page.getByLabel('Your turn').fill('hello');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('alert').filter({ hasText: 'A conversation needs GPT-2’s tokens' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
