// What a vocabulary costs and what it loses: its size and the share of a corpus it cannot name
// (`<unk>`) as the frequency threshold min_freq moves.

import { sortByFrequency } from '../../text/vocab';

/** Vocabulary size (with `<unk>`) and the share of running tokens that become `<unk>` at one min_freq. */
export interface MinFreqPoint {
  minFreq: number;
  vocabSize: number;
  unkShare: number;
}

/** The thresholds the corpus panel shows. */
export const MIN_FREQS = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000] as const;

/**
 * For each threshold, the size of torchtext's vocabulary with `specials=['<unk>']` and the share of all
 * tokens that fall below the threshold (or are `<unk>` already) and so map to `<unk>`. Counts are token -> occurrences.
 */
export function minFreqCurve(counts: ReadonlyMap<string, number>, minFreqs: readonly number[] = MIN_FREQS): MinFreqPoint[] {
  let total = 0;
  for (const count of counts.values()) total += count;
  // A literal `<unk>` in the text (WikiText-2 has them) is already unknown: it is the special, not a word.
  const sorted = [...counts]
    .filter(([token]) => token !== '<unk>')
    .map(([, count]) => count)
    .sort((a, b) => b - a);
  return minFreqs.map((minFreq) => {
    let kept = 0;
    let keptTokens = 0;
    for (const count of sorted) {
      if (count < minFreq) break;
      kept++;
      keptTokens += count;
    }
    return { minFreq, vocabSize: kept + 1, unkShare: total === 0 ? 0 : (total - keptTokens) / total };
  });
}

/** One row of the frequency table. */
export interface TokenCount {
  token: string;
  count: number;
  share: number;
}

/** The `n` most frequent tokens in torchtext's order, with their share of all tokens. */
export function topTokens(counts: ReadonlyMap<string, number>, n: number): TokenCount[] {
  let total = 0;
  for (const count of counts.values()) total += count;
  return sortByFrequency(counts)
    .slice(0, n)
    .map(([token, count]) => ({ token, count, share: count / total }));
}
