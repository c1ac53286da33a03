// The benchmark page: starts the real training worker and lets test/bench/run.mjs drive it.

import { startTrainer } from '../train/useTrainer';

declare global {
  interface Window {
    benchmarks: ReturnType<typeof startTrainer>['trainer'];
  }
}

window.benchmarks = startTrainer().trainer;
document.getElementById('status')!.textContent = 'ready';
