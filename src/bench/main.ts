// The harness page (bench.html): starts the real training worker and hands it to the benchmarks
// (test/bench/run.mjs) and to end-to-end tests that reach below the lesson pages: `benchmarks` is the worker
// (its own methods), `lesson(slug)` a lesson's slice.

import { proxy, type Remote } from 'comlink';
import { forLesson, startTrainer, type Trainer } from '../client/useTrainer';

declare global {
  interface Window {
    benchmarks: Trainer;
    lesson: <S>(slug: string) => Remote<S>;
    proxy: typeof proxy;
  }
}

window.benchmarks = startTrainer().trainer;
window.lesson = <S>(slug: string) => forLesson<S>(window.benchmarks, slug).lesson;
window.proxy = proxy;
document.getElementById('status')!.textContent = 'ready';
