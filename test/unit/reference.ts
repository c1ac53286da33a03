import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BackendInfo } from '../../src/train/types';

/** The shared folder beside the checkout (PyTorch reference vectors, data sets). */
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** Reads one of the PyTorch reference files in ../shared/reference. */
export function readReference<T>(name: string): T {
  return JSON.parse(readFileSync(`${SHARED}reference/${name}`, 'utf8')) as T;
}

/** Nested arrays of numbers, as the reference JSON stores tensors. */
export type Nested = number | Nested[];

/** A nested array flattened in row-major order. */
export const flat = (x: Nested): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);

/** The largest |actual - expected| (the two of the same length). */
export function maxAbsDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`lengths differ: ${actual.length} against ${expected.length}`);
  let m = 0;
  for (let i = 0; i < expected.length; i++) m = Math.max(m, Math.abs(actual[i] - expected[i]));
  return m;
}

/** The largest absolute difference relative to the largest magnitude expected (not below 1e-6). */
export function maxRelDiff(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
  }
  return diff / Math.max(scale, 1e-6);
}

/** The backend the unit tests' workers run on: tfjs's CPU backend, one thread. */
export const CPU: BackendInfo = {
  name: 'cpu',
  reason: 'unit tests run on the CPU backend',
  renderer: 'none',
  softwareWebgl: false,
  webglAvailable: false,
  crossOriginIsolated: false,
  simd: false,
  threads: 1,
};
