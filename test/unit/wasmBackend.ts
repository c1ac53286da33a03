// For test files whose runs are long on tfjs's CPU backend: the WASM backend in Node for this file, and the CPU
// backend (the unit tests' own, see setup.ts) back afterwards.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll } from 'vitest';

export function onWasmBackend(): void {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
}
