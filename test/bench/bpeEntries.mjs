// Lesson 10's benchmarks: the series' BPE learning and encoding WikiText-2 as the Project II notebook does, and
// GPT-2's tokenizer against js-tiktoken on War and Peace, both in the page's worker.

import { bookMirrors, mirrors, notes } from './common.mjs';

const PROJECT_II = { merges: 6000, align: 'yes', minFrequency: 1 };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${Math.min(...xs).toFixed(3)}-${Math.max(...xs).toFixed(3)} s`;

const learnProjectTwo = async (page) => {
  await page.evaluate(async (urls) => {
    await window.lesson('bpe').load({ kind: 'mirrors', urls, name: 'WikiText-2 (train)' }, true);
  }, mirrors);
  return page.evaluate((config) => window.lesson('bpe').benchLearn(config), PROJECT_II);
};

export const BPE_ENTRIES = [
  {
    name: 'bpe-learn-seconds',
    unit: 's',
    once: true,
    what: "Lesson 10: the series' BPE learning 6,000 merges (raised to 6,034) on WikiText-2 cleaned as Project II does, in the worker (the notebook's Python: 94 s)",
    run: async (page) => {
      const r = await learnProjectTwo(page);
      notes.push(
        `bpe-learn-seconds: ${r.merges} merges, ${r.vocab} symbols, ${r.tokens} tokens (the notebook: 6034, 6400, 2622275); encoding the 2,007,146 words took ${r.encodeSeconds.toFixed(2)} s (the notebook's Python: 240 s)`,
      );
      return r.learnSeconds;
    },
  },
  {
    name: 'bpe-encode-seconds',
    unit: 's',
    once: true,
    what: "Lesson 10: encoding WikiText-2's 2,007,146 words with the 6,034 rules, word by word (a cache of distinct words)",
    run: async (page) => (await learnProjectTwo(page)).encodeSeconds,
  },
  {
    name: 'gpt2-tokenizer-vs-tiktoken',
    unit: 'x',
    once: true,
    what: "Lesson 10: GPT-2's tokenizer encoding War and Peace, js-tiktoken's seconds over ours (medians of 5 alternated rounds, each side's caches fresh every round)",
    run: async (page) => {
      await page.evaluate(async (urls) => {
        await window.lesson('bpe').load({ kind: 'mirrors', urls, name: 'War and Peace' }, false);
        await window.lesson('bpe').loadGpt2(new URL('.', location.href).href);
      }, bookMirrors);
      const r = await page.evaluate(() => window.lesson('bpe').benchGpt2(5));
      notes.push(
        `gpt2-tokenizer-vs-tiktoken: ours ${median(r.ours).toFixed(3)} s (${spread(r.ours)}), js-tiktoken ${median(r.tiktoken).toFixed(3)} s (${spread(r.tiktoken)}), ${r.tokens} tokens, token for token ${r.agree ? 'the same' : 'DIFFERENT'}`,
      );
      return median(r.tiktoken) / median(r.ours);
    },
  },
];
