// The benchmarks' slice of the worker API (npm run bench drives it through bench.html). Types only.

import type { CountingConfig } from '../../lessons/counting/meta';
import type { GptTrainConfig } from '../../lessons/gpt/meta';
import type { MemoryConfig } from '../../lessons/lstm/meta';
import type { BigramConfig } from '../../lessons/tokens/api';
import type { CharTrainConfig } from '../charLstm/types';

export interface CbowBenchOptions {
  variant: 'ours' | 'straightforward';
  vocabSize: number;
  dim: number;
  window: number;
  batch: number;
  /** Examples per chunk ('ours' only; 0 picks the lesson's own). */
  chunk: number;
  steps: number;
  profile: boolean;
}

export interface CbowBenchResult {
  wordsPerSecond: number;
  secondsPerStep: number;
  chunk: number;
  /** Kernel time of one profiled step, by kernel, longest first (empty when not profiled). */
  kernels: { name: string; ms: number; calls: number }[];
  profiledMs: number;
}

export interface BenchApi {
  /**
   * Lesson 9's tiny GPT: training steps (no validation, samples or maps) for `seconds` on the book gptLoad loaded,
   * in the WebAssembly kernels where they load unless `fused` is false; one profiled step.
   */
  benchGpt(
    config: GptTrainConfig,
    seconds: number,
    profile?: boolean,
    fused?: boolean,
  ): Promise<{
    charsPerSecond: number;
    steps: number;
    kernels: { name: string; ms: number; calls: number }[];
    profiledMs: number;
    fused: boolean;
    threads: number;
  }>;
  /** n x n matmul throughput (or [m, k] x [k, n] for `shape` [m, k, n]). */
  benchMatmul(n: number, seconds: number, shape?: [number, number, number]): Promise<{ gflops: number; runs: number }>;
  /** Lesson 1's demo: training steps per second on the loaded corpus. */
  benchBigram(config: BigramConfig, seconds: number): Promise<{ stepsPerSecond: number; steps: number }>;
  /**
   * One full-softmax CBOW training step on synthetic ids (V, D, window, batch, chunk as given),
   * `variant` 'ours' (the lesson's step) or 'straightforward' (tf.gather + matMul + softmaxCrossEntropy +
   * tf.train.adam, gradients by autodiff). Times `steps` steps after a warm-up, and profiles one step by kernel.
   */
  benchCbowStep(options: CbowBenchOptions): Promise<CbowBenchResult & { lookup?: string }>;
  /** A whole fresh run of `config` (not the page's model); seconds of training alone. */
  benchCounting(config: CountingConfig): Promise<{ seconds: number; accuracy: number; lastLoss: number }>;
  /**
   * Characters per second of training steps at `config` on the loaded book, timed for `seconds`; with `profile`,
   * the tfjs kernel time of one step by kernel (the fused WebAssembly layers are the rest of `profiledMs`).
   */
  benchChar(
    config: CharTrainConfig,
    seconds: number,
    profile?: boolean,
  ): Promise<{ charsPerSecond: number; steps: number; validationLoss: number; fused: boolean; kernels: CbowBenchResult['kernels']; profiledMs: number }>;
  /**
   * Lesson 5: `epochs` epochs of one memory model at `config`, on the fused WebAssembly kernels or (`fused` false)
   * tfjs's autodiff; milliseconds an epoch, and the tfjs kernel time of one profiled epoch by kernel.
   */
  benchMemory(
    config: MemoryConfig,
    fused: boolean,
    epochs: number,
  ): Promise<{ msPerEpoch: number; fused: boolean; kernels: CbowBenchResult['kernels']; profiledMs: number }>;
}
