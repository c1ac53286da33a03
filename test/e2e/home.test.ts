import { describe, expect, it } from 'vitest';
import { openPage, seriousA11yViolations, useBrowser } from './helpers';

const browser = useBrowser();

describe('the site shell', () => {
  it('renders the home page with every planned lesson, unbuilt ones as "coming next" without links', async () => {
    const { page, errors } = await openPage(browser(), '');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const sidebar = page.getByRole('navigation', { name: 'Lessons' });
    await expect(sidebar.getByRole('listitem').count()).resolves.toBe(6);
    await expect(sidebar.getByRole('link').count()).resolves.toBe(6);
    await expect(sidebar.getByText('coming next').count()).resolves.toBe(0);
    const footer = await page.locator('footer').textContent();
    expect(footer).toContain('Mastering large language models');
    await expect(page.locator('footer a[href="https://github.com/christianb93/MLLM"]').count()).resolves.toBe(1);
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
    for (const lesson of ['tokens', 'word2vec', 'rnn', 'counting', 'lstm', 'char-lstm']) {
      await page.goto(page.url().replace(/#\/.*$/, `#/${lesson}`));
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page
        .getByTestId('backend-badge')
        .filter({ hasText: /WEBGL|WASM|CPU/ })
        .waitFor();
      await page.waitForTimeout(300);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect({ lesson, width }).toEqual({ lesson, width: 360 });
    }
    await page.close();
  });
});
