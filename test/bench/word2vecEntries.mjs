// The benchmarks of Lesson 2: the full-softmax CBOW step against a straightforward tfjs one and PyTorch,
// its profile, memory and first epoch, and fast mode.

import {
  alternate,
  cbowFlopsPerWord,
  FAST,
  loadWikitext,
  measured,
  mib,
  mirrors,
  NOTEBOOK,
  NOTEBOOK_V,
  notes,
  PROBES,
  pytorchCbow,
  timedSteps,
} from './common.mjs';

/** Each entry: its name, unit, whether it runs per backend, and how to measure it on a page with its backend set. */
export const WORD2VEC_ENTRIES = [
  {
    name: 'cbow-full-words-per-s',
    unit: 'centre words/s',
    what: 'one full-softmax CBOW step at the notebook configuration (V 4056, D 300, max_norm 1, Adam) on WikiText-2, batch 20000 in chunks (1000 on the CPU backend and on software WebGL, where 20000 takes many minutes); the second of two steps is timed',
    run: async (page, backend, info) => {
      await loadWikitext(page);
      const batch = backend === 'cpu' || (backend === 'webgl' && info.softwareWebgl) ? 1000 : NOTEBOOK.batch;
      const plan = await page.evaluate((config) => window.lesson('word2vec').create(config), { ...NOTEBOOK, batch });
      await timedSteps(page, 1);
      const { seconds, peakBytes, peakHeap } = await timedSteps(page, 1);
      notes.push(
        `cbow-full on ${backend}: batch ${batch} in chunks of ${plan.chunk}, ${seconds.toFixed(1)} s a step; peak tfjs memory ${mib(peakBytes)}${peakHeap ? `, WASM heap ${mib(peakHeap)}` : ''}`,
      );
      await page.evaluate(() => window.lesson('word2vec').reset());
      return batch / seconds;
    },
  },
  {
    name: 'cbow-straightforward-words-per-s',
    unit: 'centre words/s',
    what: 'the baseline: the same model written straightforwardly in tfjs (tf.gather, or a one-hot matmul where gather has no gradient kernel; matMul with transpose flags; softmaxCrossEntropy; autodiff; tf.train.adam), V 4056, D 300, batch 1024 (20000 in one go does not fit), synthetic ids',
    run: async (page, backend) => {
      const r = await page.evaluate((o) => window.lesson('word2vec').benchStep(o), {
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
    once: true,
    what: "the lesson's full-softmax step on WASM over PyTorch's (its faster thread setting), the sides alternated: three rounds of one step of 20000 in the page, then one step of PyTorch at each thread setting; medians (issue 11's goal: 0.5)",
    run: async (page) => {
      await loadWikitext(page);
      await page.evaluate((config) => window.lesson('word2vec').create(config), NOTEBOOK);
      await timedSteps(page, 1); // warm-up
      const ratio = await alternate(
        'cbow-full-vs-pytorch',
        'centre words/s',
        3,
        async () => NOTEBOOK.batch / (await timedSteps(page, 1)).seconds,
        () => {
          const torch = pytorchCbow(1);
          return { value: torch.wordsPerSecond, how: torch.how };
        },
      );
      await page.evaluate(() => window.lesson('word2vec').reset());
      return ratio;
    },
  },
  {
    name: 'cbow-step-profile-ms',
    unit: 'ms',
    what: "kernel time of one of the lesson's full-softmax steps (V 4056, D 300, synthetic ids, batch 3308 = two chunks of 1654; 1000 on CPU and software WebGL), by tf.profile; the notes list the kernels",
    run: async (page, backend, info) => {
      const batch = backend === 'cpu' || (backend === 'webgl' && info.softwareWebgl) ? 1000 : 3308;
      const r = await page.evaluate((o) => window.lesson('word2vec').benchStep(o), {
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
    name: 'cbow-full-tensors-per-epoch',
    unit: 'tensors',
    once: true,
    what: 'live tfjs tensors after each of 3 full-softmax epochs (WikiText-2, first 3000 lines, D 50, batch 5000); must not grow',
    run: async (page) => {
      const slice = { ...NOTEBOOK, minFreq: 5, dim: 50, batch: 5000, epochs: 3 };
      await page.evaluate(
        async ({ urls, config }) => {
          await window.lesson('word2vec').load({ kind: 'mirrors', urls: urls.map((u) => `${u}?lines=3000`), name: 'WikiText-2 slice' });
          await window.lesson('word2vec').create(config);
        },
        { urls: mirrors, config: slice },
      );
      const counts = await page.evaluate(async () => {
        const w = window.benchmarks;
        const out = [];
        // Train one epoch at a time (pausing at each epoch's end) and count the tensors alive then.
        let epochs = 0;
        for (;;) {
          const summary = await window.lesson('word2vec').train(
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
        const restored = await window.lesson('word2vec').restore();
        return restored ? restored.epochMeans.length : 0;
      });
      notes.push(`cbow-full-tensors-per-epoch: ${perEpoch} epochs checkpointed; tensors alive after training: ${counts.join(', ')}`);
      await page.evaluate(() => window.lesson('word2vec').reset());
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
      await page.evaluate((config) => window.lesson('word2vec').create(config), FAST);
      await timedSteps(page, 5);
      const { seconds } = await timedSteps(page, 50);
      await page.evaluate(() => window.lesson('word2vec').reset());
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
          await window.lesson('word2vec').create(config);
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
              const n = await window.lesson('word2vec').neighbours(probe, 10);
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
          await window.lesson('word2vec').reset();
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
      await page.evaluate((config) => window.lesson('word2vec').create(config), NOTEBOOK);
      const result = await page.evaluate(async () => {
        const start = performance.now();
        let mean;
        await window.lesson('word2vec').train(
          93,
          window.proxy((p) => {
            if ((p.epochMeans ?? []).length > 0) mean = p.epochMeans[0].loss;
          }),
        );
        return { seconds: (performance.now() - start) / 1000, mean };
      });
      notes.push(`cbow-full-first-epoch-seconds: mean batch loss of epoch 1 = ${result.mean?.toFixed(3)} (the notebook printed 5.389; PyTorch here 5.290)`);
      await page.evaluate(() => window.lesson('word2vec').reset());
      return result.seconds;
    },
  },
];
