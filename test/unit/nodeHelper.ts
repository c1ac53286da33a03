// The kernels' helper thread as a Node worker thread (what src/kernels/helper.worker.ts does in the browser), for
// the unit tests that run the engines on two threads.
import { Worker } from 'node:worker_threads';
import type { StartHelper } from '../../src/kernels/kernels';

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
