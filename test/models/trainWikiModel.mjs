// Makes Lesson 12's ready-trained model, public/pretrained/wiki-transformer.json, with this project's own code:
// the built site's worker (WASM, the project's kernels, as a reader without a GPU has them) learns Project II's
// BPE on WikiText-2's train split (read from ../shared/data in place of its public mirrors), trains the notebook's
// model (Embedding(6400, 192), 4 post-LN blocks of 8 heads and FF 1,024, context 48) on windows at random places
// (stride 1, as the notebook's shuffled windows), and after every `--every` steps measures the loss on every
// non-overlapping window of the notebook's validation split (the last 10 % of the tokens). The file keeps the
// model of the lowest validation loss, in 8 bits (src/models/wikiTransformer.ts), with its curve.
//   npm run build && node test/models/trainWikiModel.mjs [--minutes 150] [--batch 32] [--steps 6000] [--every 1000] [--lr 1e-3]
//   node test/models/trainWikiModel.mjs --probe        (tokens per second of the recipe, nothing written)

import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mirrors, WIKITEXT } from '../bench/common.mjs';
import { launchChromium, serveBuiltSite } from '../support/browser.mjs';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '150' },
    batch: { type: 'string', default: '32' },
    steps: { type: 'string', default: '6000' },
    every: { type: 'string', default: '1000' },
    lr: { type: 'string', default: '1e-3' },
    probe: { type: 'boolean', default: false },
  },
});
const OUT = 'public/pretrained/wiki-transformer.json';
const minutes = Number(args.minutes);
const every = Number(args.every);
// The notebook's model; its recipe scaled to a CPU: a batch of 32 windows in place of 512, so many more (smaller)
// steps, at twice its rate with the same warm-up and a cosine to a tenth.
const config = {
  width: 192,
  heads: 8,
  ff: 1024,
  layers: 4,
  context: 48,
  batch: Number(args.batch),
  learningRate: Number(args.lr),
  minLearningRate: Number(args.lr) / 10,
  warmup: 100,
  steps: Number(args.steps),
  seed: 0,
};

const server = await serveBuiltSite();
const browser = await launchChromium();
try {
  const wikitext = readFileSync(WIKITEXT);
  await browser.context.route('**/train.txt*', (route) =>
    mirrors.includes(route.request().url())
      ? route.fulfill({ status: 200, body: wikitext, headers: { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' } })
      : route.continue(),
  );
  const page = await browser.context.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(m.text()));
  await page.goto(`${server.url}bench.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  const info = await page.evaluate(() => window.benchmarks.setBackend('wasm'));
  console.log(`backend ${info.name}: ${info.reason}`);
  const corpus = await page.evaluate(
    (urls) => window.lesson('wiki-transformer').load({ kind: 'mirrors', urls, name: 'WikiText-2 (train)' }, 'learn', 6000),
    mirrors,
  );
  console.log(
    `BPE: ${corpus.merges} merges, ${corpus.vocab} symbols, ${corpus.tokens} tokens (${corpus.train} to train on, ${corpus.validation} to validate), ${corpus.seconds.toFixed(1)} s`,
  );
  if (args.probe) {
    const r = await page.evaluate((c) => window.lesson('wiki-transformer').bench(c, 30), config);
    console.log(`${r.tokensPerSecond.toFixed(0)} tokens/s (${r.steps} steps of batch ${config.batch}, ${r.threads} threads)`);
  } else {
    await page.evaluate((c) => window.lesson('wiki-transformer').create(c), config);
    const started = Date.now();
    const curve = [];
    let best = Number.POSITIVE_INFINITY;
    const measure = async (step) => {
      const v = await page.evaluate(() => window.lesson('wiki-transformer').benchValidation());
      const seconds = (Date.now() - started) / 1000;
      curve.push({ step, loss: Number(v.loss.toFixed(4)), seconds: Math.round(seconds) });
      console.log(`step ${step}: validation ${v.loss.toFixed(4)} on ${v.tokens} tokens, ${(seconds / 60).toFixed(1)} min`);
      return { step, loss: v.loss };
    };
    const save = async (step, loss) => {
      const json = await page.evaluate((made) => window.lesson('wiki-transformer').exportPretrained(made), {
        licence:
          'WikiText-2 (Merity et al. 2016, from Wikipedia’s Good and Featured articles): Creative Commons Attribution-ShareAlike 3.0; this model, trained on it, is shared under the same licence.',
        madeBy: `Trained by this project's script test/models/trainWikiModel.mjs on WASM on a 2-core CPU, not in your browser: the notebook's model, ${step.toLocaleString('en')} steps of batch ${config.batch} (windows of 48 at random places), Adam ${config.learningRate} with 100 warm-up steps and a cosine to ${config.minLearningRate}, ${((Date.now() - started) / 60000).toFixed(0)} minutes; validation loss ${loss.toFixed(3)} on the notebook's split.`,
        curve,
      });
      writeFileSync(OUT, json);
      console.log(`wrote ${OUT} (${(json.length / 1024 / 1024).toFixed(2)} MB) at step ${step}`);
    };
    await measure(0);
    while (Date.now() - started < minutes * 60_000) {
      const summary = await page.evaluate(
        (n) =>
          window.lesson('wiki-transformer').train(
            n,
            window.proxy(() => {}),
            window.proxy(() => {}),
          ),
        every,
      );
      const { step, loss } = await measure(summary.step);
      if (loss < best) {
        best = loss;
        await save(step, loss);
      }
      if (summary.step >= summary.totalSteps) break;
    }
  }
} finally {
  await browser.close();
  await server.close();
}
