// Lesson 8's slice of the worker API: one transformer block traced on the reader's tokens. Types only.

import type { BlockTrace, Matrix, TraceOptions } from './trace';

export type { BlockTrace, Matrix, TraceOptions };

export interface TransformerApi {
  /** One block with random weights from `options.seed` on `tokens`, every intermediate kept. */
  trace(tokens: string[], options: TraceOptions): Promise<BlockTrace>;
}
