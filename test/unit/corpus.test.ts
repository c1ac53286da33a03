import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseText } from '../../src/lessons/tokens/analysis';
import { minFreqCurve, topTokens } from '../../src/lessons/tokens/corpusStats';
import { basicEnglish } from '../../src/text/basicEnglish';
import { buildVocabFromCounts, countTokens } from '../../src/text/vocab';
import { SHARED } from './reference';

describe('corpus statistics', () => {
  it('gives vocabulary size and <unk> share per min_freq, by hand', () => {
    const counts = countTokens([['a', 'a', 'a', 'b', 'b', 'c']]);
    expect(minFreqCurve(counts, [1, 2, 3, 4])).toEqual([
      { minFreq: 1, vocabSize: 4, unkShare: 0 },
      { minFreq: 2, vocabSize: 3, unkShare: 1 / 6 },
      { minFreq: 3, vocabSize: 2, unkShare: 3 / 6 },
      { minFreq: 4, vocabSize: 1, unkShare: 1 },
    ]);
    expect(topTokens(counts, 2)).toEqual([
      { token: 'a', count: 3, share: 0.5 },
      { token: 'b', count: 2, share: 2 / 6 },
    ]);
  });

  it("agrees with buildVocab on real data: WikiText-2 at min_freq 50 gives the notebook's V = 4056", () => {
    const lines = readFileSync(`${SHARED}data/wikitext-2/train.txt`, 'utf8').split('\n');
    // The notebook's cleaning (Lesson 2 will own it): strip, drop '@', skip titles, tokenize, drop empties.
    const docs = lines
      .map((line) => line.trimStart().replaceAll('@', ''))
      .filter((line) => !line.startsWith('='))
      .map(basicEnglish)
      .filter((tokens) => tokens.length > 0);
    const counts = countTokens(docs);
    const vocab = buildVocabFromCounts(counts, { minFreq: 50, specials: ['<unk>'] });
    expect(vocab.itos.length).toBe(4056);
    expect(minFreqCurve(counts, [50])[0].vocabSize).toBe(4056);
  });
});

describe('analyseText', () => {
  it('builds both vocabularies, encodes the probe and marks unknown words', () => {
    const a = analyseText('My name is John. What is your name?', { minFreq: 1, probe: 'My name is Mary.', limit: 100 });
    expect(a.firstSeen.itos.items).toEqual(['my', 'name', 'is', 'john', '.', 'what', 'your', '?']);
    expect(a.firstSeen.ids).toEqual([0, 1, 2, 3, 4, 5, 2, 6, 1, 7]);
    expect(a.torchtext.itos.items).toEqual(['<unk>', 'is', 'name', '.', '?', 'john', 'my', 'what', 'your']);
    expect(a.probe.tokens).toEqual(['my', 'name', 'is', 'mary', '.']);
    expect(a.probe.unknown).toEqual([false, false, false, true, false]);
    expect(a.probe.decoded).toBe('my name is <unk> .');
  });

  it('sends back at most `limit` items but counts them all', () => {
    const a = analyseText('a b c d e f', { minFreq: 1, probe: '', limit: 2 });
    expect(a.tokens).toEqual({ items: ['a', 'b'], total: 6 });
    expect(a.naive.total).toBe(6);
    expect(a.firstSeen.ids).toEqual([0, 1]);
  });
});
