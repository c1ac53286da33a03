import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/lib/errors';
import { fetchData } from '../../src/lib/fetchData';
import { cancelReading, readText } from '../../src/train/readText';

const requested: string[] = [];

// A real HTTP server on 127.0.0.1 that answers well, with 404, and with a body cut short.
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    requested.push(req.url ?? '');
    if (req.url === '/stalls.txt') {
      // Headers and a first chunk, then nothing more: a connection that hangs.
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100000' });
      res.write('the first bytes');
      return;
    }
    if (req.url === '/silent.txt') return; // not even headers
    if (req.url === '/ok.txt') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '11' });
      res.end('hello world');
    } else if (req.url === '/truncated.txt') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '1000' });
      res.write('only part of it');
      setTimeout(() => res.socket?.destroy(), 20);
    } else {
      res.writeHead(404, 'Not Found');
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('fetchData', () => {
  it('downloads with progress', async () => {
    const seen: [number, number][] = [];
    const { bytes, fromCache } = await fetchData(`${base}/ok.txt`, (loaded, total) => seen.push([loaded, total]));
    expect(new TextDecoder().decode(bytes)).toBe('hello world');
    expect(fromCache).toBe(false);
    expect(seen[seen.length - 1]).toEqual([11, 11]);
  });

  it('turns a 404, a cut-off body and a dead server into messages for the reader', async () => {
    await expect(fetchData(`${base}/missing.txt`)).rejects.toThrow(/answered 404/);
    await expect(fetchData(`${base}/truncated.txt`)).rejects.toBeInstanceOf(Error);
    await expect(fetchData('http://127.0.0.1:9/nothing')).rejects.toThrow(DataError);
    await expect(fetchData('http://127.0.0.1:9/nothing')).rejects.toThrow(/network failed/);
  });

  it('gives up an address that stops sending, or never answers, and moves on to the next', async () => {
    await expect(fetchData(`${base}/stalls.txt`, () => {}, undefined, { stallMs: 300 })).rejects.toThrow(
      /^127\.0\.0\.1:\d+ stopped sending for 300 ms: the download was given up\.$/,
    );
    await expect(fetchData(`${base}/silent.txt`, () => {}, undefined, { stallMs: 300 })).rejects.toThrow(/stopped sending for 300 ms/);
    const read = await readText({ kind: 'mirrors', urls: [`${base}/silent.txt`, `${base}/stalls.txt`, `${base}/ok.txt`], name: 'a text' }, undefined, {
      stallMs: 300,
    });
    expect(read).toMatchObject({ text: 'hello world', url: `${base}/ok.txt` });
  });

  it('stops at Cancel, and tries no other address', async () => {
    requested.length = 0;
    const reading = readText({ kind: 'mirrors', urls: [`${base}/stalls.txt`, `${base}/ok.txt`], name: 'a text' }, undefined, { stallMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    cancelReading();
    await expect(reading).rejects.toThrow('The download was cancelled.');
    expect(requested).toEqual(['/stalls.txt']);
  });
});
