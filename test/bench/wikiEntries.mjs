// Lesson 12's benchmarks: the notebook's transformer training in the page's engine against PyTorch on the same
// step in the same run (each side timed with the other idle, rounds alternated), and the ready-trained model's
// loss on every window of the notebook's validation split.

import { median, mirrors, notes, perThreads, runTorch, spread } from './common.mjs';

/** The notebook's model at the bench's batch: 32 windows of 48 tokens. */
export const WIKI_BENCH = {
  width: 192,
  heads: 8,
  ff: 1024,
  layers: 4,
  context: 48,
  batch: 32,
  learningRate: 5e-4,
  minLearningRate: 5e-5,
  warmup: 100,
  steps: 13_827,
  seed: 0,
};

const loadWiki = (page, rules) =>
  page.evaluate(({ urls, rules }) => window.lesson('wiki-transformer').load({ kind: 'mirrors', urls, name: 'WikiText-2 (train)' }, rules, 6000), {
    urls: mirrors,
    rules,
  });

export const WIKI_ENTRIES = [
  {
    name: 'wiki-transformer-tokens-per-s',
    unit: 'tokens/s',
    once: true,
    what: "Lesson 12: the Project II notebook's model (6,400 tokens, width 192, 4 post-LN blocks of 8 heads, FF 1,024, context 48) training on WikiText-2's BPE tokens, batch 32, Adam, on WASM in our kernels; PyTorch's same step (test/bench/wiki_torch.py, 1 and 2 threads, the faster) in the notes, 3 alternated rounds",
    run: async (page) => {
      await loadWiki(page, 'learn');
      const ours = [];
      const theirs = [];
      let how = '';
      for (let round = 0; round < 3; round++) {
        const r = await page.evaluate((config) => window.lesson('wiki-transformer').bench(config, 15), WIKI_BENCH);
        ours.push(r.tokensPerSecond);
        try {
          const torch = runTorch(['test/bench/wiki_torch.py', '6']);
          theirs.push(torch.tokens_per_s);
          how = `PyTorch ${torch.torch} (${torch.blas}, ${torch.parameters} weights): ${perThreads(torch.tokens_per_s_by_threads, (v) => String(Math.round(v)))}`;
        } catch (error) {
          how = `no PyTorch here (${String(error.message ?? error).split('\n')[0]})`;
        }
        notes.push(
          `wiki-transformer-tokens-per-s round ${round + 1}: the page ${Math.round(r.tokensPerSecond)} tokens/s (${r.steps} steps, ${r.threads} threads); ${how}`,
        );
      }
      const summary = theirs.length
        ? `PyTorch ${Math.round(median(theirs))} (${spread(theirs)}): ours ${(median(ours) / median(theirs)).toFixed(2)}x its faster setting`
        : 'no PyTorch to compare';
      notes.push(`wiki-transformer-tokens-per-s: medians, the page ${Math.round(median(ours))} tokens/s (${spread(ours)}); ${summary}`);
      return median(ours);
    },
  },
  {
    name: 'wiki-transformer-validation-loss',
    unit: 'nats',
    once: true,
    what: "Lesson 12: the ready-trained model (public/pretrained/wiki-transformer.json, 8-bit weights, as the page opens it) on every non-overlapping window of 48 tokens of the notebook's validation split (the last 10 % of WikiText-2's train split in Project II's BPE tokens); the notebook's best: 4.8115",
    run: async (page) => {
      const opened = await page.evaluate(() =>
        window.lesson('wiki-transformer').loadPretrained(new URL('pretrained/wiki-transformer.json', location.href).href),
      );
      await loadWiki(page, 'model');
      const v = await page.evaluate(() => window.lesson('wiki-transformer').benchValidation());
      const sample = await page.evaluate(() => window.lesson('wiki-transformer').write('The game was', 40));
      notes.push(
        `wiki-transformer-validation-loss: ${v.loss.toFixed(4)} (perplexity ${Math.exp(v.loss).toFixed(0)}) on ${v.windows} windows, ${v.tokens} tokens; the model: ${opened.step} steps; a sample (top-p 0.95, temperature 0.7): "${sample}"`,
      );
      await page.evaluate(() => window.lesson('wiki-transformer').reset());
      return v.loss;
    },
  },
];
