// What a model takes to train, and the most the page lets it take. Each lesson's estimate is the peak of tfjs's
// tensors during one training step as tfjs ops (the WebGL path; the WebAssembly kernels take less), fitted to
// measurements of every lesson's step in test/unit/memoryBudget.test.ts, which checks that the estimate stays
// above the measured peak (so the page's "at most" holds) and within twice of it.

import { DataError } from './errors';

/** The most a model may take to train: more than this, and a browser tab on an ordinary laptop may fail. */
export const MEMORY_LIMIT_BYTES = 2 ** 30;

/** Bytes as the page says them: whole megabytes (MiB), rounded up. */
export const megabytes = (bytes: number): string => `${Math.max(1, Math.ceil(bytes / 2 ** 20)).toLocaleString('en')} MB`;

/** Why a model of `bytes` may not train (with what to make smaller), or undefined when it fits. */
export function memoryProblem(bytes: number, smaller: string): string | undefined {
  if (bytes <= MEMORY_LIMIT_BYTES) return undefined;
  return `This model would take about ${megabytes(bytes)} of memory to train; the page allows ${megabytes(MEMORY_LIMIT_BYTES)}. Make ${smaller} smaller.`;
}

/** Refuses a model of `bytes` before anything is built (see memoryProblem). */
export function checkMemory(bytes: number, smaller: string): void {
  const problem = memoryProblem(bytes, smaller);
  if (problem) throw new DataError(problem);
}

/** Bytes of `floats` 32-bit numbers. */
export const floatBytes = (floats: number): number => 4 * floats;
