// Makes Lesson 6's ready-trained model, public/pretrained/char-lstm-war-and-peace.json, with this project's own
// training code: the built site's worker (WASM, as a reader without a GPU has it) trains the lesson's default
// model on War and Peace (read from ../shared/data in place of its public mirrors) for the given minutes, then
// exports it in float16 (src/train/charLstm/pretrained.ts).
//   npm run build && node test/models/trainCharModel.mjs [minutes]     (default 20)

import { readFileSync, writeFileSync } from 'node:fs';
import { bookMirrors, CHAR, WAR_AND_PEACE } from '../bench/common.mjs';
import { launchChromium, serveBuiltSite } from '../support/browser.mjs';

const minutes = Number(process.argv[2] ?? 20);
const OUT = 'public/pretrained/char-lstm-war-and-peace.json';
const server = await serveBuiltSite();
const browser = await launchChromium();
try {
  const book = readFileSync(WAR_AND_PEACE);
  await browser.context.route('**/*2600*', (route) =>
    bookMirrors.includes(route.request().url())
      ? route.fulfill({ status: 200, body: book, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Access-Control-Allow-Origin': '*' } })
      : route.continue(),
  );
  const page = await browser.context.newPage();
  await page.goto(`${server.url}bench.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const info = await page.evaluate(() => window.benchmarks.setBackend('wasm'));
  console.log(`backend ${info.name}: ${info.reason}`);
  await page.evaluate((urls) => window.lesson('char-lstm').load({ kind: 'mirrors', urls, name: 'War and Peace' }), bookMirrors);
  const result = await page.evaluate(
    async ({ config, ms }) => {
      const w = window.benchmarks;
      await window.lesson('char-lstm').create(config);
      const timer = setTimeout(() => w.pause(), ms);
      const summary = await window.lesson('char-lstm').train(
        1e9,
        window.proxy(() => {}),
      );
      clearTimeout(timer);
      return summary;
    },
    { config: { ...CHAR, steps: 1_000_000 }, ms: minutes * 60_000 },
  );
  console.log(`trained ${result.step} steps in ${minutes} minutes; validation loss ${result.validationLoss.toFixed(3)}`);
  const json = await page.evaluate((made) => window.lesson('char-lstm').exportPretrained(made), {
    licence: 'public domain (Project Gutenberg eBook #2600, Leo Tolstoy, War and Peace, translated by Louise and Aylmer Maude)',
    madeBy: `Trained by this project's script test/models/trainCharModel.mjs for ${minutes} minutes (${result.step.toLocaleString('en')} steps of Lesson 6's default model) on WASM on a 2-core CPU, not in your browser; validation loss ${result.validationLoss.toFixed(2)}.`,
  });
  writeFileSync(OUT, json);
  console.log(`wrote ${OUT} (${(json.length / 1024).toFixed(0)} KB)`);
} finally {
  await browser.close();
  await server.close();
}
