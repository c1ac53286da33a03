// Lesson 10's BPE against the series' own figures: the toy corpus of MLLM's tests, and WikiText-2 cleaned as the
// Project II notebook does it (its word counts, merges, vocabulary and token counts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpeLearner, END_OF_WORD, learnBpe, UNKNOWN } from '../../src/text/bpe';
import { comparePython, pythonSplit } from '../../src/text/python';
import { projectTwoText } from '../../src/text/wikitext';
import { SHARED } from './reference';

describe("Python's string rules", () => {
  it('splits on what str.split() splits on, \\x1c-\\x1f and \\x85 included, \\ufeff not', () => {
    expect(pythonSplit('  a\tb\nc\x1cd\x1fe\x85f\u3000g \ufeffh  ')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', '\ufeffh']);
    expect(pythonSplit('')).toEqual([]);
    expect(pythonSplit(' \n ')).toEqual([]);
  });

  it('compares strings by code point, a character beyond U+FFFF after U+FFFD', () => {
    expect(comparePython('😀', '\ufffd')).toBeGreaterThan(0);
    expect('😀' < '\ufffd').toBe(true); // JavaScript's own order says the opposite
    expect(comparePython('b', 'a')).toBeGreaterThan(0);
    expect(comparePython('ab', 'a')).toBeGreaterThan(0);
    expect(comparePython('a', 'a')).toBe(0);
  });
});

describe('BPE as the series learns it', () => {
  it('learns (w, e), (s, t</w>), (l, o) on low lower newest widest, and encodes newest as n e we st</w>', () => {
    const model = learnBpe(['low', 'lower', 'newest', 'widest'], 3);
    expect(model.rules).toEqual([
      ['w', 'e'],
      ['s', `t${END_OF_WORD}`],
      ['l', 'o'],
    ]);
    expect(model.encodeWord('newest')).toEqual(['n', 'e', 'we', 'st</w>']);
    expect(model.vocab[0]).toBe(UNKNOWN);
    expect(model.vocab.slice(-3)).toEqual(['we', 'st</w>', 'lo']);
    // A character it never saw is </unk>; so is a known character where it never ended a word.
    expect(model.encodeWord('lox')).toEqual(['lo', UNKNOWN]);
    expect(model.encodeWord('wel')).toEqual(['we', UNKNOWN]);
  });

  // The cases of christianb93/MLLM's bpe/test_bpe.py (tests 6, 7, 8, 15, 18 and 19), its expected rules and cuts.
  const python =
    'Python is a high-level, general-purpose programming language. Its design philosophy emphasizes code readability with the use of significant indentation';
  it('learns the rules MLLM’s tests expect, at least frequency 1 and 2, and on a longer sentence', () => {
    const longer = 'this is a longer test than before'.split(' ');
    expect(learnBpe(longer, 10).rules.map((r) => r.join(' '))).toEqual([
      't h',
      'i s</w>',
      'th is</w>',
      'th a',
      'tha n</w>',
      't e',
      'te s',
      'tes t</w>',
      'r e</w>',
      'o re</w>',
    ]);
    expect(learnBpe(longer, 10, { minFrequency: 2 }).rules.map((r) => r.join(' '))).toEqual(['t h', 'i s</w>']);
    expect(learnBpe(pythonSplit(python), 8).rules.map((r) => r.join(' '))).toEqual(['s i', 'p h', 't h', 'si g', 's e</w>', 'r a', 'o n</w>', 'i t']);
  });

  it('cuts unknown characters to </unk>, and raises 8 merges to 27 for a vocabulary of 64', () => {
    expect(learnBpe(['low', 'lower', 'lowest'], 2).encodeWord('allow')).toEqual([UNKNOWN, 'l', 'lo', 'w</w>']);
    const model = learnBpe(pythonSplit(python), 8);
    const decoded = 'Let us try encoding and decoding'
      .split(' ')
      .map((word) => model.encodeWord(word).join(''))
      .join('')
      .replaceAll('</w>', ' ');
    expect(decoded).toBe('</unk>et us try encoding an</unk>decoding ');
    const aligned = learnBpe(pythonSplit(python), 8, { alignVocab: true });
    expect(aligned.rules).toHaveLength(27);
    expect(aligned.vocab).toHaveLength(64);
  });

  it('applies the rules in the order they were learned, not the lowest-ranked pair first', () => {
    // Rule 0 merges (b, c); rule 1 merges (a, b). In "abc", rule 0 takes b c first, so a and bc stay apart.
    const model = learnBpe(['bc', 'bc', 'bc', 'ab', 'ab'], 2);
    expect(model.rules).toEqual([
      ['b', 'c</w>'],
      ['a', 'b</w>'],
    ]);
    expect(model.encodeWord('abc')).toEqual(['a', 'bc</w>']);
  });

  it('merges only whole symbols, left to right: a a a becomes aa a', () => {
    const model = learnBpe(['aaaa', 'aaa'], 1);
    expect(model.rules).toEqual([['a', 'a']]);
    expect(model.encodeWord('aaa')).toEqual(['aa', 'a</w>']);
    expect(model.encodeWord('aaaaa')).toEqual(['aa', 'aa', 'a</w>']);
  });

  it('raises the merges to a vocabulary of a multiple of 64, and stops where pairs run out', () => {
    const learner = new BpeLearner(['abc', 'abd']);
    expect(learner.plannedMerges(3, true) + learner.symbols.length).toBe(64);
    const few = learnBpe(['ab', 'ab'], 10);
    expect(few.rules).toEqual([['a', 'b</w>']]);
    expect(learnBpe(['ab', 'cd', 'cd'], 10, { minFrequency: 2 }).rules).toEqual([['c', 'd</w>']]);
  });

  it('gives on WikiText-2 what the Project II notebook gave: 33,227 distinct words, 6,034 merges, 6,400 symbols, 2,622,275 tokens', () => {
    const words = pythonSplit(projectTwoText(readFileSync(`${SHARED}/data/wikitext-2/train.txt`, 'utf8').split('\n')));
    expect(words.length).toBe(2_007_146);
    const learner = new BpeLearner(words);
    expect(learner.distinctWords).toBe(33_227);
    const merges = learner.plannedMerges(6000, true);
    expect(merges).toBe(6034);
    learner.step(merges);
    const model = learner.model();
    expect(model.rules).toHaveLength(6034);
    expect(model.vocab).toHaveLength(6400);
    expect(learner.tokens).toBe(2_622_275);
    let tokens = 0;
    const firstTenth = Math.floor(0.9 * 2_622_275);
    for (const word of words) tokens += model.encodeWord(word).length;
    expect(tokens).toBe(2_622_275);
    expect([firstTenth, tokens - firstTenth]).toEqual([2_360_047, 262_228]);
    expect(model.encodeWord('the')).toEqual(['the</w>']);
  }, 120_000);
});
