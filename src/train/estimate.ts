// How long a run of a step-by-step session will take here: one warm-up step, two timed ones, and the timed work it
// does every `every` steps (a validation pass with its sample), once at the start, every `every` steps and at the end.

import { yieldToEvents } from './loop';

/** A session as the estimate times it: one training step, and the work done every so many steps (its seconds). */
export interface Timeable {
  trainStep(): unknown;
  timeMeasure(): number | Promise<number>;
}

export interface RunEstimate {
  secondsPerStep: number;
  measureSeconds: number;
  seconds: number;
  /** The first step took longer than the limit, and the timing stopped there (its time is `secondsPerStep`). */
  stopped?: boolean;
}

/** The estimate of `steps` steps of `session` (which it disposes of); cut short where its first step takes over `limitSeconds`. */
export async function estimateRun(
  session: Timeable & { dispose(): void },
  steps: number,
  every: number,
  limitSeconds = Number.POSITIVE_INFINITY,
): Promise<RunEstimate> {
  try {
    const first = performance.now();
    session.trainStep();
    const firstSeconds = (performance.now() - first) / 1000;
    if (firstSeconds > limitSeconds) return { secondsPerStep: firstSeconds, measureSeconds: 0, seconds: firstSeconds * steps, stopped: true };
    await yieldToEvents();
    const started = performance.now();
    for (let i = 0; i < 2; i++) session.trainStep();
    const secondsPerStep = (performance.now() - started) / 2000;
    const measureSeconds = await session.timeMeasure();
    return { secondsPerStep, measureSeconds, seconds: secondsPerStep * steps + (Math.ceil(steps / every) + 1) * measureSeconds };
  } finally {
    session.dispose();
  }
}
