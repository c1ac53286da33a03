// The kernels' helper thread as a Node worker thread (what src/kernels/helper.worker.ts does in the browser), for
// the unit tests that run the engines on two threads, and each build of the kernels loaded as the worker loads it.

import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { type Kernels, loadKernels, type StartHelper } from '../../src/kernels/kernels';

export const startNodeHelper: StartHelper = (start) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(
      `const { parentPort, workerData: { module, memory, control } } = require('node:worker_threads');
       WebAssembly.instantiate(module, { env: { memory, abort() { throw new Error('abort'); } } }).then((instance) => {
         parentPort.postMessage('serving');
         instance.exports.serve(control);
       });`,
      { eval: true, workerData: start },
    );
    worker.unref(); // a helper left serving never keeps the test run alive
    worker.once('message', () => resolve({ terminate: () => void worker.terminate() }));
    worker.once('error', reject);
  });

/** The bytes of a build of the kernels (src/kernels/*.wasm, made by npm run kernels). */
export const wasm = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(new URL(`../../src/kernels/${name}`, import.meta.url)));

/**
 * The kernels of one build as the worker loads them: kernels-threads.wasm as a relaxed-SIMD instance whose engines
 * take a helper thread (this Node one), the others alone.
 */
export async function kernelsOf(variant: string): Promise<Kernels> {
  if (variant !== 'kernels-threads.wasm') return loadKernels(wasm(variant));
  return loadKernels(wasm('kernels-relaxed.wasm'), { module: await WebAssembly.compile(wasm(variant)), startHelper: startNodeHelper });
}
