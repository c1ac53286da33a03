// Four ways to pick the next character from the model's scores: greedy, sampling with a temperature,
// top-k and top-p (nucleus) sampling (Holtzman et al. 2019).

import type { Rng } from '../lib/rng';

export type SamplingMode = 'greedy' | 'temperature' | 'top-k' | 'top-p';

export interface SamplingOptions {
  mode: SamplingMode;
  /** Divides the logits before the softmax (all modes but greedy): below 1 sharper, above 1 flatter. */
  temperature: number;
  /** top-k: only the k most likely characters. */
  k: number;
  /** top-p: the smallest set of most likely characters whose probabilities add up to at least p. */
  p: number;
}

/** The four modes as the pages name them. */
export const SAMPLING_MODES: { mode: SamplingMode; label: string }[] = [
  { mode: 'greedy', label: 'greedy (always the most likely)' },
  { mode: 'temperature', label: 'sample with a temperature' },
  { mode: 'top-k', label: 'top-k' },
  { mode: 'top-p', label: 'top-p (nucleus)' },
];

/** softmax(logits / temperature), in float64. */
export function softmaxWithTemperature(logits: ArrayLike<number>, temperature: number): Float64Array {
  const t = Math.max(temperature, 1e-6);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp((logits[i] - max) / t);
    sum += out[i];
  }
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

/**
 * The distribution the next character is drawn from under `options`: one-hot on the argmax for greedy;
 * the tempered softmax, cut to its top k or its top-p nucleus and renormalised, otherwise.
 */
export function samplingDistribution(logits: ArrayLike<number>, options: SamplingOptions): Float64Array {
  const n = logits.length;
  if (options.mode === 'greedy') {
    let best = 0;
    for (let i = 1; i < n; i++) if (logits[i] > logits[best]) best = i;
    const out = new Float64Array(n);
    out[best] = 1;
    return out;
  }
  const probs = softmaxWithTemperature(logits, options.temperature);
  if (options.mode === 'temperature') return probs;
  const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a] || a - b);
  let keep: number;
  if (options.mode === 'top-k') {
    keep = Math.min(n, Math.max(1, Math.floor(options.k)));
  } else {
    keep = 0;
    let mass = 0;
    while (keep < n && (keep === 0 || mass < options.p)) mass += probs[order[keep++]];
  }
  const out = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < keep; r++) sum += probs[order[r]];
  for (let r = 0; r < keep; r++) out[order[r]] = probs[order[r]] / sum;
  return out;
}

/** Draws an index from `distribution` with the seeded `rng`. */
export function drawFrom(distribution: ArrayLike<number>, rng: Rng): number {
  let u = rng();
  let last = 0;
  for (let i = 0; i < distribution.length; i++) {
    if (distribution[i] <= 0) continue;
    last = i;
    u -= distribution[i];
    if (u < 0) return i;
  }
  return last;
}

/** The next character's id under `options`. */
export const sampleNext = (logits: ArrayLike<number>, options: SamplingOptions, rng: Rng): number => drawFrom(samplingDistribution(logits, options), rng);

/** How a language model's next token is picked (Lesson 11): greedy, or drawn at a temperature from the top k and/or the top-p nucleus. */
export interface PickOptions {
  greedy?: boolean;
  temperature?: number;
  topK?: number;
  topP?: number;
}

/**
 * The next token under `options`, in the order Hugging Face's generate applies them: the logits divided by the
 * temperature, cut to the top k, then to the smallest nucleus of probability at least p, renormalised and drawn
 * with `rng`; greedy (or no rng) takes the argmax.
 */
export function pickToken(logits: ArrayLike<number>, options: PickOptions, rng?: Rng): number {
  const n = logits.length;
  if (options.greedy || !rng) {
    let best = 0;
    for (let i = 1; i < n; i++) if (logits[i] > logits[best]) best = i;
    return best;
  }
  const probs = softmaxWithTemperature(logits, options.temperature ?? 1);
  const { topK, topP } = options;
  if (!topK && (topP === undefined || topP >= 1)) return drawFrom(probs, rng);
  const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a] || a - b);
  let keep = topK ? Math.min(n, Math.max(1, Math.floor(topK))) : n;
  if (topP !== undefined && topP < 1) {
    let mass = 0;
    let nucleus = 0;
    while (nucleus < keep && (nucleus === 0 || mass < topP)) mass += probs[order[nucleus++]];
    keep = nucleus;
  }
  const out = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < keep; r++) sum += probs[order[r]];
  for (let r = 0; r < keep; r++) out[order[r]] = probs[order[r]] / sum;
  return drawFrom(out, rng);
}
