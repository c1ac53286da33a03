// Makes Lesson 2's ready-trained model, public/pretrained/word2vec-wikitext2.json, with this project's own
// training code: the built site's worker (WASM, as a reader without a GPU has it) trains the notebook's CBOW
// (full softmax, V 4056, D 300, batch 20,000, Adam 0.1 with its linear decay, 7 epochs) on WikiText-2 (read from
// ../shared/data in place of its public mirrors), and exports both embeddings in 8 bits a value
// (src/lessons/word2vec/pretrained.ts). The file is rewritten after every epoch, saying how many it holds, so
// that a run cut short still leaves an honest model.
//   npm run build && node test/models/trainWordModel.mjs [epochs]     (default 7, the notebook's)

import { readFileSync, writeFileSync } from 'node:fs';
import { mirrors, NOTEBOOK, WIKITEXT } from '../bench/common.mjs';
import { launchChromium, serveBuiltSite } from '../support/browser.mjs';

const epochs = Number(process.argv[2] ?? NOTEBOOK.epochs);
const OUT = 'public/pretrained/word2vec-wikitext2.json';
const server = await serveBuiltSite();
const browser = await launchChromium();
try {
  const wikitext = readFileSync(WIKITEXT);
  await browser.context.route('**/train.txt*', (route) =>
    route.fulfill({ status: 200, body: wikitext, headers: { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' } }),
  );
  const page = await browser.context.newPage();
  await page.goto(`${server.url}bench.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const info = await page.evaluate(() => window.benchmarks.setBackend('wasm'));
  console.log(`backend ${info.name}: ${info.reason}`);
  await page.evaluate((urls) => window.lesson('word2vec').load({ kind: 'mirrors', urls, name: 'WikiText-2 (train)' }), mirrors);
  const plan = await page.evaluate((config) => window.lesson('word2vec').create(config), { ...NOTEBOOK, epochs });
  console.log(`V ${plan.vocabSize}, ${plan.examples} examples, ${plan.batchesPerEpoch} batches an epoch`);
  const started = Date.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const summary = await page.evaluate(
      (steps) =>
        window.lesson('word2vec').train(
          steps,
          window.proxy(() => {}),
        ),
      plan.batchesPerEpoch,
    );
    const minutes = (Date.now() - started) / 60_000;
    const means = JSON.parse(await page.evaluate(() => window.lesson('word2vec').exportPretrained({ licence: '', madeBy: '' })))
      .epochMeans.map((e) => e.loss.toFixed(3))
      .join(', ');
    console.log(`epoch ${epoch} of ${epochs}: step ${summary.step}, ${minutes.toFixed(1)} minutes; mean losses ${means}`);
    const json = await page.evaluate((made) => window.lesson('word2vec').exportPretrained(made), {
      licence: 'CC BY-SA 3.0 (WikiText-2, Merity et al. 2016, from Wikipedia articles)',
      madeBy: `Trained by this project's script test/models/trainWordModel.mjs: ${epoch} of the notebook's ${epochs} epochs of Lesson 2's full-softmax CBOW (${summary.step.toLocaleString('en')} batches of 20,000, ${minutes.toFixed(0)} minutes on WASM on a 2-core CPU), not in your browser; stored in 8 bits a value; mean losses per epoch ${means}.`,
    });
    writeFileSync(OUT, json);
    console.log(`wrote ${OUT} (${(json.length / 1024).toFixed(0)} KB)`);
  }
} finally {
  await browser.close();
  await server.close();
}
