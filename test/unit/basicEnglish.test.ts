import { describe, expect, it } from 'vitest';
import { basicEnglish, whitespaceSplit } from '../../src/text/basicEnglish';
import { readReference } from './reference';

const cases = readReference<{ text: string; tokens: string[] }[]>('basic_english.json');

describe('basicEnglish', () => {
  it('has the 40 PyTorch cases to check', () => {
    expect(cases).toHaveLength(40);
  });

  it.each(cases.map((c, i) => [i, JSON.stringify(c.text).slice(0, 60), c] as const))('reproduces torchtext on case %i: %s', (_i, _label, { text, tokens }) => {
    expect(basicEnglish(text)).toEqual(tokens);
  });

  it('splits the lesson sentence as LESSONS.md says', () => {
    const text = 'My name is John. What is your name?';
    expect(whitespaceSplit(text)).toEqual(['My', 'name', 'is', 'John.', 'What', 'is', 'your', 'name?']);
    expect(basicEnglish(text)).toEqual(['my', 'name', 'is', 'john', '.', 'what', 'is', 'your', 'name', '?']);
  });

  it('treats U+FEFF as part of a word and U+0085 as white space, as Python does', () => {
    expect(basicEnglish('a\u0085b')).toEqual(['a', 'b']);
    expect(basicEnglish('a\ufeffb')).toEqual(['a\ufeffb']);
    expect(whitespaceSplit('a\x1cb')).toEqual(['a', 'b']);
  });
});
