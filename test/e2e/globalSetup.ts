import type { TestProject } from 'vitest/node';
// @ts-expect-error -- plain JavaScript module shared with the benchmarks
import { findChromium, serveBuiltSite } from '../support/browser.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Serves the built site once for all end-to-end files; fails at once, with instructions, without Chromium. */
export default async function setup(project: TestProject) {
  findChromium();
  const server = await serveBuiltSite();
  project.provide('baseUrl', server.url);
  return () => server.close();
}
