// The benchmarks of the other lessons: the matmul rate, our element-wise kernels, the bigram demo, the counting run and the
// character LSTM.

import { existsSync, readFileSync } from 'node:fs';
import {
  alternate,
  CHAR,
  COUNTING,
  COUNTING_TORCH,
  DEMO,
  GPT,
  loadBook,
  loadShakespeare,
  median,
  notes,
  perThreads,
  pytorchChar,
  pytorchGpt,
  SWEEP,
  spread,
} from './common.mjs';
import { coreSpeedNote } from './coreSpeed.mjs';

/** Each entry: its name, unit, whether it runs per backend, and how to measure it on a page with its backend set. */
export const LESSON_ENTRIES = [
  {
    name: 'matmul-gflops',
    unit: 'GFLOP/s',
    what: '1024 x 1024 matmul, data read back each time',
    run: (page) => page.evaluate(async () => (await window.benchmarks.benchMatmul(1024, 3)).gflops),
  },
  {
    name: 'kernel-gelu-ns',
    unit: 'ns/float',
    once: true,
    what: 'our WebAssembly kernels on one thread, the time an element takes: GELU (the headline) on 393,216 floats; the others in the notes',
    run: async (page) => {
      const rows = await page.evaluate(() => window.benchmarks.benchKernels(6));
      if (!rows) throw new Error('the kernels did not load on WASM');
      notes.push(`kernel-gelu-ns: one thread, ns an element: ${rows.map((r) => `${r.name} ${r.ns.toFixed(2)}`).join(', ')}`);
      return rows[0].ns;
    },
  },
  {
    name: 'bigram-steps-per-s',
    unit: 'steps/s',
    what: `Lesson 1 demo training step (V ${DEMO.vocabSize}, D ${DEMO.dim}, batch ${DEMO.batch}, Adam) on the State of the Union corpus`,
    run: async (page) => {
      await page.evaluate(async () => {
        await window.lesson('tokens').loadCorpus({ kind: 'url', url: new URL('corpora/sotu.json', location.href).href, name: 'sotu', format: 'sotu-json' });
      });
      return page.evaluate(async (config) => (await window.lesson('tokens').bench(config, 5)).stepsPerSecond, DEMO);
    },
  },
  {
    name: 'counting-25-epochs-seconds',
    unit: 's',
    what: "Lesson 4's whole training run (notebook recipe: V 128, L 6, hidden 32, batch 61, Adam, 25 epochs = 50 steps) in the worker, training alone, median of seeds 0-2",
    run: async (page, backend) => {
      const runs = [];
      for (let seed = 0; seed < 3; seed++) runs.push(await page.evaluate((config) => window.lesson('counting').bench(config), { ...COUNTING, seed }));
      const seconds = runs.map((r) => r.seconds).sort((a, b) => a - b)[1];
      // The same run through the page's API: progress messages, the accuracy pass and the IndexedDB checkpoint included.
      const page_s = await page.evaluate(async (config) => {
        const start = performance.now();
        await window.lesson('counting').create(config);
        await window.lesson('counting').train(
          1e9,
          window.proxy(() => {}),
        );
        const s = (performance.now() - start) / 1000;
        await window.lesson('counting').reset();
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
      const r = await page.evaluate((config) => window.lesson('char-lstm').bench(config, 10, true), CHAR);
      const tfjsMs = r.kernels.reduce((sum, k) => sum + k.ms, 0);
      const top = r.kernels
        .slice(0, 6)
        .map((k) => `${k.name} ${k.ms.toFixed(1)} ms (${k.calls})`)
        .join(', ');
      notes.push(
        `charlm on ${backend}: ${r.steps} steps in 10 s; validation loss after them ${r.validationLoss.toFixed(3)}; ` +
          `${r.fused ? `the WebAssembly engine on ${r.threads} thread(s)` : 'tfjs ops only'}; one profiled step ${r.profiledMs.toFixed(0)} ms, of it tfjs kernels ${tfjsMs.toFixed(0)} ms${top ? `: ${top}` : ''}`,
      );
      return r.charsPerSecond;
    },
  },
  {
    name: 'charlm-vs-pytorch',
    unit: 'x',
    once: true,
    what: "Lesson 6's default model on WASM over PyTorch's (its faster thread setting), the sides alternated: three rounds of 4 s in the page, then 4 steps of PyTorch at each thread setting; medians (issue 11's goal: 0.5)",
    run: async (page) => {
      await loadBook(page);
      return alternate(
        'charlm-vs-pytorch',
        'characters/s',
        3,
        async () => (await page.evaluate((config) => window.lesson('char-lstm').bench(config, 4), CHAR)).charsPerSecond,
        () => {
          const torch = pytorchChar(4);
          return { value: torch.charsPerSecond, how: torch.how };
        },
      );
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
          await window.lesson('char-lstm').create(config);
          const timer = setTimeout(() => w.pause(), 300_000);
          const curve = [];
          let sample = '';
          const summary = await window.lesson('char-lstm').train(
            1e9,
            window.proxy((p) => curve.push(...(p.validation ?? []))),
            window.proxy((x) => {
              if (x.kind === 'start') sample = x.prompt;
              else sample += x.text;
            }),
          );
          clearTimeout(timer);
          await window.lesson('char-lstm').reset();
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
    name: 'attention-accuracy-at-20',
    unit: 'share right',
    once: true,
    optIn: true,
    what: "Lesson 7's default run (two encoder-decoders, 600 steps of batch 64 on lengths 4-20, hidden 64) through the page's Train: the share of output numbers right at length 20 with attention; the whole sweep, both models and the seconds in the notes",
    run: async (page) => {
      const config = { vocab: 10, embed: 16, hidden: 64, minLength: 4, maxLength: 20, batch: 64, steps: 600, learningRate: 0.01, seed: 3 };
      const result = await page.evaluate(async (c) => {
        await window.lesson('attention').create(c);
        const measured = [];
        const started = performance.now();
        await window.lesson('attention').train(
          1e9,
          window.proxy(() => {}),
          window.proxy((e) => measured.push({ step: e.step, lengths: e.lengths, accuracy: e.accuracy })),
        );
        const seconds = (performance.now() - started) / 1000;
        await window.lesson('attention').reset();
        return { measured, seconds };
      }, config);
      const last = result.measured.at(-1);
      const pct = (x) => `${Math.round(100 * x)}%`;
      notes.push(
        `attention, ${config.steps} steps in ${result.seconds.toFixed(0)} s: length ${last.lengths.join(' / ')}: with attention ${last.accuracy.with.map(pct).join(' / ')}, without ${last.accuracy.without.map(pct).join(' / ')}`,
      );
      return last.accuracy.with.at(-1);
    },
  },
  {
    name: 'gpt-chars-per-s',
    unit: 'characters/s',
    what: "Lesson 9's tiny GPT, the baby-GPT recipe (4 layers, 4 heads, width 128, context 64, batch 12, AdamW with clipping) training on Tiny Shakespeare in our WebAssembly kernels, three rounds of 8 s alternated with PyTorch's same steps (its median of 6 at each thread setting, the faster kept), medians; the tfjs ops' figure beside them in the notes",
    run: async (page, backend) => {
      await loadShakespeare(page);
      const ours = [];
      const theirs = [];
      let engine = '';
      let how = '';
      for (let round = 0; round < 3; round++) {
        const r = await page.evaluate((config) => window.lesson('gpt').bench(config, 8, false, true), GPT);
        ours.push(r.charsPerSecond);
        engine = r.fused ? `in our WebAssembly kernels on ${r.threads} thread${r.threads > 1 ? 's' : ''}` : 'in tfjs ops';
        const torch = pytorchGpt('speed', 6);
        if (!torch.missing) theirs.push(torch.chars_per_s);
        how = torch.missing
          ? `no PyTorch here (${torch.missing})`
          : `PyTorch ${torch.torch} (${torch.blas}) ${perThreads(torch.chars_per_s_by_threads, (v) => String(Math.round(v)))} characters/s`;
        notes.push(`gpt-chars-per-s round ${round + 1}: the page ${Math.round(r.charsPerSecond)} characters/s (${r.steps} steps in 8 s); ${how}`);
      }
      // The tfjs ops (the kernels replace them on WASM), profiled: where their time goes.
      const ops = await page.evaluate((config) => window.lesson('gpt').bench(config, 8, true, false), GPT);
      const top = ops.kernels
        .slice(0, 6)
        .map((k) => `${k.name} ${k.ms.toFixed(1)} ms (${k.calls})`)
        .join(', ');
      const ratio = theirs.length
        ? `PyTorch ${Math.round(median(theirs))} (${spread(theirs)}): ours ${(median(ours) / median(theirs)).toFixed(2)} of its faster`
        : 'no PyTorch to compare';
      notes.push(
        `gpt on ${backend} ${engine}: medians ${Math.round(median(ours))} characters/s (${spread(ours)}); ${ratio}; in tfjs ops alone ${Math.round(ops.charsPerSecond)} characters/s, one profiled step ${ops.profiledMs.toFixed(0)} ms: ${top}`,
      );
      return median(ours);
    },
  },
  {
    name: 'gpt-seconds-to-1.88',
    unit: 's',
    once: true,
    optIn: true,
    what: "seconds of training (validation passes, samples and maps not counted) until Lesson 9's tiny GPT first measures a validation loss of 1.88 or less on Tiny Shakespeare (the page's Train, 2,000 steps of the recipe, a point every 100), on WASM; two rounds, each followed by PyTorch's run of the same recipe (each side alone), medians and both sides' spreads in the notes; run it alone with --only",
    run: async (page) => {
      await loadShakespeare(page);
      const ours = [];
      const theirs = [];
      let firstReached = Number.NaN;
      for (let round = 1; round <= 2; round++) {
        notes.push(coreSpeedNote(`before gpt round ${round}`));
        const result = await page.evaluate(async (config) => {
          await window.lesson('gpt').create(config);
          const curve = [];
          let sample = '';
          await window.lesson('gpt').train(
            1e9,
            window.proxy(() => {}),
            window.proxy((e) => {
              if (e.validation) curve.push(e.validation);
              if (e.sample) sample = e.sample.prompt + e.sample.text;
            }),
          );
          await window.lesson('gpt').reset();
          return { curve, sample };
        }, GPT);
        const reached = result.curve.find((p) => p.loss <= 1.88);
        if (round === 1) firstReached = reached ? reached.seconds : Number.NaN;
        const last = result.curve.at(-1);
        ours.push(last.seconds);
        // The same quality on both sides where neither reaches 1.88: the lowest loss both curves reach, and when each first does.
        const sameLoss = (mine, other) => {
          const target = Math.max(Math.min(...mine.map((p) => p.loss)), Math.min(...other.map((p) => p.loss)));
          const [a, b] = [mine.find((p) => p.loss <= target), other.find((p) => p.loss <= target)];
          return `; to ${target.toFixed(3)}, the lowest loss both reach: ours step ${a.step}, ${a.seconds.toFixed(1)} s, PyTorch step ${b.step}, ${b.seconds.toFixed(1)} s (${(a.seconds / b.seconds).toFixed(2)}x)`;
        };
        const torch = pytorchGpt('train', GPT.steps);
        if (!torch.missing) theirs.push(torch.curve.at(-1).seconds);
        const how = torch.missing
          ? `no PyTorch here (${torch.missing})`
          : `PyTorch ${torch.torch} at one thread: ${torch.reached ? `1.88 reached at step ${torch.reached.step} after ${torch.reached.seconds.toFixed(1)} s` : 'did not reach 1.88'}, ${Math.round(torch.chars_per_s)} characters/s, last ${torch.curve.at(-1).loss.toFixed(3)} at step ${torch.curve.at(-1).step}`;
        const every = Math.max(1, Math.floor(result.curve.length / 10));
        notes.push(
          `gpt to 1.88, round ${round}: ${reached ? `step ${reached.step}, ${reached.seconds.toFixed(1)} s` : 'not reached'}; last ${last.loss.toFixed(3)} at step ${last.step} after ${last.seconds.toFixed(1)} s; curve ${result.curve
            .filter((_, i) => i % every === 0)
            .map((p) => `${p.step}: ${p.loss.toFixed(2)} (${p.seconds.toFixed(0)} s)`)
            .join(', ')}; ${how}${torch.reached && reached ? `; ours ${(reached.seconds / torch.reached.seconds).toFixed(2)}x its time` : ''}${
            torch.missing
              ? ''
              : `; all ${last.step} steps: ours ${last.seconds.toFixed(1)} s, PyTorch ${torch.curve.at(-1).seconds.toFixed(1)} s (${(last.seconds / torch.curve.at(-1).seconds).toFixed(2)}x)${sameLoss(result.curve, torch.curve)}`
          }; last sample: ${JSON.stringify(result.sample.slice(0, 160))}`,
        );
      }
      if (theirs.length)
        notes.push(
          `gpt all ${GPT.steps} steps, two alternated rounds: ours ${median(ours).toFixed(1)} s (${spread(ours)}), PyTorch ${median(theirs).toFixed(1)} s (${spread(theirs)}): ${(median(ours) / median(theirs)).toFixed(2)}x its time`,
        );
      return firstReached;
    },
  },
  {
    name: 'memory-sweep-seconds',
    unit: 's',
    once: true,
    what: "Lesson 5's whole sweep at the notebook's configuration (V 512, hidden 32, lengths 4-18, RNN and LSTM: 16 models of 100 full-batch epochs) through the page's API, on WASM, with PyTorch's in the same run (issue 11's goal: 90 s)",
    run: async (page) => {
      // One epoch of the longest models on both paths, profiled: where the time goes.
      for (const cell of SWEEP.cells) {
        for (const fused of [false, true]) {
          const r = await page.evaluate(([config, f]) => window.lesson('lstm').bench(config, f, 6), [{ ...SWEEP, cell, length: 18 }, fused]);
          const tfjsMs = r.kernels.reduce((sum, k) => sum + k.ms, 0);
          const top = r.kernels
            .slice(0, 5)
            .map((k) => `${k.name} ${k.ms.toFixed(1)} ms (${k.calls})`)
            .join(', ');
          notes.push(
            `memory ${cell} L 18 on ${r.fused ? 'the fused kernels' : 'tfjs ops'}: ${r.msPerEpoch.toFixed(1)} ms an epoch; one profiled epoch ${r.profiledMs.toFixed(0)} ms, of it tfjs kernels ${tfjsMs.toFixed(0)} ms: ${top}`,
          );
        }
      }
      const run = await page.evaluate(async (config) => {
        const points = [];
        const start = performance.now();
        await window.lesson('lstm').sweep(
          config,
          window.proxy((p) => points.push(p)),
        );
        return { seconds: (performance.now() - start) / 1000, points };
      }, SWEEP);
      const byCell = (cell) =>
        run.points
          .filter((p) => p.cell === cell)
          .map((p) => `L ${p.length}: ${(100 * p.accuracy).toFixed(1)}% in ${p.seconds.toFixed(1)} s`)
          .join(', ');
      notes.push(`memory sweep on WASM: ${run.seconds.toFixed(1)} s; RNN ${byCell('rnn')}; LSTM ${byCell('lstm')}`);
      return run.seconds;
    },
  },
];
