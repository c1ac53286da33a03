import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { costOf, planFor, word2vecCorpus } from '../../src/lessons/word2vec/plan';
import { Word2vecSession } from '../../src/lessons/word2vec/session';
import { timeExample } from '../../src/lessons/word2vec/timing';
import { buildVocab } from '../../src/text/vocab';
import { cbowWindows, countWindows, toParagraphs } from '../../src/text/wikitext';
import { SHARED } from './reference';

describe('toParagraphs and CBOW windows', () => {
  it('cuts the lesson example as LESSONS.md says: window 4 around "from"', () => {
    const tokens = 'a team of 24 players was selected from an initial pool of 49 candidates'.split(' ');
    const ids = Int32Array.from(tokens.keys());
    const windows = cbowWindows([ids], 4);
    const at = [...windows.centres].indexOf(tokens.indexOf('from'));
    const context = [...windows.contexts.subarray(at * 4, at * 4 + 4)].map((i) => tokens[i]);
    expect(context).toEqual(['was', 'selected', 'an', 'initial']);
    expect(windows.centres.length).toBe(tokens.length - 4);
  });

  it('never crosses a paragraph and skips short ones', () => {
    const windows = cbowWindows([Int32Array.from([1, 2, 3]), Int32Array.from([10, 11, 12, 13, 14])], 2);
    expect([...windows.centres]).toEqual([2, 11, 12, 13]);
    expect([...windows.contexts]).toEqual([1, 3, 10, 12, 11, 13, 12, 14]);
    expect(() => cbowWindows([], 3)).toThrow(/even/);
  });

  it('cleans the notebook way', () => {
    expect(toParagraphs([' = Title = \n', ' \n', ' The 1 @,@ 000 men @-@ strong <unk> . \n'])).toEqual([
      ['the', '1', ',', '000', 'men', '-', 'strong', '<unk>', '.'],
    ]);
  });

  it("gives the notebook's figures on the real WikiText-2 train split", () => {
    const text = readFileSync(`${SHARED}data/wikitext-2/train.txt`, 'utf8');
    const paragraphs = toParagraphs(text.split('\n'));
    expect(paragraphs.length).toBe(17_556);
    expect(paragraphs.reduce((n, p) => n + p.length, 0)).toBe(1_993_409);
    const vocab = buildVocab(paragraphs, { minFreq: 50, specials: ['<unk>'] });
    expect(vocab.itos.length).toBe(4056);
    const ids = paragraphs.map((p) => Int32Array.from(p, (t) => vocab.indexOf(t)));
    expect(countWindows(ids, 8)).toBe(1_857_089);
    const windows = cbowWindows(ids, 8);
    expect(windows.centres.length).toBe(1_857_089);
    expect(Math.ceil(windows.centres.length / 20_000)).toBe(93);
  });
});

describe("the plan's time", () => {
  it('is the examples times the epochs times the time of an example timed here, and says so', async () => {
    const corpus = word2vecCorpus('tiny', ['the cat sat on the mat with the hat and the bat', 'a dog ran in the fog with a log and a frog']);
    const config = { mode: 'fast' as const, minFreq: 1, dim: 8, window: 4, batch: 16, epochs: 3, learningRate: 0.05, negatives: 2, subsample: 1, seed: 0 };
    const rough = planFor(corpus, config, 'cpu');
    expect(rough.timed).toBe(false);
    const perExample = await timeExample(config, rough.vocabSize);
    expect(perExample).toBeGreaterThan(0);
    const timed = planFor(corpus, config, 'cpu', rough.examples, perExample);
    expect(timed.timed).toBe(true);
    expect(timed.seconds).toBeCloseTo(rough.examples * 3 * perExample, 12);
  });
});

describe("the plan's memory", () => {
  it('refuses a configuration past the limit, saying what to make smaller, and Train refuses it before building', () => {
    const config = {
      mode: 'full' as const,
      minFreq: 1,
      dim: 1024,
      window: 8,
      batch: 20000,
      epochs: 1,
      learningRate: 0.1,
      negatives: 5,
      subsample: 1e-3,
      seed: 0,
    };
    const small = costOf({ ...config, dim: 100 }, 30_000, 100_000, 'wasm');
    expect(small.peakBytes).toBeLessThan(2 ** 30);
    expect(small.warnings.filter((w) => w.includes('memory'))).toEqual([]);
    const large = costOf(config, 30_000, 100_000, 'wasm');
    expect(large.warnings).toContainEqual(
      expect.stringMatching(
        /^This model would take about [\d,]+ MB of memory to train; the page allows 1,024 MB\. Make D, or the vocabulary \(with a higher min_freq\), smaller\.$/,
      ),
    );
    const words = Array.from({ length: 30_000 }, (_, i) => `w${i}`);
    const corpus = word2vecCorpus('many words', [words.join(' '), words.join(' ')]);
    expect(() => Word2vecSession.create(corpus, config, 'wasm')).toThrow(/^This model would take about [\d,]+ MB of memory to train/);
  });
});
