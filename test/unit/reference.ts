import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared folder beside the checkout (PyTorch reference vectors, data sets). */
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** Reads one of the PyTorch reference files in ../shared/reference. */
export function readReference<T>(name: string): T {
  return JSON.parse(readFileSync(`${SHARED}reference/${name}`, 'utf8')) as T;
}
