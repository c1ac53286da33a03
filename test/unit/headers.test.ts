// What a static host sends (public/_headers) is what the preview server sends: cross-origin isolation and the
// Content-Security-Policy that allows the site's own origin, WebAssembly, blob: workers and the data hosts only.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { contentSecurityPolicy, DATA_HOSTS } from '../../vite.config';

it('public/_headers sends the preview server’s policy, which names every data host the lessons fetch from', () => {
  const headers = readFileSync(new URL('../../public/_headers', import.meta.url), 'utf8');
  expect(headers).toContain(`Content-Security-Policy: ${contentSecurityPolicy(false)}\n`);
  expect(headers).toContain('Cross-Origin-Embedder-Policy: require-corp');
  const sources = ['src/text/corpora.ts'].map((f) => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8'));
  const hosts = new Set(sources.flatMap((s) => [...s.matchAll(/'(https:\/\/[^/']+)\//g)].map((m) => m[1])));
  expect([...hosts].sort()).toEqual([...DATA_HOSTS].sort());
  expect(contentSecurityPolicy(false)).toMatch(/script-src 'self' 'wasm-unsafe-eval' blob:;/);
});
