// Lesson 2's batches: each epoch reads the examples in a seeded shuffled order, so that a run resumed from any
// checkpoint draws what the uninterrupted run would have.

import { createRng } from '../../lib/rng';
import type { Windows } from '../../text/wikitext';

/** The order of `n` examples in `epoch`: a Fisher-Yates shuffle seeded by the run's seed and the epoch (into `reuse` when it fits). */
export function epochOrder(n: number, seed: number, epoch: number, reuse?: Int32Array): Int32Array {
  const order = reuse && reuse.length === n ? reuse : new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = createRng((seed * 7919 + epoch * 104729) >>> 0);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** The batch of at most `batch` examples from `start` in `order`: context ids [size, window] and centres [size]. */
export function batchOf(windows: Windows, order: Int32Array, start: number, batch: number): { contexts: Int32Array; centres: Int32Array } {
  const { window } = windows;
  const size = Math.min(batch, windows.centres.length - start);
  const contexts = new Int32Array(size * window);
  const centres = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const n = order[start + i];
    centres[i] = windows.centres[n];
    contexts.set(windows.contexts.subarray(n * window, (n + 1) * window), i * window);
  }
  return { contexts, centres };
}
