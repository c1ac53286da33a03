// Reading a corpus in the worker: downloads (each mirror in turn, through the cache) or a picked file,
// decoded as text, with progress; every lesson that loads text reads it here.

import { CancelledError, DataError } from '../lib/errors';
import { fetchData } from '../lib/fetchData';
import type { KnownFile } from '../lib/knownFiles';
import { decodeText } from '../lib/textFile';
import type { LoadProgress, TextSource } from './types';

/** The download under way, which the page's Cancel ends. */
let current: AbortController | undefined;

/** Cancels the download under way, if any: readText then fails with "The download was cancelled." and tries no other address. */
export function cancelReading(): void {
  current?.abort();
}

/** Reads a source as text: downloads (each mirror in turn, through the cache) or a picked file. */
export async function readText(
  source: TextSource,
  onProgress?: (p: LoadProgress) => void,
  options: { stallMs?: number } = {},
): Promise<{ text: string; fromCache: boolean; url?: string }> {
  const progress = (loaded: number, total: number) => onProgress?.({ phase: 'download', loaded, total });
  let bytes: Uint8Array;
  let fromCache = false;
  let url: string | undefined;
  if (source.kind === 'file') {
    progress(0, source.file.size);
    bytes = new Uint8Array(await source.file.arrayBuffer());
    progress(bytes.length, source.file.size);
  } else {
    const urls = source.kind === 'mirrors' ? source.urls : [source.url];
    const failures: string[] = [];
    let fetched: { bytes: Uint8Array; fromCache: boolean } | undefined;
    current?.abort();
    const controller = new AbortController();
    current = controller;
    try {
      for (const candidate of urls) {
        try {
          fetched = await fetchData(candidate, progress, source.kind === 'mirrors' ? source.expected : undefined, {
            signal: controller.signal,
            stallMs: options.stallMs,
          });
          url = candidate;
          break;
        } catch (error) {
          if (error instanceof CancelledError) throw error;
          failures.push(error instanceof Error ? error.message : String(error));
        }
      }
    } finally {
      if (current === controller) current = undefined;
    }
    if (!fetched) {
      throw new DataError(
        urls.length === 1
          ? failures[0]
          : `Could not download ${source.name} from any of its ${urls.length} addresses. ${failures.join(' ')} Check the connection and try again, or pick the file yourself.`,
      );
    }
    bytes = fetched.bytes;
    fromCache = fetched.fromCache;
  }
  const decoded = decodeText(bytes, source.kind === 'file' ? `“${source.name}”` : `The download of ${source.name}`);
  if (!decoded.ok) throw new DataError(decoded.message);
  return { text: decoded.text, fromCache, url };
}

/**
 * Downloads one file's bytes (through the cache, checked against `expected` where it is known), cancellable by
 * the page's Cancel like a corpus (a model's weights, say).
 */
export async function readBytes(url: string, onProgress?: (p: LoadProgress) => void, expected?: KnownFile): Promise<{ bytes: Uint8Array; fromCache: boolean }> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  try {
    return await fetchData(url, (loaded, total) => onProgress?.({ phase: 'download', loaded, total: total || expected?.bytes || 0 }), expected, {
      signal: controller.signal,
    });
  } finally {
    if (current === controller) current = undefined;
  }
}

/** Splits a corpus file into documents: the speeches of the SOTU asset, or the lines of a text file. */
export function documentsOf(text: string, format: 'text' | 'sotu-json'): string[] {
  if (format === 'sotu-json') {
    const parsed = JSON.parse(text) as { speeches?: { text: string }[] };
    if (!Array.isArray(parsed.speeches)) throw new DataError('The corpus file has no speeches in it.');
    return parsed.speeches.map((s) => s.text);
  }
  return text.split(/\r?\n/).filter((line) => line.trim().length > 0);
}
