// Starts the GPT engine's helper thread in the browser: a module worker of its own (helper.worker.ts), which
// the training worker owns.

import type { StartHelper } from './kernels';

export const startWorkerHelper: StartHelper = (start) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./helper.worker.ts', import.meta.url), { type: 'module', name: 'kernel helper' });
    worker.onmessage = () => resolve({ terminate: () => worker.terminate() });
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'The kernels’ helper thread failed to start.'));
    };
    worker.postMessage(start);
  });
