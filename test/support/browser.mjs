// Shared by the end-to-end tests and the benchmarks: serve the built site on 127.0.0.1 with Vite's
// preview server (the same COOP/COEP headers as in production) and drive Debian's headless Chromium.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium to drive: $CHROMIUM_PATH, else Debian's. Throws with install instructions when none is found. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is ${fromEnv}, but there is no file there.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found for the end-to-end tests (looked for ' +
        CANDIDATES.join(', ') +
        "). Install Debian's: `apt-get update && apt-get install -y chromium` (as root), or set CHROMIUM_PATH to a Chromium or Chrome binary.",
    );
  }
  return found;
}

/** Serves ./dist on a free port of 127.0.0.1; returns its URL and a close function. */
export async function serveBuiltSite() {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: build the site first (npm run build).');
  const server = await preview({ logLevel: 'error', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const address = server.httpServer.address();
  const url = `http://127.0.0.1:${address.port}/`;
  return { url, close: () => new Promise((resolve) => server.httpServer.close(() => resolve(undefined))) };
}

/**
 * Launches headless Chromium with a fresh profile and the flags this machine needs (no network calls home), and
 * `extraArgs` (--enable-unsafe-webgpu, say: WebGPU on SwiftShader).
 */
export async function launchChromium(extraArgs = []) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'tensor-tutor-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--enable-unsafe-swiftshader',
      ...extraArgs,
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
