import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PROJECT_II } from '../../src/lessons/bpe/meta';
import { WIKITEXT2_TRAIN_MIRRORS } from '../../src/text/corpora';
import { SHARED } from '../unit/reference';
import { openPage, pickFile, resetModel, seriousA11yViolations, typeOver, useBrowser } from './helpers';

const browser = useBrowser();
const wikitext = readFileSync(`${SHARED}data/wikitext-2/train.txt`);

/** Serves every WikiText-2 mirror from ../shared/data, the whole file as published. */
async function routeWikitext(context: BrowserContext): Promise<void> {
  await context.unroute('**/train.txt');
  await context.route('**/train.txt', async (route) => {
    if (!WIKITEXT2_TRAIN_MIRRORS.includes(route.request().url())) return route.continue();
    return route.fulfill({
      status: 200,
      body: wikitext,
      headers: { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' },
    });
  });
}

async function openLesson(route = '#/bpe'): Promise<{ page: Page; errors: string[] }> {
  await routeWikitext(browser());
  const opened = await openPage(browser(), route);
  await opened.page.getByRole('heading', { level: 1, name: 'Subword tokens: byte-pair encoding' }).waitFor();
  return opened;
}

const figure = async (page: Page, row: string) =>
  (await page
    .getByTestId('bpe-learned')
    .getByRole('row', { name: new RegExp(`^${row} [\\d–]`) })
    .textContent()) ?? '';

describe('Lesson 10: subword tokens', () => {
  it('learns the Project II vocabulary on WikiText-2 in the worker, as the notebook did, re-cutting the sentence as it grows, and keeps it over a reload', async () => {
    const { page, errors } = await openLesson();
    await typeOver(page.getByLabel('A sentence to cut as the vocabulary grows'), 'The transformer tokenization');
    await page.getByRole('button', { name: 'Learn' }).click();
    await page.getByTestId('bpe-corpus').waitFor();
    expect(await page.getByTestId('bpe-corpus').textContent()).toContain(
      `${PROJECT_II.words.toLocaleString('en')} words, ${PROJECT_II.distinctWords.toLocaleString('en')} of them different`,
    );
    // The merges stream in while it learns: the first is t + h, the most frequent pair of English.
    await page.getByTestId('bpe-merges').waitFor();
    await page.getByTestId('bpe-learned').waitFor({ timeout: 60_000 });
    expect(await figure(page, 'merges')).toBe(`merges${PROJECT_II.merges.toLocaleString('en')}${PROJECT_II.merges.toLocaleString('en')}`);
    expect(await figure(page, 'vocabulary')).toBe(`vocabulary${PROJECT_II.vocab.toLocaleString('en')}${PROJECT_II.vocab.toLocaleString('en')}`);
    expect(await figure(page, 'tokens')).toContain(`${PROJECT_II.tokens.toLocaleString('en')}${PROJECT_II.tokens.toLocaleString('en')}`);
    expect(await figure(page, 'training / validation \\(90/10\\)')).toContain('2,360,047 / 262,228');
    const sentence = await page.getByTestId('bpe-sentence-tokens').getByRole('listitem').allTextContents();
    expect(sentence).toEqual(['The_', 'trans', 'former_', 'to', 'k', 'en', 'i', 'zation_']);
    expect(Number(await page.locator('figure.chart[data-points]').getAttribute('data-points'))).toBe(PROJECT_II.merges);
    // A reload keeps the vocabulary: it cuts the comparison text at once.
    await page.reload();
    await page.getByText(/Restored the vocabulary learned on WikiText-2/).waitFor();
    expect(await figure(page, 'vocabulary')).toContain(PROJECT_II.vocab.toLocaleString('en'));
    await page.getByTestId('compare').getByText("The series' BPE (6,400 symbols)").waitFor();
    expect(errors).toEqual([]);
    await resetModel(page);
    await page.close();
  }, 120_000);

  it('stops when asked between merges, goes on with Resume, and steps one merge at a time', async () => {
    const { page, errors } = await openLesson('#/bpe?merges=50000&align=no');
    await page.getByRole('button', { name: 'Learn' }).click();
    await page.getByTestId('bpe-merges').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    const stoppedAt = await figure(page, 'merges');
    const made = Number(stoppedAt.replace(/\D/g, ''));
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThan(50_000);
    expect(await page.getByTestId('bpe-learned').textContent()).toContain('stopped; 50,000 planned');
    await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(() => figure(page, 'merges')).toBe(`merges${(made + 1).toLocaleString('en')}`);
    expect(errors).toEqual([]);
    await resetModel(page);
    await page.close();
  }, 120_000);

  it('reads text as GPT-2 does: tiktoken’s anchors, <|endoftext|> only when allowed, and four tokenizers side by side', async () => {
    const { page, errors } = await openLesson();
    await page.getByRole('button', { name: /Load GPT-2's vocabulary/ }).click();
    await page.getByTestId('gpt2-loaded').waitFor();
    await typeOver(page.getByLabel("Text for GPT-2's tokenizer"), 'hello world');
    await expect.poll(async () => page.getByTestId('gpt2-tokens').getByRole('listitem').allTextContents()).toEqual(['hello31373', '␣world995']);
    await typeOver(page.getByLabel("Text for GPT-2's tokenizer"), 'This is a short test');
    await expect
      .poll(async () => (await page.getByTestId('gpt2-tokens').getByRole('listitem').allTextContents()).map((t) => Number(t.replace(/^\D+/, ''))))
      .toEqual([1212, 318, 257, 1790, 1332]);
    await typeOver(page.getByLabel("Text for GPT-2's tokenizer"), 'a<|endoftext|>b 🙂');
    await expect.poll(async () => page.getByTestId('gpt2-tokens').textContent()).not.toContain('50256');
    expect(await page.getByTestId('gpt2-tokens').textContent()).toContain('decoding them gives the text back exactly');
    await page.getByLabel(/as the special token 50256/).check();
    await expect.poll(async () => page.getByTestId('gpt2-tokens').textContent()).toContain('50256');
    // Side by side: no corpus yet, so words have no vocabulary; GPT-2 reads everything.
    await typeOver(page.getByLabel('Text to compare'), 'Zwiebelkuchen is delicious');
    const compare = page.getByTestId('compare');
    await expect.poll(async () => compare.textContent()).toContain('GPT-2 (50,257 tokens) · ');
    expect(await compare.textContent()).toContain('Learn a vocabulary above to see its cut here.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('answers bad input in words: an empty file, a binary file, 50 MB of text, merges past the bound', async () => {
    const { page, errors } = await openLesson();
    const picker = page.getByLabel('Or a text file of your own');
    await pickFile(picker, { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
    await page.getByRole('alert').filter({ hasText: '“empty.txt” is empty: there is no text to read.' }).waitFor();
    await pickFile(picker, { name: 'image.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]) });
    await page.getByRole('alert').filter({ hasText: '“image.png” looks like a binary file' }).waitFor();
    // 50 MB goes through a file on disk (Playwright hands over at most 50 MB in memory).
    const huge = join(mkdtempSync(join(tmpdir(), 'bpe-')), 'huge.txt');
    writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 'word '));
    await pickFile(picker, huge);
    await page.getByRole('alert').filter({ hasText: '“huge.txt” is 50.0 MB; this lesson learns on at most 32.0 MB of text' }).waitFor();
    const merges = page.getByLabel('Merges');
    await typeOver(merges, '60000');
    await page.getByText('Type a whole number from 1 to 50000.').waitFor();
    expect(page.url()).not.toContain('merges=60000');
    // A small file of the reader's own learns, and the controls are usable again.
    await pickFile(picker, { name: 'mine.txt', mimeType: 'text/plain', buffer: Buffer.from('low lower newest widest '.repeat(50)) });
    await page.getByTestId('bpe-corpus').filter({ hasText: 'mine.txt has 200 words, 4 of them different' }).waitFor();
    await typeOver(merges, '3');
    await page.getByLabel('Round the vocabulary up to a multiple of 64').selectOption('no');
    await page.getByRole('button', { name: 'Learn' }).click();
    await page.getByTestId('bpe-learned').waitFor();
    const rows = await page.getByTestId('bpe-merges').locator('tbody tr').allTextContents();
    expect(rows).toEqual(['3l + o100lo', '2s + t_100st_', '1w + e100we']);
    expect(errors).toEqual([]);
    await resetModel(page);
    await page.close();
  }, 120_000);
});
