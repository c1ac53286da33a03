// The benchmarks' slice of the worker: each times the lessons' own code on the data a lesson loaded,
// never the page's model.

import * as tf from '@tensorflow/tfjs';
import { CountingSession } from '../../lessons/counting/session';
import { GptSession } from '../../lessons/gpt/session';
import { MemoryTrainer } from '../../lessons/lstm/memory';
import { createBigramTrainer } from '../../lessons/tokens/bigram';
import { bigramVocab, pairsFor, type TokenCorpus } from '../../lessons/tokens/session';
import { DataError } from '../../lib/errors';
import { createRng } from '../../lib/rng';
import type { CharCorpus } from '../../text/chars';
import { windowBatch } from '../../text/chars';
import { CharSession } from '../charLstm/session';
import type { WorkerContext } from '../context';
import type { BenchApi } from './api';
import { benchCbowStep, byKernel } from './cbow';

/** Runs `step` once to warm up, then as often as it can in `seconds`; the steps and the seconds they took. */
function timed(seconds: number, step: () => void): { steps: number; elapsed: number } {
  step();
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    step();
    steps++;
  }
  return { steps, elapsed: (performance.now() - start) / 1000 };
}

export function benchWorker(
  ctx: WorkerContext,
  loaded: { corpus: () => TokenCorpus | undefined; book: () => CharCorpus | undefined; gptBook: () => CharCorpus | undefined },
): BenchApi {
  return {
    async benchMatmul(n, seconds, shape) {
      await ctx.ensureBackend();
      const [rows, inner, cols] = shape ?? [n, n, n];
      const a = tf.randomNormal([rows, inner]) as tf.Tensor2D;
      const b = tf.randomNormal([inner, cols]) as tf.Tensor2D;
      try {
        tf.tidy(() => tf.matMul(a, b)).dispose(); // warm-up: compiles shaders, allocates
        let runs = 0;
        const start = performance.now();
        while (performance.now() - start < seconds * 1000) {
          const c = tf.matMul(a, b);
          await c.data();
          c.dispose();
          runs++;
        }
        const elapsed = (performance.now() - start) / 1000;
        return { gflops: (2 * rows * inner * cols * runs) / elapsed / 1e9, runs };
      } finally {
        a.dispose();
        b.dispose();
      }
    },

    async benchBigram(config, seconds) {
      const corpus = loaded.corpus();
      if (!corpus) throw new DataError('Load a corpus first.');
      await ctx.ensureBackend();
      const vocab = bigramVocab(corpus, config.vocabSize);
      const trainer = createBigramTrainer(vocab.itos.length, config, createRng(config.seed));
      try {
        trainer.usePairs(pairsFor(vocab, corpus).pairs);
        const { steps, elapsed } = timed(seconds, () => trainer.step());
        return { stepsPerSecond: steps / elapsed, steps };
      } finally {
        trainer.dispose();
      }
    },

    async benchCbowStep(options) {
      await ctx.ensureBackend();
      return benchCbowStep(options);
    },

    async benchCounting(config) {
      await ctx.ensureBackend();
      const session = new CountingSession(config);
      try {
        let lastLoss = Number.NaN;
        const start = performance.now();
        while (session.step < session.totalSteps) lastLoss = session.trainStep();
        const seconds = (performance.now() - start) / 1000;
        return { seconds, accuracy: session.evaluate().accuracy, lastLoss };
      } finally {
        session.dispose();
      }
    },

    async benchChar(config, seconds, profile = false) {
      const book = loaded.book();
      if (!book) throw new DataError('Load a book first.');
      await ctx.ensureBackend();
      const session = CharSession.create(book, { ...config, steps: 1_000_000 });
      session.model.kernels = await ctx.fastKernels();
      const rng = createRng(config.seed);
      const step = () => {
        const { inputs, targets } = windowBatch(book.train, config.window, config.batch, rng);
        return session.model.trainStep(inputs, targets);
      };
      try {
        const { steps, elapsed } = timed(seconds, step);
        let kernels: { name: string; ms: number; calls: number }[] = [];
        let profiledMs = 0;
        if (profile) {
          const started = performance.now();
          const info = await tf.profile(() => tf.scalar(step()));
          profiledMs = performance.now() - started;
          tf.dispose(info.result as tf.Tensor);
          kernels = byKernel(info.kernels as unknown as { name: string; kernelTimeMs: number; inputShapes: number[][] }[]);
        }
        return {
          charsPerSecond: (steps * config.window * config.batch) / elapsed,
          steps,
          validationLoss: session.validationLoss(),
          fused: session.model.kernels !== undefined,
          kernels,
          profiledMs,
        };
      } finally {
        session.dispose();
      }
    },

    async benchGpt(config, seconds, profile = false, fused = true) {
      const book = loaded.gptBook();
      if (!book) throw new DataError('Load a book for Lesson 9 first (gptLoad).');
      await ctx.ensureBackend();
      const session = GptSession.create(book, { ...config, steps: 1_000_000 });
      try {
        if (fused) await session.useKernels(await ctx.fastKernels());
        const { steps, elapsed } = timed(seconds, () => session.trainStep());
        let kernels: { name: string; ms: number; calls: number }[] = [];
        let profiledMs = 0;
        if (profile) {
          const started = performance.now();
          const info = await tf.profile(() => tf.scalar(session.trainStep()));
          profiledMs = performance.now() - started;
          tf.dispose(info.result as tf.Tensor);
          kernels = byKernel(info.kernels as unknown as { name: string; kernelTimeMs: number; inputShapes: number[][] }[]);
        }
        return {
          charsPerSecond: (steps * config.context * config.batch) / elapsed,
          steps,
          kernels,
          profiledMs,
          fused: session.fused,
          threads: session.kernelThreads,
        };
      } finally {
        session.dispose();
      }
    },

    async benchMemory(config, fused, epochs) {
      await ctx.ensureBackend();
      const trainer = new MemoryTrainer(config, fused ? await ctx.fastKernels() : undefined);
      try {
        trainer.trainEpoch(); // warm-up
        const start = performance.now();
        for (let e = 1; e < epochs; e++) trainer.trainEpoch();
        const msPerEpoch = (performance.now() - start) / Math.max(1, epochs - 1);
        const started = performance.now();
        const info = await tf.profile(() => tf.scalar(trainer.trainEpoch()));
        const profiledMs = performance.now() - started;
        tf.dispose(info.result as tf.Tensor);
        return {
          msPerEpoch,
          fused: fused && trainer.fused,
          kernels: byKernel(info.kernels as unknown as { name: string; kernelTimeMs: number; inputShapes: number[][] }[]),
          profiledMs,
        };
      } finally {
        trainer.dispose();
      }
    },
  };
}
