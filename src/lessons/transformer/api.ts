// Lesson 8's slice of the worker API: one transformer block traced on the reader's tokens, with random weights or a
// trained model's. Types only.

import type { BlockTrace, Matrix, TraceOptions } from './trace';
import type { TrainedSummary } from './trained';

export type { BlockTrace, Matrix, TraceOptions, TrainedSummary };

export interface TransformerApi {
  /** One block with random weights from `options.seed` on `tokens`, every intermediate kept. */
  trace(tokens: string[], options: TraceOptions): Promise<BlockTrace>;
  /** Opens Project II's ready-trained transformer from `url` (the site's file) for the step-through. */
  openReady(url: string): Promise<TrainedSummary>;
  /** Opens the tiny GPT the reader trained in Lesson 9 in this browser (its checkpoint). */
  openSaved(): Promise<TrainedSummary>;
  /** Opens a tiny GPT the reader exported from Lesson 9. */
  openTinyGpt(file: File): Promise<TrainedSummary>;
  /** Block `layer` (from 1) of the opened model on `text` (its own tokens, the first MAX_TOKENS of them). */
  traceTrained(text: string, layer: number): Promise<BlockTrace>;
}
