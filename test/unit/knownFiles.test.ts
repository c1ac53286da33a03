// The known data files: their sizes and SHA-256s are those of the copies in ../shared/data, and a download that
// is not the file (an error page, another edition, a cut-off body) is refused before it is used or cached.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchData } from '../../src/lib/fetchData';
import { type KnownFile, mismatch, sha256Hex, TINY_SHAKESPEARE, WAR_AND_PEACE_2600, WIKITEXT2_TRAIN } from '../../src/lib/knownFiles';
import { readText } from '../../src/train/readText';
import { SHARED } from './reference';

const FILES: [string, KnownFile][] = [
  ['wikitext-2/train.txt', WIKITEXT2_TRAIN],
  ['war-and-peace/2600-0.txt', WAR_AND_PEACE_2600],
  ['tinyshakespeare/input.txt', TINY_SHAKESPEARE],
];

describe('the known data files', () => {
  it.each(FILES)('%s: the size and SHA-256 of the copy in ../shared/data', async (path, known) => {
    const bytes = new Uint8Array(readFileSync(`${SHARED}data/${path}`));
    expect(bytes.length).toBe(known.bytes);
    expect(await sha256Hex(bytes)).toBe(known.sha256);
    expect(await mismatch(bytes, known)).toBeUndefined();
  });

  it('says what is wrong with bytes that are not the file', async () => {
    expect(await mismatch(new TextEncoder().encode('<html>'), TINY_SHAKESPEARE)).toBe('6 bytes where the file has 1,115,394');
    const same = new Uint8Array(TINY_SHAKESPEARE.bytes);
    expect(await mismatch(same, TINY_SHAKESPEARE)).toBe('the right length but other contents (its SHA-256 differs)');
  });
});

// Two addresses of one book: the first answers 200 with an HTML page, the second with the book.
const book = readFileSync(`${SHARED}data/tinyshakespeare/input.txt`);
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/html/input.txt') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html><body>Rate limited</body></html>');
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(book.length) });
      res.end(book);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('a checked download', () => {
  it('refuses an address that sends something else, and moves on to the next', async () => {
    await expect(fetchData(`${base}/html/input.txt`, () => {}, TINY_SHAKESPEARE)).rejects.toThrow(
      /^127\.0\.0\.1:\d+ did not send the expected file: 38 bytes where the file has 1,115,394\.$/,
    );
    const read = await readText({
      kind: 'mirrors',
      urls: [`${base}/html/input.txt`, `${base}/good/input.txt`],
      name: 'Tiny Shakespeare',
      expected: TINY_SHAKESPEARE,
    });
    expect(read.url).toBe(`${base}/good/input.txt`);
    expect(read.text.startsWith('First Citizen:')).toBe(true);
    // Without a known file (a reader's own address) the page is taken as it comes.
    expect((await fetchData(`${base}/html/input.txt`)).bytes.length).toBe(38);
  });
});
