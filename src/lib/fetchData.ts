// Downloading data with a progress callback, kept in the browser's Cache Storage so that a second visit
// reads it offline. Works on the page and in a worker.

import { type KnownFile, mismatch } from './knownFiles';

/** Bytes fetched and whether they came from the cache. */
export interface Fetched {
  bytes: Uint8Array;
  fromCache: boolean;
}

export const DATA_CACHE = 'tensor-tutor-data-v1';

/** A failure with a message meant for the reader. */
export class DataError extends Error {
  override name = 'DataError';
}

async function readWithProgress(response: Response, onProgress: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const encoded = response.headers.get('Content-Encoding');
  const length = Number(response.headers.get('Content-Length') ?? 0);
  // A compressed body's Content-Length counts compressed bytes, so it says nothing about what arrives.
  const total = encoded && encoded !== 'identity' ? 0 : length;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress(bytes.length, total);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  if (total > 0 && loaded < total) {
    throw new DataError(`The download was cut off: ${loaded.toLocaleString('en')} of ${total.toLocaleString('en')} bytes arrived. Try again.`);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

async function openCache(): Promise<Cache | undefined> {
  try {
    return typeof caches === 'undefined' ? undefined : await caches.open(DATA_CACHE);
  } catch {
    return undefined; // Cache Storage is off (private mode, an insecure origin): fetch every time.
  }
}

/**
 * Fetches `url` with progress, from Cache Storage when it is there. Throws a `DataError` with a message
 * for the reader on a network failure, an HTTP error, a truncated body, or (with `expected`) bytes that are not
 * the known file; only complete bodies, and with `expected` only the verified file, are cached. A cached copy
 * that fails the check is deleted and downloaded again.
 */
export async function fetchData(url: string, onProgress: (loaded: number, total: number) => void = () => {}, expected?: KnownFile): Promise<Fetched> {
  const cache = await openCache();
  const hit = await cache?.match(url);
  if (hit) {
    const bytes = await readWithProgress(hit, onProgress);
    if (!expected || (await mismatch(bytes, expected)) === undefined) return { bytes, fromCache: true };
    await cache?.delete(url).catch(() => false);
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DataError(`Could not reach ${url}: the network failed (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!response.ok) throw new DataError(`Could not download ${url}: the server answered ${response.status} ${response.statusText}.`.replace(' .', '.'));
  const bytes = await readWithProgress(response, onProgress);
  const wrong = expected && (await mismatch(bytes, expected));
  if (wrong) throw new DataError(`${new URL(url).host} did not send the expected file: ${wrong}.`);
  try {
    await cache?.put(url, new Response(bytes.slice(), { headers: { 'Content-Type': response.headers.get('Content-Type') ?? 'application/octet-stream' } }));
  } catch {
    // A full quota only costs the next visit a download.
  }
  return { bytes, fromCache: false };
}
