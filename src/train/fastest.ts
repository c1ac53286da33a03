// Which backend trains a model fastest here, measured rather than guessed: a few steps of the reader's own model
// timed on each backend worth trying (our WebAssembly kernels on the CPU, tfjs's WebGL and WebGPU on the GPU), the fastest
// kept. A path far behind is cut short after its first step, so that a GPU drawing in software costs a few
// seconds, not minutes. No tfjs here: the worker hands in how to switch and what to time.

import type { BackendName, BackendTiming } from './types';

/** What a timing gives back: at least the seconds a step, and whether it was cut short (the lesson's estimate, say). */
export interface Timed {
  secondsPerStep: number;
  stopped?: boolean;
}

/**
 * A path's first step (where WebGL compiles its shaders) may take this many times the fastest path's step so far,
 * and at least MIN_LIMIT_S, before its timing stops there.
 */
export const LIMIT_FACTOR = 20;
export const MIN_LIMIT_S = 2;

/**
 * Times `time` on each of `candidates` in turn (`use` switches; a backend that does not start is passed over, one
 * whose step throws is noted), and leaves the fastest in use. `time` gets the seconds its first step may take
 * (Infinity for the first candidate). Returns the fastest's name and result, and every timing, fastest first.
 */
export async function raceBackends<T extends Timed>(
  candidates: readonly BackendName[],
  use: (name: BackendName) => Promise<boolean>,
  time: (limitSeconds: number) => Promise<T>,
): Promise<{ name: BackendName; best: T; timings: BackendTiming[] }> {
  let best: { name: BackendName; result: T } | undefined;
  let current: BackendName | undefined;
  const timings: BackendTiming[] = [];
  for (const name of candidates) {
    if (!(await use(name))) continue;
    current = name;
    const limit = best ? Math.max(MIN_LIMIT_S, LIMIT_FACTOR * best.result.secondsPerStep) : Number.POSITIVE_INFINITY;
    try {
      const result = await time(limit);
      timings.push({ name, secondsPerStep: result.secondsPerStep, stopped: result.stopped === true });
      if (!result.stopped && (!best || result.secondsPerStep < best.result.secondsPerStep)) best = { name, result };
    } catch (error) {
      timings.push({ name, secondsPerStep: Number.NaN, stopped: true, failed: error instanceof Error ? error.message : String(error) });
    }
  }
  if (!best) throw new Error(`No backend could train this model here (${timings.map((t) => `${t.name}: ${t.failed ?? 'cut short'}`).join('; ')}).`);
  if (current !== best.name && !(await use(best.name))) throw new Error(`${best.name} stopped starting after it was timed.`);
  const order = (t: BackendTiming) => (Number.isNaN(t.secondsPerStep) ? Number.POSITIVE_INFINITY : t.secondsPerStep);
  return { name: best.name, best: best.result, timings: timings.sort((a, b) => order(a) - order(b)) };
}

/** Seconds as a reader reads a step's time: "42 ms", "3.1 s". */
export function stepTime(seconds: number): string {
  return seconds < 1 ? `${Math.max(1, Math.round(seconds * 1000))} ms` : `${seconds.toFixed(1)} s`;
}

const LABELS: Record<BackendName, string> = { wasm: 'WASM (our kernels on the CPU)', webgl: 'WebGL', webgpu: 'WebGPU', cpu: 'plain JavaScript' };

/** The timings in words: "WASM (our kernels on the CPU) 42 ms a step; WebGL (…): its first step took 3.1 s (cut short)". */
export function describeTimings(timings: readonly BackendTiming[], webglName: string): string {
  return timings
    .map((t) => {
      const label = t.name === 'webgl' ? `${LABELS.webgl} (${webglName})` : LABELS[t.name];
      if (t.failed) return `${label} failed (${t.failed})`;
      return t.stopped ? `${label}: its first step took ${stepTime(t.secondsPerStep)} (cut short)` : `${label} ${stepTime(t.secondsPerStep)} a step`;
    })
    .join('; ');
}
