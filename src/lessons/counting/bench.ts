// Lesson 4's benchmark (npm run bench): a whole fresh run of a configuration (not the page's model), timed.

import type { CountingConfig } from './meta';
import { CountingSession } from './session';

export function benchCounting(config: CountingConfig): { seconds: number; accuracy: number; lastLoss: number } {
  const session = new CountingSession(config);
  try {
    let lastLoss = Number.NaN;
    const start = performance.now();
    while (session.step < session.totalSteps) lastLoss = session.trainStep();
    const seconds = (performance.now() - start) / 1000;
    return { seconds, accuracy: session.evaluate().accuracy, lastLoss };
  } finally {
    session.dispose();
  }
}
