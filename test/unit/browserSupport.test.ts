import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript module shared by the end-to-end tests and the benchmarks
import { findChromium } from '../support/browser.mjs';

const saved = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (saved === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = saved;
});

describe('findChromium', () => {
  it('fails with a message that says how to install Chromium when the given one is missing', () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    expect(() => findChromium()).toThrow(/CHROMIUM_PATH is \/nonexistent\/chromium, but there is no file there/);
  });

  it('finds a Chromium at CHROMIUM_PATH or in the usual places, or says how to install one', () => {
    delete process.env.CHROMIUM_PATH;
    let found: string | undefined;
    let message = '';
    try {
      found = findChromium();
    } catch (error) {
      message = (error as Error).message;
    }
    if (found) expect(found).toMatch(/chrom/);
    else expect(message).toContain('apt-get install -y chromium');
  });
});
