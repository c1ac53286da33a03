// Byte-pair encoding as the series builds it (christianb93/MLLM wiki/BPE.py, after Sennrich et al. 2016 and
// subword-nmt): every word starts as its characters, the last with `</w>` on it; the most frequent pair of
// adjacent symbols is merged into a new symbol, again and again, each merge a rule. Ties go to the larger pair
// (Python's `max` over (count, pair)), only whole symbols merge, `</unk>` is symbol 0. The counts are kept up to
// date merge by merge (an index from pairs to the words they occur in, and a heap for the most frequent), so
// learning takes seconds where recounting every pair at every merge takes minutes.

import { comparePython } from './python';

export const END_OF_WORD = '</w>';
export const UNKNOWN = '</unk>';

export interface BpeOptions {
  /** Raise the number of merges so that the vocabulary is a multiple of 64 (the notebook's align_vocab). */
  alignVocab?: boolean;
  /** Stop when the most frequent pair occurs fewer times than this (default 1). */
  minFrequency?: number;
}

export interface BpeModel {
  /** The merges, in the order they were learned. */
  rules: [string, string][];
  /** `</unk>`, the characters, then one new symbol per rule. */
  vocab: string[];
  /** `word` as symbols, the rules applied in order; a character the vocabulary lacks becomes `</unk>`. */
  encodeWord(word: string): string[];
}

/** One merge as it happened: the pair, how often it occurred (weighted by the words' counts), the new symbol. */
export interface Merge {
  rule: number;
  pair: [string, string];
  count: number;
  symbol: string;
  /** Symbols of every word of the corpus (counted with repetition) after this merge. */
  tokens: number;
}

/** The symbols a word starts as: its characters (code points, as Python iterates a string), `</w>` on the last. */
export function initialSymbols(word: string): string[] {
  const chars = Array.from(word);
  if (chars.length > 0) chars[chars.length - 1] += END_OF_WORD;
  return chars;
}

/** Pair keys from symbol ids (fewer than 2^21 symbols). */
const PAIR = 2 ** 21;

/** A max-heap of (count, pair), ties to the larger pair in Python's order; entries go stale and are skipped. */
class PairHeap {
  private readonly counts: number[] = [];
  private readonly keys: number[] = [];
  constructor(private readonly larger: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.counts.length;
  }

  private above(i: number, j: number): boolean {
    return this.counts[i] > this.counts[j] || (this.counts[i] === this.counts[j] && this.larger(this.keys[i], this.keys[j]));
  }

  private swap(i: number, j: number): void {
    [this.counts[i], this.counts[j]] = [this.counts[j], this.counts[i]];
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.counts.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peek(): { count: number; key: number } {
    return { count: this.counts[0], key: this.keys[0] };
  }

  pop(): void {
    const last = this.counts.length - 1;
    this.swap(0, last);
    this.counts.pop();
    this.keys.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < this.counts.length && this.above(l, top)) top = l;
      if (r < this.counts.length && this.above(r, top)) top = r;
      if (top === i) break;
      this.swap(i, top);
      i = top;
    }
  }
}

/**
 * The learning, merge by merge: `step` makes the next merges, so that a worker can report each and stop between
 * them. Holds each distinct word once, with its count.
 */
export class BpeLearner {
  /** Every symbol so far, by id: `</unk>`, the characters in order of first appearance, then the merges'. */
  readonly symbols: string[] = [UNKNOWN];
  readonly rules: [string, string][] = [];
  readonly merges: Merge[] = [];
  /** Distinct words and symbols of the corpus at the start. */
  readonly distinctWords: number;
  readonly totalWords: number;
  /** Symbols of the whole corpus now (each word counted as often as it occurs). */
  tokens = 0;
  private readonly ids = new Map<string, number>([[UNKNOWN, 0]]);
  private readonly words: number[][] = [];
  private readonly freqs: number[] = [];
  private readonly stats = new Map<number, number>();
  private readonly index = new Map<number, Map<number, number>>();
  private readonly heap: PairHeap;
  private finished = false;

  constructor(words: Iterable<string>) {
    const counts = new Map<string, number>();
    let total = 0;
    for (const word of words) {
      counts.set(word, (counts.get(word) ?? 0) + 1);
      total++;
    }
    this.totalWords = total;
    this.heap = new PairHeap((a, b) => {
      const first = comparePython(this.symbols[Math.floor(a / PAIR)], this.symbols[Math.floor(b / PAIR)]);
      return first !== 0 ? first > 0 : comparePython(this.symbols[a % PAIR], this.symbols[b % PAIR]) > 0;
    });
    for (const [word, freq] of counts) {
      if (word.length === 0) continue;
      const symbols = initialSymbols(word).map((s) => this.idOf(s));
      this.words.push(symbols);
      this.freqs.push(freq);
      this.tokens += freq * symbols.length;
    }
    this.distinctWords = this.words.length;
    for (let w = 0; w < this.words.length; w++) this.count(w, this.words[w], 1);
    for (const [key, count] of this.stats) this.heap.push(count, key);
  }

  private idOf(symbol: string): number {
    let id = this.ids.get(symbol);
    if (id === undefined) {
      id = this.symbols.length;
      this.symbols.push(symbol);
      this.ids.set(symbol, id);
    }
    return id;
  }

  /** Adds `sign` times the pairs of word `w` (as `symbols`) to the counts and the index. */
  private count(w: number, symbols: readonly number[], sign: 1 | -1): void {
    const freq = this.freqs[w];
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = symbols[i] * PAIR + symbols[i + 1];
      this.stats.set(key, (this.stats.get(key) ?? 0) + sign * freq);
      let where = this.index.get(key);
      if (!where) {
        where = new Map();
        this.index.set(key, where);
      }
      const n = (where.get(w) ?? 0) + sign;
      if (n === 0) where.delete(w);
      else where.set(w, n);
    }
  }

  /** Whether no pair is left to merge (at `minFrequency`), or the last `step` ran out of them. */
  get done(): boolean {
    return this.finished;
  }

  /** The most frequent pair now and its count (undefined when none is left), skipping stale heap entries. */
  private best(): { key: number; count: number } | undefined {
    while (this.heap.size > 0) {
      const top = this.heap.peek();
      if (this.stats.get(top.key) === top.count) return top;
      this.heap.pop();
    }
    return undefined;
  }

  /** Whether a pair occurring at least `minFrequency` times is left to merge. */
  canMerge(minFrequency = 1): boolean {
    const best = this.best();
    return best !== undefined && best.count >= minFrequency;
  }

  /**
   * Makes the merges of `rules` again, in order, whatever the counts say (a vocabulary saved from this corpus, taken
   * up where it stopped): the state is then the one that learned them.
   */
  replay(rules: readonly [string, string][]): void {
    for (const [a, b] of rules) {
      const ia = this.ids.get(a);
      const ib = this.ids.get(b);
      const key = ia === undefined || ib === undefined ? undefined : ia * PAIR + ib;
      if (key === undefined || !this.stats.get(key)) throw new Error(`The rule ${a} ${b} does not occur in this corpus: it was learned on another text.`);
      this.merge(key, this.stats.get(key)!);
    }
  }

  /** Up to `n` more merges (fewer when pairs run out below `minFrequency`); the merges made. */
  step(n: number, minFrequency = 1): Merge[] {
    const made: Merge[] = [];
    for (let i = 0; i < n; i++) {
      const best = this.best();
      if (!best || best.count < minFrequency) {
        this.finished = true;
        break;
      }
      made.push(this.merge(best.key, best.count));
    }
    return made;
  }

  /** Merges the pair `key` in every word it occurs in, left to right, and updates the counts by difference. */
  private merge(key: number, count: number): Merge {
    const a = Math.floor(key / PAIR);
    const b = key % PAIR;
    const pair: [string, string] = [this.symbols[a], this.symbols[b]];
    const symbol = pair[0] + pair[1];
    const id = this.idOf(symbol);
    const touched = new Set<number>();
    for (const w of [...(this.index.get(key)?.keys() ?? [])]) {
      const old = this.words[w];
      const next: number[] = [];
      for (let i = 0; i < old.length; i++) {
        if (i + 1 < old.length && old[i] === a && old[i + 1] === b) {
          next.push(id);
          i++;
        } else next.push(old[i]);
      }
      if (next.length === old.length) continue;
      this.count(w, old, -1);
      this.count(w, next, 1);
      for (let i = 0; i + 1 < old.length; i++) touched.add(old[i] * PAIR + old[i + 1]);
      for (let i = 0; i + 1 < next.length; i++) touched.add(next[i] * PAIR + next[i + 1]);
      this.tokens -= this.freqs[w] * (old.length - next.length);
      this.words[w] = next;
    }
    for (const changed of touched) {
      const now = this.stats.get(changed) ?? 0;
      if (now > 0) this.heap.push(now, changed);
      else this.stats.delete(changed);
    }
    this.rules.push(pair);
    const merge = { rule: this.rules.length - 1, pair, count, symbol, tokens: this.tokens };
    this.merges.push(merge);
    return merge;
  }

  /** The merges `merges` makes in all, raised (alignVocab) so that the vocabulary is a multiple of 64. */
  plannedMerges(merges: number, alignVocab: boolean): number {
    if (!alignVocab) return merges;
    const size = this.symbols.length + merges;
    return size % 64 === 0 ? merges : Math.ceil(size / 64) * 64 - this.symbols.length;
  }

  /** The model learned so far. */
  model(): BpeModel {
    return bpeModel(this.rules, this.symbols);
  }
}

/**
 * The encoder of `rules` over `vocab`: a word's symbols with the rules applied in their order, as the series'
 * `encode` does. Only pairs ranked after the last merge made can merge next, so each round merges every
 * occurrence of the lowest-ranked such pair in the word (left to right), until none is left. Words are cached.
 */
export function bpeModel(rules: readonly [string, string][], vocab: readonly string[]): BpeModel {
  const rank = new Map(rules.map(([a, b], r) => [`${a} ${b}`, r]));
  const known = new Set(vocab);
  const cache = new Map<string, string[]>();
  const encodeWord = (word: string): string[] => {
    const cached = cache.get(word);
    if (cached) return cached;
    let symbols = initialSymbols(word);
    let after = 0;
    for (;;) {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const r = rank.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (r !== undefined && r >= after && r < best) best = r;
      }
      if (best === Number.POSITIVE_INFINITY) break;
      const [a, b] = rules[best];
      const next: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
          next.push(a + b);
          i++;
        } else next.push(symbols[i]);
      }
      symbols = next;
      after = best + 1;
    }
    const encoded = symbols.map((s) => (known.has(s) ? s : UNKNOWN));
    cache.set(word, encoded);
    return encoded;
  };
  return { rules: rules.map(([a, b]) => [a, b]), vocab: [...vocab], encodeWord };
}

/** Learns `merges` merges (more with alignVocab) on `words`, as the series' BPEEncoder.init_vocab then learn. */
export function learnBpe(words: Iterable<string>, merges: number, opts: BpeOptions = {}): BpeModel {
  const learner = new BpeLearner(words);
  learner.step(learner.plannedMerges(merges, opts.alignVocab ?? false), opts.minFrequency ?? 1);
  return learner.model();
}
