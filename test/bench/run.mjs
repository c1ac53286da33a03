// npm run bench: figures for each tfjs backend that headless Chromium has, printed as a table.
//   -- --json FILE   also write them as a JSON array of { name, backend, value, unit }
//   -- --only NAME   run one entry (e.g. matmul-gflops)
// Benchmarks print figures; they never fail on a time.

import { writeFileSync } from 'node:fs';
import { launchChromium, serveBuiltSite } from '../support/browser.mjs';

const args = process.argv.slice(2);
const option = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const jsonFile = option('--json');
const only = option('--only');

const BACKENDS = ['webgl', 'wasm', 'cpu'];
const DEMO = { vocabSize: 2000, dim: 32, batch: 256, learningRate: 0.01, steps: 1_000_000, seed: 1 };

/** Each entry: its name, unit and how to measure it on a page whose backend is set. */
const ENTRIES = [
  {
    name: 'matmul-gflops',
    unit: 'GFLOP/s',
    what: '1024 x 1024 matmul, data read back each time',
    run: (page) => page.evaluate(async () => (await window.benchmarks.benchMatmul(1024, 3)).gflops),
  },
  {
    name: 'bigram-steps-per-s',
    unit: 'steps/s',
    what: `Lesson 1 demo training step (V ${DEMO.vocabSize}, D ${DEMO.dim}, batch ${DEMO.batch}, Adam) on the State of the Union corpus`,
    run: async (page) => {
      await page.evaluate(async () => {
        await window.benchmarks.loadCorpus({ kind: 'url', url: new URL('corpora/sotu.json', location.href).href, name: 'sotu', format: 'sotu-json' });
      });
      return page.evaluate(async (config) => (await window.benchmarks.benchBigram(config, 5)).stepsPerSecond, DEMO);
    },
  },
].filter((entry) => !only || entry.name === only);

if (ENTRIES.length === 0) {
  console.error(`No benchmark named ${only}.`);
  process.exit(2);
}

const server = await serveBuiltSite();
const browser = await launchChromium();
const results = [];
const notes = [];
try {
  for (const backend of BACKENDS) {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}bench.html`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const info = await page.evaluate((b) => window.benchmarks.setBackend(b), backend);
    if (info.name !== backend) {
      notes.push(`${backend}: not available here (${info.reason})`);
      await page.close();
      continue;
    }
    notes.push(`${backend}: ${info.reason}${backend === 'wasm' ? ` (SIMD ${info.simd ? 'on' : 'off'}, ${info.threads} threads)` : ''}`);
    for (const entry of ENTRIES) {
      const value = await entry.run(page);
      results.push({ name: entry.name, backend, value: Number(value.toPrecision(4)), unit: entry.unit });
      console.log(`  ${entry.name} on ${backend}: ${value.toPrecision(4)} ${entry.unit}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const rows = [['name', 'backend', 'value', 'unit'], ...results.map((r) => [r.name, r.backend, String(r.value), r.unit])];
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
console.log('');
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log('');
for (const entry of ENTRIES) console.log(`${entry.name}: ${entry.what}`);
for (const note of notes) console.log(`backend ${note}`);
if (jsonFile) {
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${jsonFile}`);
}
