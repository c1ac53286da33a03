// Lesson 3's slice of the worker API: the step-through trace and the live check. Types only.

import type { RnnComparison } from '../../models/compare';
import type { SequenceTrace } from './demo';

export type { RnnComparison, SequenceTrace };

export interface RnnApi {
  /** A fresh RNN (hidden `hidden`, weights from `seed`) traced over `tokens`, and the same run cut in two calls at `split`. */
  trace(tokens: string[], hidden: number, seed: number, split: number): Promise<SequenceTrace>;
  /** The hand-written RNN against tf.layers.simpleRNN with copied weights (fresh, continuation, batch). */
  check(seed: number): Promise<RnnComparison>;
}
