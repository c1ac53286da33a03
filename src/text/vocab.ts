// Vocabularies: the mapping between tokens and integer ids that every model in the site starts from.
// `buildVocab` follows torchtext's `build_vocab_from_iterator` (torchtext/vocab/vocab_factory.py) exactly.

/** A vocabulary: `itos[i]` is the token with id i; `indexOf` goes the other way. */
export interface Vocab {
  readonly itos: readonly string[];
  /** The id of `token`; for an unknown token the id of `<unk>` when that is a special, otherwise -1. */
  indexOf(token: string): number;
}

export interface BuildVocabOptions {
  /** Keep only tokens seen at least this often (specials are always kept). Default 1. */
  minFreq?: number;
  /** Tokens that get ids of their own whatever the corpus says, such as `<unk>`. Default none. */
  specials?: string[];
  /** Specials at the start (true, the default) or at the end of the vocabulary. */
  specialFirst?: boolean;
  /** At most this many entries, specials included. */
  maxTokens?: number;
}

/** Compares two strings by Unicode code point, as Python does (JS `<` compares UTF-16 code units). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** Counts every token over all documents (Python's `Counter.update` over the iterator). */
export function countTokens(docs: Iterable<readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const doc of docs) for (const token of doc) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/** Tokens sorted as torchtext sorts them: by descending count, ties by ascending code point. */
export function sortByFrequency(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].sort((x, y) => y[1] - x[1] || compareCodePoints(x[0], y[0]));
}

/** Wraps a list of tokens as a `Vocab`, with `<unk>` (if present) as the default id. */
export function vocabFromItos(itos: readonly string[]): Vocab {
  const ids = new Map<string, number>();
  itos.forEach((token, i) => {
    ids.set(token, i);
  });
  const unk = ids.get('<unk>') ?? -1;
  return { itos, indexOf: (token) => ids.get(token) ?? unk };
}

/**
 * Builds a vocabulary from tokenized documents as torchtext does: specials first (or last), then the
 * tokens seen at least `minFreq` times by descending count, ties by code point. `maxTokens` cuts the
 * sorted list before specials are removed, as torchtext does. Throws where torchtext raises: when the
 * specials fill `maxTokens`, or when a special is listed twice.
 */
export function buildVocab(docs: Iterable<readonly string[]>, opts: BuildVocabOptions = {}): Vocab {
  return buildVocabFromCounts(countTokens(docs), opts);
}

/** `buildVocab` for counts already made, so a large corpus is counted once for many `minFreq` values. */
export function buildVocabFromCounts(counts: ReadonlyMap<string, number>, opts: BuildVocabOptions = {}): Vocab {
  const { minFreq = 1, specials = [], specialFirst = true, maxTokens } = opts;
  let sorted = sortByFrequency(counts);
  if (maxTokens !== undefined) {
    if (specials.length >= maxTokens) {
      throw new RangeError(`maxTokens (${maxTokens}) must be greater than the number of specials (${specials.length})`);
    }
    sorted = sorted.slice(0, maxTokens - specials.length);
  }
  const seen = new Set<string>();
  for (const special of specials) {
    if (seen.has(special)) throw new Error(`Duplicate token found in tokens list: ${special}`);
    seen.add(special);
  }
  const kept = sorted.filter(([token, count]) => !seen.has(token) && count >= minFreq).map(([token]) => token);
  return vocabFromItos(specialFirst ? [...specials, ...kept] : [...kept, ...specials]);
}

/**
 * The vocabulary "by hand", as `collections.Counter(tokens).keys()` gives it: each distinct token once,
 * in order of first appearance.
 */
export function firstAppearanceVocab(tokens: readonly string[]): Vocab {
  return vocabFromItos([...new Set(tokens)]);
}

/** Maps tokens to ids (`vocab.indexOf` for each). */
export function encode(vocab: Vocab, tokens: readonly string[]): number[] {
  return tokens.map((token) => vocab.indexOf(token));
}

/** Maps ids back to tokens and joins them with spaces; an id outside the vocabulary is an error. */
export function decode(vocab: Vocab, ids: readonly number[]): string {
  return ids
    .map((id) => {
      const token = vocab.itos[id];
      if (token === undefined) throw new RangeError(`id ${id} is not in the vocabulary of ${vocab.itos.length}`);
      return token;
    })
    .join(' ');
}
