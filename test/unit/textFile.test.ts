import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/lib/textFile';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('decodeText', () => {
  it('reads UTF-8 text, emoji included, and drops a byte-order mark', () => {
    expect(decodeText(bytes('\ufeffcafé 😀'))).toEqual({ ok: true, text: 'café 😀' });
  });

  it('turns Windows and old Mac line endings into \\n', () => {
    expect(decodeText(bytes('one\r\ntwo\rthree\n\r\nfour'))).toEqual({ ok: true, text: 'one\ntwo\nthree\n\nfour' });
  });

  it('refuses empty, white-space only, binary and non-UTF-8 input with a message', () => {
    expect(decodeText(new Uint8Array(0), 'x.txt')).toEqual({ ok: false, message: 'x.txt is empty: there is no text to read.' });
    expect(decodeText(bytes(' \n\t '))).toMatchObject({ ok: false, message: expect.stringContaining('only white space') });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(decodeText(png)).toMatchObject({ ok: false, message: expect.stringContaining('binary') });
    const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72]); // "café noir" in Latin-1
    expect(decodeText(latin1)).toMatchObject({ ok: false, message: expect.stringContaining('not UTF-8') });
    const controls = Uint8Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? 1 : 97));
    expect(decodeText(controls)).toMatchObject({ ok: false, message: expect.stringContaining('control bytes') });
  });

  it('reads UTF-16 text with its byte-order mark, little- and big-endian', () => {
    const text = 'Ça va? 😀\r\nyes';
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      le.set([unit & 0xff, unit >> 8], 2 + 2 * i);
      be.set([unit >> 8, unit & 0xff], 2 + 2 * i);
    }
    expect(decodeText(le)).toEqual({ ok: true, text: 'Ça va? 😀\nyes' });
    expect(decodeText(be)).toEqual({ ok: true, text: 'Ça va? 😀\nyes' });
  });

  it('finds binary data anywhere in the file, not only in its first 64 KB', () => {
    const text = bytes('a line of text\n'.repeat(10_000)); // 150 KB of text
    const tail = new Uint8Array(text.length + 4);
    tail.set(text);
    tail.set([0x50, 0x4b, 0, 0], text.length); // a zip's signature appended
    expect(decodeText(tail, 'notes.txt')).toEqual({ ok: false, message: 'notes.txt looks like a binary file (it contains NUL bytes), not text.' });
    expect(decodeText(text)).toMatchObject({ ok: true });
  });
});
