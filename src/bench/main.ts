// The harness page (bench.html): starts the real training worker and hands it to the benchmarks
// (test/bench/run.mjs) and to end-to-end tests that reach below the lesson pages.

import { proxy } from 'comlink';
import { startTrainer } from '../client/useTrainer';

declare global {
  interface Window {
    benchmarks: ReturnType<typeof startTrainer>['trainer'];
    proxy: typeof proxy;
  }
}

window.benchmarks = startTrainer().trainer;
window.proxy = proxy;
document.getElementById('status')!.textContent = 'ready';
