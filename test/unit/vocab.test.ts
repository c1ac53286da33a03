import { describe, expect, it } from 'vitest';
import { basicEnglish } from '../../src/text/basicEnglish';
import { buildVocab, compareCodePoints, decode, encode, firstAppearanceVocab } from '../../src/text/vocab';
import { readReference } from './reference';

interface VocabCase {
  name: string;
  iterator: string[][];
  min_freq: number;
  specials: string[] | null;
  special_first: boolean;
  max_tokens: number | null;
  itos?: string[];
  error?: string;
}

const cases = readReference<VocabCase[]>('vocab.json');

describe('buildVocab', () => {
  it.each(cases.map((c) => [c.name, c] as const))('matches torchtext: %s', (_name, c) => {
    const build = () =>
      buildVocab(c.iterator, {
        minFreq: c.min_freq,
        specials: c.specials ?? undefined,
        specialFirst: c.special_first,
        maxTokens: c.max_tokens ?? undefined,
      });
    if (c.error !== undefined) expect(build).toThrow();
    else expect(build().itos).toEqual(c.itos);
  });

  it('throws where torchtext raises', () => {
    expect(() => buildVocab([['a']], { specials: ['<unk>', '<unk>'] })).toThrow(/Duplicate token/);
    expect(() => buildVocab([['a']], { specials: ['<unk>', '<pad>'], maxTokens: 2 })).toThrow();
  });

  it('maps unknown tokens to <unk> when it is a special, otherwise to -1', () => {
    const withUnk = buildVocab([['a', 'b', 'a']], { specials: ['<unk>'] });
    expect(withUnk.indexOf('a')).toBe(1);
    expect(withUnk.indexOf('zebra')).toBe(0);
    const withoutUnk = buildVocab([['a', 'b', 'a']]);
    expect(withoutUnk.indexOf('zebra')).toBe(-1);
  });

  it('orders by code point, not by UTF-16 code unit', () => {
    // U+1F600 is one astral code point; as UTF-16 it starts with 0xD83D, which sorts below U+FF5A.
    expect(compareCodePoints('\u{1F600}', '\uFF5A')).toBeGreaterThan(0);
    expect(buildVocab([['\u{1F600}', '\uFF5A']]).itos).toEqual(['\uFF5A', '\u{1F600}']);
  });
});

describe('the vocabulary by hand', () => {
  it('keeps the order of first appearance and round-trips the lesson sentence', () => {
    const tokens = basicEnglish('My name is John. What is your name?');
    const vocab = firstAppearanceVocab(tokens);
    expect(vocab.itos).toEqual(['my', 'name', 'is', 'john', '.', 'what', 'your', '?']);
    const ids = encode(vocab, tokens);
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 2, 6, 1, 7]);
    expect(decode(vocab, ids)).toBe('my name is john . what is your name ?');
  });

  it('refuses to decode an id outside the vocabulary', () => {
    expect(() => decode(firstAppearanceVocab(['a']), [3])).toThrow(/not in the vocabulary/);
  });
});
