// npm run bench: figures for each tfjs backend that headless Chromium has, printed as a table.
//   -- --json FILE   also write them as a JSON array of { name, backend, value, unit }
//   -- --only NAME   run one entry, or several separated by commas (e.g. matmul-gflops)
//   -- --backends B  only these backends, separated by commas (e.g. wasm)
// Benchmarks print figures; they never fail on a time. WikiText-2 is served to the page from
// ../shared/data in place of its public mirrors, as in the end-to-end tests.

import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { launchChromium, serveBuiltSite } from '../support/browser.mjs';
import { BPE_ENTRIES } from './bpeEntries.mjs';
import {
  BACKENDS,
  bookMirrors,
  measured,
  notes,
  pytorchCbow,
  pytorchChar,
  pytorchSweep,
  shakespeareMirrors,
  TINY_SHAKESPEARE,
  WAR_AND_PEACE,
  WIKITEXT,
} from './common.mjs';
import { coreSpeedNote } from './coreSpeed.mjs';
import { GPT2_CONFIG, GPT2_ENTRIES, GPT2_SERVED, gpt2SmallFile } from './gpt2Entries.mjs';
import { LESSON_ENTRIES } from './lessonEntries.mjs';
import { WIKI_ENTRIES } from './wikiEntries.mjs';
import { WORD2VEC_ENTRIES } from './word2vecEntries.mjs';

const args = process.argv.slice(2);
const option = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const jsonFile = option('--json');
const only = option('--only');
const backends = option('--backends')?.split(',') ?? BACKENDS;

const ENTRIES = [...LESSON_ENTRIES, ...WORD2VEC_ENTRIES, ...BPE_ENTRIES, ...GPT2_ENTRIES, ...WIKI_ENTRIES].filter((entry) =>
  only ? only.split(',').includes(entry.name) : !entry.optIn,
);

if (ENTRIES.length === 0) {
  console.error(`No benchmark named ${only}.`);
  process.exit(2);
}
if (!existsSync(WIKITEXT)) console.warn(`${WIKITEXT} is missing: the CBOW entries will fail.`);

// The built site serves the files it had when it started: Lesson 11's random GPT-2 goes into dist/ first.
if (ENTRIES.some((e) => e.name.startsWith('gpt2-'))) {
  mkdirSync('dist/bench', { recursive: true });
  if (!existsSync(GPT2_SERVED)) copyFileSync(gpt2SmallFile(), GPT2_SERVED);
}
// Each core's speed alone, before anything else runs and again at the end: the notes read the comparisons beside them.
notes.push(coreSpeedNote('at the start'));
const server = await serveBuiltSite();
const browser = await launchChromium();
const wikitext = existsSync(WIKITEXT) ? readFileSync(WIKITEXT) : Buffer.alloc(0);
const warAndPeace = existsSync(WAR_AND_PEACE) ? readFileSync(WAR_AND_PEACE) : Buffer.alloc(0);
await browser.context.route('**/*2600*', (route) =>
  bookMirrors.includes(route.request().url())
    ? route.fulfill({ status: 200, body: warAndPeace, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Access-Control-Allow-Origin': '*' } })
    : route.continue(),
);
const shakespeare = existsSync(TINY_SHAKESPEARE) ? readFileSync(TINY_SHAKESPEARE) : Buffer.alloc(0);
await browser.context.route('**/input.txt', (route) =>
  shakespeareMirrors.includes(route.request().url())
    ? route.fulfill({ status: 200, body: shakespeare, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Access-Control-Allow-Origin': '*' } })
    : route.continue(),
);
await browser.context.route('**/train.txt*', (route) => {
  const url = new URL(route.request().url());
  const lines = Number(url.searchParams.get('lines') ?? 0);
  const body = lines > 0 ? Buffer.from(wikitext.toString('utf8').split('\n').slice(0, lines).join('\n')) : wikitext;
  return route.fulfill({ status: 200, body, headers: { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' } });
});
// Lesson 11's benchmarks read a GPT-2 small of random weights, made once, which the entries put in the browser's
// cache under DialoGPT's address (too large for a route); its config.json is routed.
if (ENTRIES.some((e) => e.name.startsWith('gpt2-'))) {
  await browser.context.route('https://huggingface.co/microsoft/DialoGPT-small/**', (route) =>
    route.fulfill({ status: 200, body: JSON.stringify(GPT2_CONFIG), headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' } }),
  );
}
const results = [];
const ran = new Set();
const record = (name, backend, value, unit) => {
  measured.set(`${name}/${backend}`, value);
  const row = { name, backend, value: Number(Number(value).toPrecision(4)), unit };
  results.push(row);
  console.log(`  ${row.name} on ${row.backend}: ${row.value} ${row.unit}`);
};
if (ENTRIES.some((e) => e.name === 'cbow-full-words-per-s')) {
  const torch = pytorchCbow();
  notes.push(`cbow-full-words-per-s on pytorch: ${torch.how}`);
  record('cbow-full-words-per-s', 'pytorch', torch.wordsPerSecond, 'centre words/s');
}
// With charlm-vs-pytorch the two sides alternate inside that entry; alone, charlm-chars-per-s gets PyTorch's row here.
if (ENTRIES.some((e) => e.name === 'charlm-chars-per-s')) {
  const torch = pytorchChar();
  notes.push(`charlm-chars-per-s on pytorch: ${torch.how}`);
  record('charlm-chars-per-s', 'pytorch', torch.charsPerSecond, 'characters/s');
}
if (ENTRIES.some((e) => e.name === 'memory-sweep-seconds')) {
  const torch = pytorchSweep();
  notes.push(`memory-sweep-seconds on pytorch: ${torch.how}`);
  if (torch.seconds !== undefined) record('memory-sweep-seconds', 'pytorch', torch.seconds, 's');
}
try {
  for (const backend of backends) {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}bench.html`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const info = await page.evaluate((b) => window.benchmarks.setBackend(b), backend);
    if (info.name !== backend) {
      notes.push(`backend ${backend}: not available here (${info.reason})`);
      await page.close();
      continue;
    }
    notes.push(`backend ${backend}: ${info.reason}${backend === 'wasm' ? ` (SIMD ${info.simd ? 'on' : 'off'}, ${info.threads} threads)` : ''}`);
    for (const entry of ENTRIES) {
      // Entries that do not depend on the backend (or take long) run once, on WASM.
      if (entry.once && (ran.has(entry.name) || backend !== 'wasm')) continue;
      ran.add(entry.name);
      try {
        const value = await entry.run(page, backend, info);
        record(entry.name, entry.once ? 'any' : backend, value, entry.unit);
      } catch (error) {
        notes.push(`${entry.name} on ${backend} FAILED: ${String(error.message ?? error).split('\n')[0]}`);
        console.log(`  ${entry.name} on ${backend}: failed`);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
notes.push(coreSpeedNote('at the end'));

const rows = [['name', 'backend', 'value', 'unit'], ...results.map((r) => [r.name, r.backend, String(r.value), r.unit])];
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
console.log('');
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log('');
for (const entry of ENTRIES) console.log(`${entry.name}: ${entry.what}`);
for (const note of notes) console.log(note);
if (jsonFile) {
  writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${jsonFile}`);
}
