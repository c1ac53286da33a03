import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons';
import { openPage, seriousA11yViolations, useBrowser } from './helpers';

const browser = useBrowser();

describe('the site shell', () => {
  it('renders the home page with every planned lesson, unbuilt ones as "coming next" without links', async () => {
    const { page, errors } = await openPage(browser(), '');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const sidebar = page.getByRole('navigation', { name: 'Lessons' });
    // The shell finds the lessons in their folders: as many items as folders with a lesson.ts, links to those with a page.
    const ready = LESSONS.filter((l) => l.ready);
    expect(ready.length).toBeGreaterThanOrEqual(9);
    await expect(sidebar.getByRole('listitem').count()).resolves.toBe(LESSONS.length);
    await expect(sidebar.getByRole('link').count()).resolves.toBe(ready.length);
    await expect(sidebar.getByText('coming next').count()).resolves.toBe(LESSONS.length - ready.length);
    for (const planned of LESSONS.filter((l) => !l.ready)) {
      await expect(sidebar.getByRole('listitem').filter({ hasText: planned.title }).getByRole('link').count()).resolves.toBe(0);
    }
    const footer = await page.locator('footer').textContent();
    expect(footer).toContain('Mastering large language models');
    await expect(page.locator('footer a[href="https://github.com/christianb93/MLLM"]').count()).resolves.toBe(1);
    // The server sends the Content-Security-Policy: the page runs under it (any violation would be a console error).
    const headers = (await page.request.get(page.url())).headers();
    expect(headers['content-security-policy']).toContain(
      "connect-src 'self' blob: data: https://raw.githubusercontent.com https://cdn.jsdelivr.net https://huggingface.co https://*.huggingface.co https://*.hf.co;",
    );
    expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval' blob:;");
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens Lesson 1 from the lesson list, and says so at a wrong address', async () => {
    const { page, errors } = await openPage(browser(), '');
    await page
      .getByRole('navigation', { name: 'Lessons' })
      .getByRole('link', { name: /Tokens and vocabularies/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Tokens and vocabularies' }).waitFor();
    expect(page.url()).toMatch(/#\/tokens$/);
    // Each lesson ends with where it comes from and the way on: Lesson 1 has no previous lesson.
    const way = page.getByRole('navigation', { name: 'Previous and next lesson' });
    expect(await way.getByRole('link').allTextContents()).toEqual(['← All lessons', '2. Words as vectors: word2vec →']);
    await way.getByRole('link', { name: /Words as vectors/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Words as vectors: word2vec' }).waitFor();
    expect(await page.locator('.lesson-footer').textContent()).toContain(
      'follows Part II of the series “Mastering large language models” (find Part II on the blog) and its notebook word2vec/Word2Vec.ipynb.',
    );
    // The matching part: the blog's own search for it by title.
    expect(await page.getByRole('link', { name: 'find Part II on the blog' }).getAttribute('href')).toBe(
      'https://leftasexercise.com/?s=Mastering+large+language+models+Part+II',
    );
    expect(await page.locator('.lesson-footer a[href="https://github.com/christianb93/MLLM/blob/main/word2vec/Word2Vec.ipynb"]').count()).toBe(1);
    // Lessons 7 to 9 link the series' notebooks on attention, transformers, positions and sampling.
    await page.goto(page.url().replace(/#.*$/, '#/gpt'));
    await page.getByRole('heading', { level: 1, name: 'A tiny GPT, trained in your browser' }).waitFor();
    expect(await page.locator('.lesson-footer').textContent()).toContain(
      'following its notebooks embeddings/PositionalEmbeddings.ipynb and sampling/TemperatureSampling.ipynb.',
    );
    for (const [route, path] of [
      ['#/attention', 'attention/PermutingTheInput.ipynb'],
      ['#/transformer', 'transformers/Transformers.ipynb'],
    ]) {
      await page.goto(page.url().replace(/#.*$/, route));
      await page.locator(`.lesson-footer a[href="https://github.com/christianb93/MLLM/blob/main/${path}"]`).waitFor();
    }
    await page.goto(page.url().replace(/#.*$/, '#/word2vec'));
    await page.getByRole('heading', { level: 1, name: 'Words as vectors: word2vec' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Previous and next lesson' })
      .getByRole('link', { name: /Tokens and vocabularies/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Tokens and vocabularies' }).waitFor();
    await page.goto(page.url().replace('#/tokens', '#/nowhere'));
    await page.getByText('There is no page at “nowhere”.').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility violations on the home page', async () => {
    const { page } = await openPage(browser(), '');
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });

  it('fits a 360 px wide phone without sideways scrolling, on every lesson page', async () => {
    const { page } = await openPage(browser(), '#/tokens');
    await page.setViewportSize({ width: 360, height: 740 });
    let wide = 0;
    for (const lesson of LESSONS.filter((l) => l.ready).map((l) => l.slug)) {
      await page.goto(page.url().replace(/#\/.*$/, `#/${lesson}`));
      await page.getByRole('heading', { level: 1 }).waitFor();
      // A page that trains shows its backend once the worker is up; Lesson 8 shows its step-through; Lesson 10 its Learn;
      // Lesson 11 what its model weighs.
      await page
        .getByTestId('backend-badge')
        .filter({ hasText: /WEBGL|WASM|CPU/ })
        .or(page.getByTestId('block-out'))
        .or(page.getByRole('button', { name: 'Learn', exact: true }))
        .or(page.getByTestId('gpt2-cost'))
        .first()
        .waitFor();
      await page.waitForTimeout(300);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect({ lesson, width }).toEqual({ lesson, width: 360 });
      // What is wider than the screen scrolls in its own box, which shows a shadow at its edge to say so.
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.tex-display, .table-scroll')]
          .filter((e) => e.scrollWidth > e.clientWidth + 1)
          .map((e) => ({ overflow: getComputedStyle(e).overflowX, hint: getComputedStyle(e).backgroundImage.includes('radial-gradient') })),
      );
      for (const box of cut) expect({ lesson, ...box }).toEqual({ lesson, overflow: 'auto', hint: true });
      wide += cut.length;
    }
    // Some formula is wider than 360 px somewhere (Lesson 12's post-LN block, Lesson 9's GPT), so the check above is not empty.
    expect(wide).toBeGreaterThan(0);
    await page.close();
  });
});
