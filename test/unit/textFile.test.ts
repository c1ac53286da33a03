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
});
