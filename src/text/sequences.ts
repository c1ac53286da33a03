// Number sequences as toy corpora: the data of Lesson 4 (count on) and Lesson 5 (remember the first element).

/**
 * Every run of L consecutive numbers in 0..V-1 that leaves room for one more: item i has inputs
 * i, i+1, ..., i+L-1 and, at step t, the target `target(i, t)`. V - L items, stored row-major ([items, L]).
 */
export function consecutiveSequences(
  vocab: number,
  length: number,
  target: (item: number, t: number) => number,
): { inputs: Int32Array; targets: Int32Array; items: number } {
  const items = Math.max(0, vocab - length);
  const inputs = new Int32Array(items * length);
  const targets = new Int32Array(items * length);
  for (let i = 0; i < items; i++) {
    for (let t = 0; t < length; t++) {
      inputs[i * length + t] = i + t;
      targets[i * length + t] = target(i, t);
    }
  }
  return { inputs, targets, items };
}
