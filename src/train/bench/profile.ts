// What every lesson's benchmark uses (npm run bench): timing a step for some seconds, and tfjs's profile of
// one step by kernel. Each lesson's own benchmarks are in its folder (bench.ts), in its slice of the worker.

import * as tf from '@tensorflow/tfjs';

/** Kernel time of one profiled step, by kernel, longest first. */
export interface KernelProfile {
  kernels: { name: string; ms: number; calls: number }[];
  profiledMs: number;
}

/** Runs `step` once to warm up, then as often as it can in `seconds`; the steps and the seconds they took. */
export function timed(seconds: number, step: () => void): { steps: number; elapsed: number } {
  step();
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    step();
    steps++;
  }
  return { steps, elapsed: (performance.now() - start) / 1000 };
}

/** Kernel time by kernel name, longest first. */
export function byKernel(
  kernels: { name: string; kernelTimeMs: number | { error: string }; inputShapes: number[][] }[],
): { name: string; ms: number; calls: number }[] {
  const table = new Map<string, { ms: number; calls: number }>();
  for (const k of kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    // Matmuls by shape: which product is slow matters.
    const name = k.name === 'BatchMatMul' ? `BatchMatMul ${k.inputShapes.map((s) => `[${s.join(',')}]`).join('x')}` : k.name;
    const row = table.get(name) ?? { ms: 0, calls: 0 };
    row.ms += ms;
    row.calls++;
    table.set(name, row);
  }
  return [...table.entries()].map(([name, v]) => ({ name, ...v })).sort((a, b) => b.ms - a.ms);
}

/** tfjs's profile of one call of `step` (which returns its loss): the kernels it ran and the milliseconds it took. */
export async function profileStep(step: () => number | Promise<number>): Promise<KernelProfile> {
  const started = performance.now();
  const info = await tf.profile(async () => tf.scalar(await step()));
  const profiledMs = performance.now() - started;
  tf.dispose(info.result as tf.Tensor);
  return { kernels: byKernel(info.kernels as unknown as { name: string; kernelTimeMs: number; inputShapes: number[][] }[]), profiledMs };
}

/** No profile (the benchmark was asked for none). */
export const NO_PROFILE: KernelProfile = { kernels: [], profiledMs: 0 };
