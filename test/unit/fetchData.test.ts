import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, fetchData } from '../../src/lib/fetchData';

// A real HTTP server on 127.0.0.1 that answers well, with 404, and with a body cut short.
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
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
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

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
});
