// The walkthrough's screens: every page at 1280 and 360 px, full length, into a folder (default /tmp/screens),
// with any element that reaches past the right edge listed (KaTeX's hidden MathML and code boxes that scroll
// inside themselves show up there too; the page itself must not scroll sideways).
//   npm run build && node test/tools/screens.mjs [folder]

import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { launchChromium, serveBuiltSite } from '../support/browser.mjs';

const folder = process.argv[2] ?? '/tmp/screens';
mkdirSync(folder, { recursive: true });
// Every lesson with a page, found in its folder.
const routes = [
  '',
  ...readdirSync('src/lessons')
    .filter((slug) => existsSync(`src/lessons/${slug}/Lesson.tsx`))
    .map((slug) => `#/${slug}`),
];
const server = await serveBuiltSite();
const browser = await launchChromium();
try {
  for (const width of [1280, 360]) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height: 900 });
    for (const route of routes) {
      await page.goto(`${server.url}${route}`);
      await page.waitForTimeout(2500);
      const layout = await page.evaluate(() => {
        const edge = document.documentElement.clientWidth;
        const past = [...document.querySelectorAll('body *')].filter(
          (e) => e.getBoundingClientRect().right > edge + 1 && !e.closest('.katex-mathml, .tex-display, pre, .table-scroll, svg'),
        );
        return { sideways: document.documentElement.scrollWidth > edge, past: past.slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`) };
      });
      const name = `${width}-${route.replace('#/', '') || 'home'}`;
      console.log(`${name}: ${layout.sideways ? 'SCROLLS SIDEWAYS' : 'fits'}${layout.past.length ? `; past the edge: ${layout.past.join(', ')}` : ''}`);
      await page.screenshot({ path: `${folder}/${name}.png`, fullPage: true });
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
