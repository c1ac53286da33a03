import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { WAR_AND_PEACE_MIRRORS } from '../../src/text/corpora';
import { SHARED } from '../unit/reference';
import { asksBeforeLeaving, FROZEN_MS, openPage, pickFile, resetModel, seriousA11yViolations, takeLongTasks, typeFields, useBrowser } from './helpers';

const browser = useBrowser();
const book = readFileSync(`${SHARED}data/war-and-peace/2600-0.txt`);

/** Serves War and Peace's public addresses from ../shared/data, or fails them as a network can. */
async function routeBook(context: BrowserContext, respond: 'book' | 'abort'): Promise<void> {
  await context.unroute('**/*2600*');
  await context.route('**/*2600*', (route) => {
    if (!WAR_AND_PEACE_MIRRORS.includes(route.request().url())) return route.continue();
    if (respond === 'abort') return route.abort('internetdisconnected');
    return route.fulfill({
      status: 200,
      body: book,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' },
    });
  });
}

async function openLesson(route = '#/char-lstm'): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser(), route);
  await opened.page.getByRole('heading', { level: 1, name: 'A character-level LSTM' }).waitFor();
  await opened.page
    .getByTestId('backend-badge')
    .filter({ hasText: /WEBGL|WASM|CPU/ })
    .waitFor();
  return opened;
}

describe('Lesson 6: a character-level LSTM', () => {
  it('says clearly when War and Peace cannot be downloaded', async () => {
    await routeBook(browser(), 'abort');
    const { page, errors } = await openLesson();
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /Could not download War and Peace from any of its 2 addresses/ })
      .waitFor({ timeout: 30_000 });
    expect(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
    await page.close();
  });

  it('refuses an address that sends something else, caches only the verified book, and replaces a bad cached copy', async () => {
    const [first, second] = WAR_AND_PEACE_MIRRORS;
    const context = browser();
    await context.unroute('**/*2600*');
    await context.route('**/*2600*', (route) => {
      const url = route.request().url();
      if (url === first)
        return route.fulfill({
          status: 200,
          body: '<html><body>Rate limit exceeded</body></html>',
          headers: { 'Content-Type': 'text/html', 'Access-Control-Allow-Origin': '*' },
        });
      if (url === second)
        return route.fulfill({ status: 200, body: book, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Access-Control-Allow-Origin': '*' } });
      return route.continue();
    });
    const { page, errors } = await openLesson();
    const cached = (url: string) =>
      page.evaluate(async (u) => {
        const hit = await (await caches.open('tensor-tutor-data-v1')).match(u);
        return hit ? (await hit.arrayBuffer()).byteLength : 0;
      }, url);
    // A bad copy already in the cache (an older site version could have stored one) is checked too.
    await page.evaluate(async (u) => (await caches.open('tensor-tutor-data-v1')).put(u, new Response('junk')), second);
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByTestId('char-book').waitFor({ timeout: 60_000 });
    expect(await page.locator('pre.sample').first().textContent()).toMatch(/The Project Gutenberg|WAR AND PEACE|BOOK ONE/);
    expect(await page.getByText('(from this browser’s cache)').count()).toBe(0);
    expect(await cached(first)).toBe(0);
    expect(await cached(second)).toBe(book.length);
    // The next visit reads the verified copy from the cache.
    await page.reload();
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByText(/from this browser’s cache/).waitFor({ timeout: 60_000 });
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    await page.evaluate(() => caches.delete('tensor-tutor-data-v1'));
    await page.close();
    await routeBook(context, 'book');
  });

  it("loads the site's own Moby-Dick, and says why a tiny or binary file will not do", async () => {
    const { page, errors } = await openLesson();
    await page.getByLabel('Book', { exact: true }).selectOption('moby-dick');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByTestId('char-book').waitFor({ timeout: 30_000 });
    const chars = Number(/characters\s*([\d,]+)/.exec((await page.getByTestId('char-book').textContent())!)![1].replace(/,/g, ''));
    expect(chars).toBeGreaterThan(1_000_000);
    expect(await page.locator('pre.sample').first().textContent()).toMatch(/^CHAPTER 1\. Loomings\./);
    await pickFile(page.getByLabel('Or a text file of your own'), { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('Call me Ishmael.') });
    await page
      .getByRole('alert')
      .filter({ hasText: /note\.txt has 16 characters: too few to train on/ })
      .waitFor();
    await pickFile(page.getByLabel('Or a text file of your own'), {
      name: 'picture.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0]),
    });
    await page
      .getByRole('alert')
      .filter({ hasText: /picture\.png/ })
      .waitFor();
    // A text in thousands of different characters (Chinese, say) would make the first and last layers huge: refused,
    // with the limit said, and the picker still works (each pick is a real click on it).
    const ideographs = Array.from({ length: 1_200 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    await pickFile(page.getByLabel('Or a text file of your own'), { name: 'hanzi.txt', mimeType: 'text/plain', buffer: Buffer.from(ideographs.repeat(20)) });
    await page
      .getByRole('alert')
      .filter({ hasText: 'hanzi.txt has 1,200 different characters; a character model here takes at most 1,000' })
      .waitFor({ timeout: 30_000 });
    // What was loaded before is kept, and the book menu and Load work again.
    expect(await page.locator('pre.sample').first().textContent()).toMatch(/^CHAPTER 1\. Loomings\./);
    expect(await page.getByLabel('Book', { exact: true }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Load', exact: true }).isEnabled()).toBe(true);

    // The largest settings each field takes are far too large together (about 14 GB): said before Train, and Train
    // is refused at once (it used to build the model and hang the worker), with every control usable.
    await typeFields(page, [
      ['LSTM width', '512'],
      ['LSTM layers', '4'],
      ['Window (characters)', '256'],
      ['Batch', '1024'],
    ]);
    const tooLarge =
      /This model would take about [\d,]+ MB of memory to train; the page allows 1,024 MB\. Make the batch, the window, the LSTM width or the number of layers smaller\./;
    await page.getByTestId('memory-note').filter({ hasText: tooLarge }).waitFor();
    expect(await page.getByTestId('char-estimate').count()).toBe(0);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: tooLarge }).count(), { timeout: 10_000 }).toBe(2);
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    await typeFields(page, [
      ['LSTM width', '128'],
      ['LSTM layers', '1'],
      ['Window (characters)', '64'],
      ['Batch', '32'],
    ]);
    await page
      .getByTestId('memory-note')
      .filter({ hasText: /^Training this model takes at most about/ })
      .waitFor();

    // A run that ends can go on: "Train 1,000 more steps" raises its total and trains.
    await page.getByLabel('Steps').fill('20');
    await page.getByLabel('LSTM width').fill('16');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('button', { name: 'Train 1,000 more steps' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Train 1,000 more steps' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('progress').first().getAttribute('max'), { timeout: 30_000 }).toBe('1020');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 30_000 });
    await resetModel(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('times the model on WASM and on this machine’s software WebGL before a run, trains on the faster, and keeps the reader’s own choice', async () => {
    await routeBook(browser(), 'book');
    const { page, errors } = await openLesson('#/char-lstm?hidden=48&layers=1&window=32&batch=16&steps=500&learningRate=0.01');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect.poll(() => page.getByTestId('char-estimate').textContent(), { timeout: 60_000 }).toMatch(/steps take about .* on WASM here/);
    await page.getByText('Why', { exact: true }).click();
    const reason = (await page.getByTestId('backend-reason').textContent())!;
    // Both paths timed on this model: our kernels a few ms a step, SwiftShader's WebGL far behind (cut short after
    // its first step, or timed in full where that step was quick enough).
    const m =
      /measured on this model: WASM \(our kernels on the CPU\) (\d+) ms a step; WebGL \(SwiftShader, Chrome’s software renderer\)(?:: its first step took ([\d.]+) s \(cut short\)| (\d+) ms a step| ([\d.]+) s a step)/.exec(
        reason,
      );
    expect(m, reason).not.toBeNull();
    const wasmMs = Number(m![1]);
    const webglMs = m![2] ? 1000 * Number(m![2]) : m![3] ? Number(m![3]) : 1000 * Number(m![4]);
    expect(webglMs).toBeGreaterThan(wasmMs);
    expect(await page.getByTestId('backend-badge').textContent()).toBe('WASM');
    // The reader's choice stands: no timing overrides it.
    await page.getByLabel('Backend').selectOption('webgl');
    await page.getByTestId('backend-badge').filter({ hasText: 'WEBGL' }).waitFor({ timeout: 30_000 });
    await page.getByText('Why', { exact: true }).click();
    expect(await page.getByTestId('backend-reason').textContent()).toMatch(/^chosen by you \(its renderer, SwiftShader.*draws in software/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains on War and Peace in the worker: validation loss falls, text streams in, it survives a reload', async () => {
    await routeBook(browser(), 'book');
    // A small model and a short run, so that it trains in seconds here.
    const { page, errors } = await openLesson('#/char-lstm?hidden=48&layers=1&window=32&batch=16&steps=5000&learningRate=0.01');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await page.getByTestId('char-book').waitFor({ timeout: 30_000 });
    const stats = (await page.getByTestId('char-book').textContent())!;
    const chars = Number(/characters\s*([\d,]+)/.exec(stats)![1].replace(/,/g, ''));
    expect(chars).toBeGreaterThan(3_000_000);
    // The book's Windows line endings are read as \n: no \r in the vocabulary (104 characters, not 105).
    expect(/vocabulary\s*(\d+)/.exec(stats)![1]).toBe('104');
    expect(await page.locator('pre.sample').first().textContent()).toMatch(/^WAR AND PEACE/);
    // Before the run: its time here, timed from a few steps of this model, for the steps asked.
    const estimate = async () => {
      await expect.poll(() => page.getByTestId('char-estimate').textContent(), { timeout: 30_000 }).toMatch(/steps take about/);
      const m = /^([\d,]+) steps take about (?:(\d+) min )?(\d+(?:\.\d)?) s on \w+ here \(([\d,]+) characters\/s/.exec(
        (await page.getByTestId('char-estimate').textContent())!,
      );
      expect(m).not.toBeNull();
      return { steps: Number(m![1].replace(/,/g, '')), seconds: 60 * Number(m![2] ?? 0) + Number(m![3]), rate: Number(m![4].replace(/,/g, '')) };
    };
    const first = await estimate();
    expect(first.steps).toBe(5000);
    expect(first.rate).toBeGreaterThan(0);
    await page.getByLabel('Steps').fill('10000');
    await expect.poll(() => page.getByTestId('char-estimate').textContent(), { timeout: 30_000 }).toMatch(/^10,000 steps/);
    const second = await estimate();
    // The time is the steps at the measured rate (32 x 16 characters a step here; rounding aside).
    for (const e of [first, second]) expect(Math.abs(e.seconds - (e.steps * 32 * 16) / e.rate) / e.seconds).toBeLessThan(0.1);
    // Enough steps that the run is still going when Pause is pressed (this small model trains 5,000 in about 30 s).
    await page.getByLabel('Steps').fill('100000');
    await takeLongTasks(page);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    // While it trains, a sample streams in every few seconds; then Pause stops it between steps.
    await expect
      .poll(async () => (await page.getByTestId('char-sample').count()) > 0 && (await page.getByTestId('char-sample').textContent())!.length > 40, {
        timeout: 60_000,
      })
      .toBe(true);
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(1);
    // Leaving while it trains asks first; once paused (and saved) it does not.
    expect(await asksBeforeLeaving(page)).toBe(true);
    await page.waitForTimeout(3000);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 30_000 });
    expect(await asksBeforeLeaving(page)).toBe(false);
    const validation = Number(await page.getByTestId('char-validation').textContent());
    expect(validation).toBeLessThan(3.4); // from ln 104 = 4.64 (War and Peace has 104 characters)
    expect(Math.abs(Number(await page.getByTestId('char-perplexity').textContent()) - Math.exp(validation))).toBeLessThan(0.02);
    expect(await page.getByTestId('char-loss-meaning').textContent()).toContain('perplexity 104; a loss of 2.0 is a choice among 7.4');
    await page.getByText('Loss per character as a table').click();
    // The table holds both curves: the training loss and every validation point.
    expect(await page.locator('figure.chart[data-points] table.numbers thead th').allTextContents()).toEqual([
      'step',
      'training loss (one batch)',
      'validation loss',
    ]);
    expect(Math.max(0, ...(await takeLongTasks(page)))).toBeLessThan(FROZEN_MS);

    await page.getByLabel('Prompt').fill('Prince Andrew ');
    await page.getByRole('radio', { name: 'top-k' }).check();
    await page.getByRole('button', { name: 'Write', exact: true }).click();
    await expect
      .poll(async () => (await page.getByTestId('char-sample').textContent())!.length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual('Prince Andrew '.length + 200);
    expect(await page.getByTestId('char-sample').textContent()).toMatch(/^Prince Andrew /);
    expect(page.url()).toContain('mode=top-k');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.reload();
    await page.getByText(/Restored the model saved at step \d+/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Write', exact: true }).click();
    await expect.poll(async () => (await page.getByTestId('char-sample').textContent())!.length, { timeout: 30_000 }).toBeGreaterThan(100);
    // Resume loads the book again and trains on; the note about the restored model goes.
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor({ timeout: 60_000 });
    expect(await page.getByText(/Restored the model saved/).count()).toBe(0);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 30_000 });
    await resetModel(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('loads the ready-trained model, labelled as not trained here: it writes at once and survives a reload', async () => {
    const { page, errors } = await openLesson();
    await page.getByRole('button', { name: 'Load a ready-trained model instead' }).click();
    const label = page.getByTestId('char-pretrained');
    await label.waitFor({ timeout: 30_000 });
    expect(await label.textContent()).toMatch(/^Ready-trained, not in this browser: Trained by this project's script .* Data: War and Peace, public domain/);
    await page.getByRole('button', { name: 'Write', exact: true }).click();
    await expect.poll(async () => (await page.getByTestId('char-sample').textContent())?.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(100);
    // It writes words, not noise: most of what it writes between spaces is made of letters.
    const words = (await page.getByTestId('char-sample').textContent())!.split(/\s+/).filter(Boolean);
    expect(words.filter((w) => /^[A-Za-z'’,.;:!?"“”-]+$/.test(w)).length / words.length).toBeGreaterThan(0.8);
    expect(await page.getByRole('button', { name: 'Train 1,000 more steps' }).count()).toBe(1);
    // Its chart is its validation curve (no training loss comes with the file), and no throughput is claimed.
    const ready = JSON.parse(readFileSync('public/pretrained/char-lstm-war-and-peace.json', 'utf8')) as { validation: unknown[]; step: number };
    expect(Number(await page.locator('figure.chart[data-points]').first().getAttribute('data-points'))).toBe(ready.validation.length);
    expect(await page.locator('.progress-text').textContent()).toContain(
      `step ${ready.step.toLocaleString('en')} of ${ready.step.toLocaleString('en')} · – characters/s`,
    );
    await page.reload();
    await page.getByTestId('char-pretrained').waitFor({ timeout: 30_000 });
    await resetModel(page);
    await page.getByRole('button', { name: 'Load a ready-trained model instead' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
