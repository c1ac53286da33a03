// npm run bench: figures for each tfjs backend that headless Chromium has, printed as a table.
//   -- --json FILE   also write them as a JSON array of { name, backend, value, unit }
//   -- --only NAME   run one entry, or several separated by commas (e.g. matmul-gflops)
// Benchmarks print figures; they never fail on a time. WikiText-2 is served to the page from
// ../shared/data in place of its public mirrors, as in the end-to-end tests.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
/** V of the notebook's vocabulary (WikiText-2 train, min_freq 50, with <unk>). */
const NOTEBOOK_V = 4056;
const NOTEBOOK = { mode: 'full', minFreq: 50, dim: 300, window: 8, batch: 20000, epochs: 7, learningRate: 0.1, negatives: 5, subsample: 1e-3, seed: 0 };
const FAST = { ...NOTEBOOK, mode: 'fast', dim: 100, batch: 4096, epochs: 5, learningRate: 0.05 };
const WIKITEXT = '../shared/data/wikitext-2/train.txt';
const WAR_AND_PEACE = '../shared/data/war-and-peace/2600-0.txt';
const bookMirrors = [...readFileSync('src/lessons/char-lstm/text.ts', 'utf8').matchAll(/'(https:\/\/[^']+2600[^']*\.txt)'/g)].map((m) => m[1]);
/** Lesson 6's defaults (src/lessons/char-lstm/meta.ts CHAR_DEFAULTS and the page's 3000 steps). */
const CHAR = { embed: 32, hidden: 128, layers: 2, window: 64, batch: 32, learningRate: 0.003, steps: 1_000_000, seed: 0 };
const loadBook = (page) =>
  page.evaluate(async (urls) => {
    await window.benchmarks.charLoad({ kind: 'mirrors', urls, name: 'War and Peace' });
  }, bookMirrors);
const COUNTING = { vocab: 128, length: 6, hidden: 32, batch: 61, epochs: 25, learningRate: 0.1, seed: 0 };
const COUNTING_TORCH = '../shared/reference/counting.json';
const MIRRORS_SOURCE = 'src/lessons/word2vec/corpus.ts';
const mirrors = [...readFileSync(MIRRORS_SOURCE, 'utf8').matchAll(/'(https:\/\/[^']+train\.txt)'/g)].map((m) => m[1]);
const PROBES = {
  king: ['queen', 'prince', 'emperor', 'pope', 'lord', 'earl', 'son'],
  father: ['mother', 'brother', 'son', 'wife'],
  france: ['italy', 'germany', 'spain', 'england', 'britain'],
  city: ['town', 'village', 'capital'],
  war: ['battle', 'army', 'conflict', 'campaign'],
};

const loadWikitext = (page) =>
  page.evaluate(async (urls) => {
    await window.benchmarks.w2vLoad({ kind: 'mirrors', urls, name: 'WikiText-2 (train)' });
  }, mirrors);

/** Trains `steps` batches and returns the seconds they took and the peak memory seen meanwhile. */
const timedSteps = (page, steps) =>
  page.evaluate(async (n) => {
    const w = window.benchmarks;
    let peakBytes = 0;
    let peakHeap = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const m = await w.memory();
        peakBytes = Math.max(peakBytes, m.numBytes);
        peakHeap = Math.max(peakHeap, m.wasmHeapBytes);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const start = performance.now();
    await w.w2vTrain(
      n,
      window.proxy(() => {}),
    );
    const seconds = (performance.now() - start) / 1000;
    polling = false;
    await poll;
    return { seconds, peakBytes, peakHeap };
  }, steps);

const notes = [];
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
/** Figures measured so far in this run, by `name/backend`, for the ratio entries. */
const measured = new Map();

/** FLOPs of one centre word of the full-softmax step: three [., D] x [D, V]-sized products, forward and backward. */
const cbowFlopsPerWord = (V, D) => 3 * 2 * V * D;
const OPENBLAS_DIRS = [process.env.TORCH_OPENBLAS_DIR, '/usr/lib/x86_64-linux-gnu/openblas-pthread', 'ob/usr/lib/x86_64-linux-gnu/openblas-pthread'].filter(
  Boolean,
);

/**
 * PyTorch's centre words per second at the notebook's configuration on this machine: a run of
 * test/bench/cbow_torch.py when Debian's python3-torch is installed (with OpenBLAS where it is found),
 * else the reference figure (perf-torch-cpu.json, V 20000, batch 1024, OpenBLAS) scaled to V 4056 by FLOPs.
 */
function pytorchCbow() {
  try {
    const blas = OPENBLAS_DIRS.find((dir) => existsSync(`${dir}/libblas.so.3`));
    const env = {
      ...process.env,
      OPENBLAS_NUM_THREADS: '2',
      ...(blas ? { LD_LIBRARY_PATH: [blas, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } : {}),
    };
    const args = ['test/bench/cbow_torch.py', NOTEBOOK_V, NOTEBOOK.dim, NOTEBOOK.window, NOTEBOOK.batch, 6].map(String);
    const out = JSON.parse(
      execFileSync('/usr/bin/python3', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 })
        .trim()
        .split('\n')
        .pop(),
    );
    return {
      wordsPerSecond: out.words_per_s,
      how: `measured now: PyTorch ${out.torch}, ${out.threads} threads, ${out.blas}, batch ${NOTEBOOK.batch}, synthetic ids, ${out.s_per_step.toFixed(2)} s a step`,
    };
  } catch (error) {
    const ref = JSON.parse(readFileSync('../shared/reference/perf-torch-cpu.json', 'utf8'));
    const at20000 = ref.baseline_center_words_per_s.batch1024_max_norm1;
    return {
      wordsPerSecond: (at20000 * cbowFlopsPerWord(20000, 300)) / cbowFlopsPerWord(NOTEBOOK_V, 300),
      how: `no PyTorch here (${String(error.message ?? error).split('\n')[0]}); perf-torch-cpu.json's ${at20000} words/s at V 20000 scaled to V ${NOTEBOOK_V} by FLOPs`,
    };
  }
}

/** Each entry: its name, unit, whether it runs per backend, and how to measure it on a page with its backend set. */
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
  {
    name: 'cbow-full-words-per-s',
    unit: 'centre words/s',
    what: 'one full-softmax CBOW step at the notebook configuration (V 4056, D 300, max_norm 1, Adam) on WikiText-2, batch 20000 in chunks (1000 on the CPU backend and on software WebGL, where 20000 takes many minutes); the second of two steps is timed',
    run: async (page, backend, info) => {
      await loadWikitext(page);
      const batch = backend === 'cpu' || (backend === 'webgl' && info.softwareWebgl) ? 1000 : NOTEBOOK.batch;
      const plan = await page.evaluate((config) => window.benchmarks.w2vCreate(config), { ...NOTEBOOK, batch });
      await timedSteps(page, 1);
      const { seconds, peakBytes, peakHeap } = await timedSteps(page, 1);
      notes.push(
        `cbow-full on ${backend}: batch ${batch} in chunks of ${plan.chunk}, ${seconds.toFixed(1)} s a step; peak tfjs memory ${mib(peakBytes)}${peakHeap ? `, WASM heap ${mib(peakHeap)}` : ''}`,
      );
      await page.evaluate(() => window.benchmarks.w2vReset());
      return batch / seconds;
    },
  },
  {
    name: 'cbow-straightforward-words-per-s',
    unit: 'centre words/s',
    what: 'the baseline: the same model written straightforwardly in tfjs (tf.gather, or a one-hot matmul where gather has no gradient kernel; matMul with transpose flags; softmaxCrossEntropy; autodiff; tf.train.adam), V 4056, D 300, batch 1024 (20000 in one go does not fit), synthetic ids',
    run: async (page, backend) => {
      const r = await page.evaluate((o) => window.benchmarks.benchCbowStep(o), {
        variant: 'straightforward',
        vocabSize: NOTEBOOK_V,
        dim: NOTEBOOK.dim,
        window: NOTEBOOK.window,
        batch: 1024,
        chunk: 0,
        steps: 1,
        profile: true,
      });
      notes.push(
        `cbow-straightforward on ${backend}: ${r.lookup}; ${r.secondsPerStep.toFixed(2)} s a step; kernels: ${r.kernels
          .slice(0, 5)
          .map((k) => `${k.name} ${k.ms.toFixed(0)} ms`)
          .join(', ')}`,
      );
      return r.wordsPerSecond;
    },
  },
  {
    name: 'cbow-full-vs-straightforward',
    unit: 'x',
    what: 'cbow-full-words-per-s divided by cbow-straightforward-words-per-s on the same backend',
    run: async (_page, backend) => measured.get(`cbow-full-words-per-s/${backend}`) / measured.get(`cbow-straightforward-words-per-s/${backend}`),
  },
  {
    name: 'cbow-full-vs-pytorch',
    unit: 'x',
    what: "cbow-full-words-per-s divided by PyTorch's (the pytorch row of cbow-full-words-per-s)",
    run: async (_page, backend) => measured.get(`cbow-full-words-per-s/${backend}`) / measured.get('cbow-full-words-per-s/pytorch'),
  },
  {
    name: 'cbow-step-profile-ms',
    unit: 'ms',
    what: "kernel time of one of the lesson's full-softmax steps (V 4056, D 300, synthetic ids, batch 3308 = two chunks of 1654; 1000 on CPU and software WebGL), by tf.profile; the notes list the kernels",
    run: async (page, backend, info) => {
      const batch = backend === 'cpu' || (backend === 'webgl' && info.softwareWebgl) ? 1000 : 3308;
      const r = await page.evaluate((o) => window.benchmarks.benchCbowStep(o), {
        variant: 'ours',
        vocabSize: NOTEBOOK_V,
        dim: NOTEBOOK.dim,
        window: NOTEBOOK.window,
        batch,
        chunk: 0,
        steps: 1,
        profile: true,
      });
      const total = r.kernels.reduce((sum, k) => sum + k.ms, 0);
      notes.push(
        `cbow step profile on ${backend} (batch ${batch}, chunk ${r.chunk}, ${r.wordsPerSecond.toFixed(0)} words/s): ${r.kernels
          .slice(0, 8)
          .map((k) => `${k.name} ${k.ms.toFixed(0)} ms (${k.calls})`)
          .join(', ')}; all kernels ${total.toFixed(0)} ms of ${r.profiledMs.toFixed(0)} ms`,
      );
      return total;
    },
  },
  {
    name: 'matmul-cbow-gflops',
    unit: 'GFLOP/s',
    what: "the step's largest product alone, [1654, 300] x [300, 4056]; 7.3 MFLOP a centre word at this rate is the ceiling for full-softmax words/s",
    run: async (page, backend) => {
      const gflops = (await page.evaluate(() => window.benchmarks.benchMatmul(0, 3, [1654, 300, 4056]))).gflops;
      notes.push(
        `matmul ceiling on ${backend}: ${gflops.toFixed(1)} GFLOP/s = at most ${((gflops * 1e9) / cbowFlopsPerWord(NOTEBOOK_V, NOTEBOOK.dim)).toFixed(0)} centre words/s if the step were nothing but its three products`,
      );
      return gflops;
    },
  },
  {
    name: 'counting-25-epochs-seconds',
    unit: 's',
    what: "Lesson 4's whole training run (notebook recipe: V 128, L 6, hidden 32, batch 61, Adam, 25 epochs = 50 steps) in the worker, training alone, median of seeds 0-2",
    run: async (page, backend) => {
      const runs = [];
      for (let seed = 0; seed < 3; seed++) runs.push(await page.evaluate((config) => window.benchmarks.benchCounting(config), { ...COUNTING, seed }));
      const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b)[1];
      // The same run through the page's API: progress messages, the accuracy pass and the IndexedDB checkpoint included.
      const page_s = await page.evaluate(async (config) => {
        const w = window.benchmarks;
        const start = performance.now();
        await w.countCreate(config);
        await w.countTrain(
          1e9,
          window.proxy(() => {}),
        );
        const s = (performance.now() - start) / 1000;
        await w.countReset();
        return s;
      }, COUNTING);
      let torch = '';
      if (existsSync(COUNTING_TORCH)) {
        const ref = JSON.parse(readFileSync(COUNTING_TORCH, 'utf8'));
        const trainOnly = ref.timing_train_only.blog_recipe_25_epochs_median_s;
        const withEval = ref['blog_recipe_adam_lr_0.1_linear_decay_25_epochs'].per_seed.map((r) => r.wall_s).sort((a, b) => a - b)[2];
        torch = `; PyTorch CPU here: ${trainOnly.toFixed(2)} s training alone (${(seconds / trainOnly).toFixed(1)}x), ${withEval.toFixed(2)} s with a per-epoch eval`;
      }
      notes.push(
        `counting on ${backend}: ${seconds.toFixed(2)} s (accuracy ${runs.map((r) => `${(100 * r.accuracy).toFixed(1)}%`).join(', ')}); the page's Train, with progress, accuracy and checkpoint, ${page_s.toFixed(2)} s${torch}`,
      );
      return seconds;
    },
  },
  {
    name: 'charlm-chars-per-s',
    unit: 'characters/s',
    what: "Lesson 6's default model (embedding 32, 2 LSTM layers of 128, window 64, batch 32, Adam) training on War and Peace, 10 s of steps",
    run: async (page, backend) => {
      await loadBook(page);
      const r = await page.evaluate((config) => window.benchmarks.benchChar(config, 10), CHAR);
      notes.push(`charlm on ${backend}: ${r.steps} steps in 10 s; validation loss after them ${r.validationLoss.toFixed(3)}`);
      return r.charsPerSecond;
    },
  },
  {
    name: 'charlm-5-minute-validation-loss',
    unit: 'nats/char',
    once: true,
    optIn: true,
    what: "validation loss of Lesson 6's default model after 5 minutes of training on War and Peace (the page's Train, with its validation points and samples), on WASM; run it alone with --only",
    run: async (page) => {
      await loadBook(page);
      const result = await page.evaluate(
        async (config) => {
          const w = window.benchmarks;
          await w.charCreate(config);
          const timer = setTimeout(() => w.pause(), 300_000);
          const curve = [];
          let sample = '';
          const summary = await w.charTrain(
            1e9,
            window.proxy((p) => curve.push(...(p.validation ?? []))),
            window.proxy((x) => {
              if (x.kind === 'start') sample = x.prompt;
              else sample += x.text;
            }),
          );
          clearTimeout(timer);
          await w.charReset();
          return { loss: summary.validationLoss, steps: summary.step, curve, sample };
        },
        { ...CHAR, steps: 1_000_000 },
      );
      const every = Math.max(1, Math.floor(result.curve.length / 8));
      notes.push(
        `charlm 5 minutes: ${result.steps} steps (${(result.steps * CHAR.window * CHAR.batch).toLocaleString('en')} characters); validation ${result.curve
          .filter((_, i) => i % every === 0)
          .map((p) => `${p.step}: ${p.loss.toFixed(2)}`)
          .join(', ')}; last sample: ${JSON.stringify(result.sample.slice(0, 200))}`,
      );
      return result.loss;
    },
  },
  {
    name: 'cbow-full-tensors-per-epoch',
    unit: 'tensors',
    once: true,
    what: 'live tfjs tensors after each of 3 full-softmax epochs (WikiText-2, first 3000 lines, D 50, batch 5000); must not grow',
    run: async (page) => {
      const slice = { ...NOTEBOOK, minFreq: 5, dim: 50, batch: 5000, epochs: 3 };
      await page.evaluate(
        async ({ urls, config }) => {
          await window.benchmarks.w2vLoad({ kind: 'mirrors', urls: urls.map((u) => `${u}?lines=3000`), name: 'WikiText-2 slice' });
          await window.benchmarks.w2vCreate(config);
        },
        { urls: mirrors, config: slice },
      );
      const counts = await page.evaluate(async () => {
        const w = window.benchmarks;
        const out = [];
        // Train one epoch at a time (pausing at each epoch's end) and count the tensors alive then.
        let epochs = 0;
        for (;;) {
          const summary = await w.w2vTrain(
            1_000_000,
            window.proxy((p) => {
              if ((p.epochMeans ?? []).length > 0 && ++epochs) w.pause();
            }),
          );
          out.push((await w.memory()).numTensors);
          if (summary.step >= summary.totalSteps) break;
        }
        return out;
      });
      const perEpoch = await page.evaluate(async () => {
        const w = window.benchmarks;
        const restored = await w.w2vRestore();
        return restored ? restored.epochMeans.length : 0;
      });
      notes.push(`cbow-full-tensors-per-epoch: ${perEpoch} epochs checkpointed; tensors alive after training: ${counts.join(', ')}`);
      await page.evaluate(() => window.benchmarks.w2vReset());
      return counts[counts.length - 1];
    },
  },
  {
    name: 'cbow-fast-words-per-s',
    unit: 'centre words/s',
    once: true,
    what: 'fast mode (negative sampling, k 5, D 100, subsampling 1e-3) on WikiText-2: plain JavaScript, the same on every backend',
    run: async (page) => {
      await loadWikitext(page);
      await page.evaluate((config) => window.benchmarks.w2vCreate(config), FAST);
      await timedSteps(page, 5);
      const { seconds } = await timedSteps(page, 50);
      await page.evaluate(() => window.benchmarks.w2vReset());
      return (50 * FAST.batch) / seconds;
    },
  },
  {
    name: 'cbow-fast-seconds-to-neighbours',
    unit: 's',
    once: true,
    what: 'wall time from Train (data loaded) until 3 of the 5 probe words have an expected neighbour among their 10 nearest (context embedding), fast mode on WikiText-2',
    run: async (page) => {
      await loadWikitext(page);
      const result = await page.evaluate(
        async ({ config, probes }) => {
          const w = window.benchmarks;
          await w.w2vCreate(config);
          const start = performance.now();
          let done = false;
          const training = w
            .w2vTrain(
              1_000_000,
              window.proxy(() => {}),
            )
            .then(() => (done = true));
          let found;
          for (;;) {
            await new Promise((r) => setTimeout(r, 250));
            const lists = {};
            let good = 0;
            for (const [probe, expected] of Object.entries(probes)) {
              const n = await w.w2vNeighbours(probe, 10);
              lists[probe] = n.context.map((x) => x.word);
              if (lists[probe].some((x) => expected.includes(x))) good++;
            }
            if (good >= 3) {
              found = { seconds: (performance.now() - start) / 1000, lists, good };
              break;
            }
            if (done) {
              found = { seconds: Number.NaN, lists, good };
              break;
            }
          }
          w.pause();
          await training;
          await w.w2vReset();
          return found;
        },
        { config: FAST, probes: PROBES },
      );
      notes.push(`cbow-fast-seconds-to-neighbours: ${result.good} of 5 probes good at ${result.seconds.toFixed(1)} s; their neighbours then:`);
      for (const [probe, list] of Object.entries(result.lists)) notes.push(`  ${probe}: ${list.join(' ')}`);
      return result.seconds;
    },
  },
  {
    name: 'cbow-full-first-epoch-seconds',
    unit: 's',
    once: true,
    optIn: true,
    what: 'one whole epoch of the notebook configuration on WikiText-2 (93 batches of 20000); run it alone with --only, it takes minutes',
    run: async (page) => {
      await loadWikitext(page);
      await page.evaluate((config) => window.benchmarks.w2vCreate(config), NOTEBOOK);
      const result = await page.evaluate(async () => {
        const w = window.benchmarks;
        const start = performance.now();
        let mean;
        await w.w2vTrain(
          93,
          window.proxy((p) => {
            if ((p.epochMeans ?? []).length > 0) mean = p.epochMeans[0].loss;
          }),
        );
        return { seconds: (performance.now() - start) / 1000, mean };
      });
      notes.push(`cbow-full-first-epoch-seconds: mean batch loss of epoch 1 = ${result.mean?.toFixed(3)} (the notebook printed 5.389; PyTorch here 5.290)`);
      await page.evaluate(() => window.benchmarks.w2vReset());
      return result.seconds;
    },
  },
].filter((entry) => (only ? only.split(',').includes(entry.name) : !entry.optIn));

if (ENTRIES.length === 0) {
  console.error(`No benchmark named ${only}.`);
  process.exit(2);
}
if (!existsSync(WIKITEXT)) console.warn(`${WIKITEXT} is missing: the CBOW entries will fail.`);

const server = await serveBuiltSite();
const browser = await launchChromium();
const wikitext = existsSync(WIKITEXT) ? readFileSync(WIKITEXT) : Buffer.alloc(0);
const warAndPeace = existsSync(WAR_AND_PEACE) ? readFileSync(WAR_AND_PEACE) : Buffer.alloc(0);
await browser.context.route('**/*2600*', (route) =>
  bookMirrors.includes(route.request().url())
    ? route.fulfill({ status: 200, body: warAndPeace, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Access-Control-Allow-Origin': '*' } })
    : route.continue(),
);
await browser.context.route('**/train.txt*', (route) => {
  const url = new URL(route.request().url());
  const lines = Number(url.searchParams.get('lines') ?? 0);
  const body = lines > 0 ? Buffer.from(wikitext.toString('utf8').split('\n').slice(0, lines).join('\n')) : wikitext;
  return route.fulfill({ status: 200, body, headers: { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' } });
});
const results = [];
const ran = new Set();
const record = (name, backend, value, unit) => {
  measured.set(`${name}/${backend}`, value);
  const row = { name, backend, value: Number(Number(value).toPrecision(4)), unit };
  results.push(row);
  console.log(`  ${row.name} on ${row.backend}: ${row.value} ${row.unit}`);
};
if (ENTRIES.some((e) => ['cbow-full-words-per-s', 'cbow-full-vs-pytorch'].includes(e.name))) {
  const torch = pytorchCbow();
  notes.push(`cbow-full-words-per-s on pytorch: ${torch.how}`);
  record('cbow-full-words-per-s', 'pytorch', torch.wordsPerSecond, 'centre words/s');
}
try {
  for (const backend of BACKENDS) {
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
