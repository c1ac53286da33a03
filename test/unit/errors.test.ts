// Failures said in plain words: raw browser and tfjs messages do not reach the reader, and a text whose
// characters would make the model too large is refused before anything is built.
import { describe, expect, it } from 'vitest';
import { errorText } from '../../src/client/errors';
import { charCorpus, MAX_CHARS } from '../../src/lessons/char-lstm/session';
import { DataError } from '../../src/lib/fetchData';

describe('errorText', () => {
  it('keeps the messages written for the reader, and rewrites raw ones', () => {
    expect(errorText(new DataError('Load a book first.'))).toBe('Load a book first.');
    expect(errorText(new RangeError('Array buffer allocation failed'))).toMatch(/^The browser ran out of memory for this model\. Make it smaller/);
    expect(errorText(new RangeError('Invalid typed array length: 4294967296'))).toMatch(/ran out of memory/);
    expect(errorText(new Error('Tensor is disposed.'))).toMatch(/^The model was taken away while it was in use/);
    expect(errorText('plain text')).toBe('plain text');
  });
});

describe('the character vocabulary', () => {
  it(`refuses a text of more than ${MAX_CHARS} different characters, and takes one just under`, () => {
    const glyphs = (n: number) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    expect(() => charCorpus('Chinese', glyphs(1200).repeat(3), false)).toThrow(
      `Chinese has 1,200 different characters; a character model here takes at most 1,000`,
    );
    expect(charCorpus('Chinese', glyphs(900).repeat(3), false).info.vocab).toBe(900);
  });
});
