// Downloading data with a progress callback, kept in the browser's Cache Storage so that a second visit
// reads it offline. Works on the page and in a worker.

import { CancelledError, DataError } from './errors';
import { type KnownFile, mismatch } from './knownFiles';

/** Bytes fetched and whether they came from the cache. */
export interface Fetched {
  bytes: Uint8Array;
  fromCache: boolean;
}

export const DATA_CACHE = 'tensor-tutor-data-v1';

/** A ready-trained model's file (public/pretrained/) as JSON; a DataError for the reader when it cannot be had. */
export async function fetchPretrained<T>(url: string): Promise<T> {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as T;
  } catch (error) {
    throw new DataError(
      `Could not download the ready-trained model (${error instanceof Error ? error.message : String(error)}). Check the connection and try again.`,
    );
  }
}

/** A download that sends nothing (no answer, or no more bytes) for this long is given up, and the next address tried. */
export const STALL_MS = 20_000;

async function readWithProgress(response: Response, onProgress: (loaded: number, total: number) => void, onChunk: () => void = () => {}): Promise<Uint8Array> {
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
  // Where the length is known the bytes go straight into their place (a model file of 500 MB is not held twice).
  let bytes = new Uint8Array(total);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onChunk();
    if (loaded + value.length <= bytes.length) bytes.set(value, loaded);
    else {
      if (chunks.length === 0 && loaded > 0) chunks.push(bytes.slice(0, loaded));
      chunks.push(value);
    }
    loaded += value.length;
    onProgress(loaded, total);
  }
  if (total > 0 && loaded < total) {
    throw new DataError(`The download was cut off: ${loaded.toLocaleString('en')} of ${total.toLocaleString('en')} bytes arrived. Try again.`);
  }
  if (chunks.length === 0) return loaded === bytes.length ? bytes : bytes.slice(0, loaded);
  bytes = new Uint8Array(loaded);
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
export async function fetchData(
  url: string,
  onProgress: (loaded: number, total: number) => void = () => {},
  expected?: KnownFile,
  options: { signal?: AbortSignal; stallMs?: number } = {},
): Promise<Fetched> {
  const cache = await openCache();
  const hit = await cache?.match(url);
  if (hit) {
    const bytes = await readWithProgress(hit, onProgress);
    if (!expected || (await mismatch(bytes, expected)) === undefined) return { bytes, fromCache: true };
    await cache?.delete(url).catch(() => false);
  }
  // The download ends when the reader cancels, or when nothing arrives for `stallMs` (headers, then each chunk).
  const stallMs = options.stallMs ?? STALL_MS;
  const controller = new AbortController();
  const cancel = () => controller.abort(new CancelledError('The download was cancelled.'));
  if (options.signal?.aborted) cancel();
  options.signal?.addEventListener('abort', cancel);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        controller.abort(
          new DataError(
            `${new URL(url).host} stopped sending for ${stallMs >= 1000 ? `${Math.round(stallMs / 1000)} s` : `${stallMs} ms`}: the download was given up.`,
          ),
        ),
      stallMs,
    );
  };
  const failure = (error: unknown, otherwise: string) =>
    controller.signal.aborted && controller.signal.reason instanceof DataError
      ? controller.signal.reason
      : new DataError(`${otherwise} (${error instanceof Error ? error.message : String(error)}).`);
  let response: Response;
  let bytes: Uint8Array;
  try {
    watch();
    try {
      response = await fetch(url, { signal: controller.signal });
    } catch (error) {
      throw failure(error, `Could not reach ${url}: the network failed`);
    }
    if (!response.ok) throw new DataError(`Could not download ${url}: the server answered ${response.status} ${response.statusText}.`.replace(' .', '.'));
    try {
      bytes = await readWithProgress(response, onProgress, watch);
    } catch (error) {
      if (error instanceof DataError) throw error;
      throw failure(error, `The download from ${new URL(url).host} broke off`);
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', cancel);
  }
  const wrong = expected && (await mismatch(bytes, expected));
  if (wrong) throw new DataError(`${new URL(url).host} did not send the expected file: ${wrong}.`);
  try {
    // The body is copied into the cache; its length goes with it, so that reading it back fills one buffer.
    const headers = { 'Content-Type': response.headers.get('Content-Type') ?? 'application/octet-stream', 'Content-Length': String(bytes.length) };
    await cache?.put(url, new Response(bytes as Uint8Array<ArrayBuffer>, { headers }));
  } catch {
    // A full quota only costs the next visit a download.
  }
  return { bytes, fromCache: false };
}
