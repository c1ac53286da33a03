import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../unit/reference';
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
    // A long sentence is not refused: 20 tokens all show (the maps scroll inside their box), 60 show their first 48.
    await page.getByLabel('Sentence', { exact: true }).fill(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '));
    await expect.poll(() => page.getByTestId('block-weights').locator('tbody tr').count()).toBe(20);
    const box = await page.locator('.table-scroll:has([data-testid="block-weights"])').evaluate((e) => ({ overflow: getComputedStyle(e).overflowX }));
    expect(box.overflow).toBe('auto');
    await page.getByLabel('Sentence', { exact: true }).fill(Array.from({ length: 60 }, (_, i) => `w${i}`).join(' '));
    await expect.poll(() => page.getByTestId('block-weights').locator('tbody tr').count()).toBe(48);
    await page.getByText('(the first 48 of 60: the rest are left out)', { exact: false }).waitFor();
    expect(await page.getByLabel('Sentence', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("steps through a trained model's blocks: Project II's ready-trained transformer and a tiny GPT from Lesson 9, one colour scale per stage", async () => {
    const { page, errors } = await openPage(browser(), '#/transformer');
    await page.getByTestId('block-out').waitFor({ timeout: 60_000 });
    await page.getByLabel('Weights', { exact: true }).selectOption('ready');
    const message = page.locator('#block-sentence-message');
    await expect.poll(() => message.textContent(), { timeout: 60_000 }).toContain("Weights: Project II's ready-trained transformer");
    await page.getByTestId('block-out').waitFor();
    // Its own BPE tokens (the default sentence's 12 words are 18 tokens: 'sat' is not in its 6,400), width 192 shown in part, 8 heads of 24.
    expect(await message.textContent()).toContain('18 tokens of its own: the_ · king_ · s · at_ · on_');
    expect(await message.textContent()).toContain('block 1 of 4, trained');
    expect(await page.locator('figure:has([data-testid="block-x"]) figcaption').textContent()).toMatch(/its first 128 of 192 columns\) \[18 × 128\]/);
    expect(await page.locator('figure:has([data-testid="block-q"]) figcaption').textContent()).toContain('[18 × 24]');
    expect(await page.getByText('h = LN₁(x + attention)', { exact: false }).count()).toBe(1);
    expect(await page.getByText("ReLU(h W₁ᵀ + b₁): the MLP's hidden layer, 1,024 wide", { exact: false }).count()).toBe(1);
    const check = (await page.getByTestId('block-check').textContent())!.match(/differs by at most (\d\.\de[-+]\d+)/);
    expect(Number(check?.[1])).toBeLessThan(1e-4);
    // The mask is the model's own: causal, the first row all on the first token.
    const weights = page.getByTestId('block-weights');
    expect((await weights.locator('tbody tr').first().locator('td').allTextContents()).slice(0, 2)).toEqual(['1.00', '0']);
    expect(await page.getByLabel('Mask', { exact: true }).count()).toBe(0);
    // One colour scale for a stage: the scale under Q is the same whichever head is shown.
    const scaleOf = () => page.locator('figure:has([data-testid="block-q"]) [data-testid="colour-scale"]').textContent();
    const first = await scaleOf();
    await page.getByRole('radio', { name: '5' }).check();
    await expect.poll(() => page.locator('figure:has([data-testid="block-q"]) figcaption').textContent()).toContain('Q, head 5');
    expect(await scaleOf()).toBe(first);
    // Block 3 reads block 2's output; the choice goes into the URL.
    await page.getByLabel('Block', { exact: true }).selectOption('3');
    await expect.poll(() => page.locator('figure:has([data-testid="block-x"]) figcaption').textContent()).toContain('x = the output of block 2');
    expect(page.url()).toContain('weights=ready');
    expect(page.url()).toContain('layer=3');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A tiny GPT as Lesson 9 exports it: characters for tokens, pre-LN, GELU.
    await page.getByLabel('Weights', { exact: true }).selectOption('tiny');
    await page.getByText('Use the tiny GPT you trained in Lesson 9 (saved in this browser), or open a file it exported.').waitFor();
    expect(await page.getByTestId('block-out').count()).toBe(0);
    // None trained in this browser yet: said in words.
    await page.getByRole('button', { name: 'Use the tiny GPT you trained in Lesson 9' }).click();
    await page.getByRole('alert').filter({ hasText: 'No tiny GPT trained in Lesson 9 is saved in this browser' }).waitFor();
    const D = 16;
    const L = 2;
    const vocabulary = [...' abcdefghijklmnopqrstuvwxyz'];
    const gauss = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + n) * 0.1);
    const block = [[3 * D, D], [3 * D], [D, D], [D], [4 * D, D], [4 * D], [D, 4 * D], [D], [D], [D], [D], [D]];
    const shapes = [[vocabulary.length, D], [32, D], ...Array.from({ length: L }, () => block).flat(), [D], [D], [vocabulary.length, D]];
    const exported = {
      model: 'tensor-tutor tiny GPT (Lesson 9)',
      config: { width: D, heads: 4, layers: L, context: 32 },
      vocabulary,
      weights: shapes.map((shape) => ({ shape, values: gauss(shape.reduce((a, b) => a * b, 1)) })),
    };
    const input = page.getByLabel('Or open a tiny GPT exported from Lesson 9', { exact: false });
    await input.setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await expect.poll(() => message.textContent(), { timeout: 30_000 }).toContain('your tiny GPT from Lesson 9 (“mine.json”, 27 characters)');
    await page.getByTestId('block-out').waitFor();
    // "the king sat on his throne and the queen sat on hers": 52 characters, the model's context of 32 shown.
    expect(await message.textContent()).toContain('t · h · e · ␣ · k');
    expect(await message.textContent()).toContain('(20 more left out: it shows at most 32)');
    expect(await page.locator('figure:has([data-testid="block-x"]) figcaption').textContent()).toContain('[32 × 16]');
    expect(await page.getByText("GELU(LN₂(h) W₁ᵀ + b₁): the MLP's hidden layer, 64 wide", { exact: false }).count()).toBe(1);
    // A file that is not one is refused in words, and the model opened stays.
    await input.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await page.getByRole('alert').filter({ hasText: '“notes.json” is not a tiny GPT exported from Lesson 9' }).waitFor();
    await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) });
    await page.getByRole('alert').filter({ hasText: "“photo.png” is not a tiny GPT's export: it does not read as JSON." }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the tiny GPT the reader trained in Lesson 9, from this browser, with no file', async () => {
    const book = readFileSync(`${SHARED}data/tinyshakespeare/input.txt`);
    await browser().route('**/input.txt', (route) =>
      route.fulfill({ status: 200, body: book, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Access-Control-Allow-Origin': '*' } }),
    );
    const { page, errors } = await openPage(browser(), '#/gpt?layers=2&width=32&heads=4&context=32&batch=8&steps=30&warmup=5');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('button', { name: 'Train 500 more steps' }).waitFor({ timeout: 180_000 });
    await page.goto(page.url().replace(/#\/.*$/, '#/transformer?weights=tiny&layer=2'));
    await page.getByRole('button', { name: 'Use the tiny GPT you trained in Lesson 9' }).click();
    const message = page.locator('#block-sentence-message');
    await expect
      .poll(() => message.textContent(), { timeout: 60_000 })
      .toContain('the tiny GPT you trained in Lesson 9 (on Tiny Shakespeare, step 30, 65 characters), block 2 of 2');
    await page.getByTestId('block-out').waitFor();
    expect(await page.locator('figure:has([data-testid="block-x"]) figcaption').textContent()).toContain('[32 × 32]');
    expect(await page.locator('figure:has([data-testid="block-q"]) figcaption').textContent()).toContain('[32 × 8]');
    expect(errors).toEqual([]);
    await page.close();
  });
});
