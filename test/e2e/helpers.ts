import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
// @ts-expect-error -- plain JavaScript module shared with the benchmarks
import { launchChromium } from '../support/browser.mjs';

/** One headless Chromium for the test file, closed after it. */
export function useBrowser(extraArgs: string[] = []): () => BrowserContext {
  let browser: { context: BrowserContext; close: () => Promise<void> } | undefined;
  beforeAll(async () => {
    browser = await launchChromium(extraArgs);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!.context;
}

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

/**
 * Opens `route` (e.g. `#/tokens`) of the built site, recording console errors and page errors, and
 * watching the main thread's long tasks (window.__longTasks, durations in ms); `prepare` runs on the new page first.
 */
export async function openPage(context: BrowserContext, route: string, prepare?: (page: Page) => Promise<unknown>): Promise<OpenedPage> {
  const page = await context.newPage();
  await prepare?.(page);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${inject('baseUrl')}${route}`);
  return { page, errors };
}

/**
 * The longest main-thread task a test accepts while the worker trains: the page must not freeze, but a busy
 * 2-core machine stretches a 100 ms task past 200 ms (and a sweep's chart update to 601 ms while another
 * process compiled), so the bound is generous. Speed is measured in npm run bench.
 */
export const FROZEN_MS = 1000;

/** Durations of main-thread long tasks recorded since the last call (and clears them). */
export async function takeLongTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    const tasks = w.__longTasks.slice();
    w.__longTasks = [];
    return tasks;
  });
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const axeSource = readFileSync(axePath, 'utf8');

/**
 * Runs axe-core on the page and returns its serious and critical violations. axe is evaluated through the DevTools
 * protocol, not added as a script tag: the site's Content-Security-Policy refuses inline scripts, as it should.
 */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}

/** Reset, which asks first: the question appears with the focus on "Keep it"; this answers "Delete the model". */
export async function resetModel(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByRole('button', { name: 'Delete the model' }).click();
}

/** Types `text` into `field` key by key, as a reader does, over what it held (an empty text clears it). */
export async function typeOver(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.press('Control+A');
  if (text === '') await field.press('Backspace');
  else await field.pressSequentially(text);
}

/** Types each value into the field of that label (exact), key by key, in order. */
export async function typeFields(page: Page, fields: [label: string, value: string][]): Promise<void> {
  for (const [label, value] of fields) await typeOver(page.getByLabel(label, { exact: true }), value);
}

/** The tensors the worker holds, as the backend's details say (the page's heartbeat refreshes it every 2 s). */
export async function workerTensors(page: Page): Promise<number> {
  const details = page.locator('details.backend-details');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
  const said = /holds ([\d,]+) tensors? /.exec((await page.getByTestId('worker-memory').textContent()) ?? '');
  return said ? Number(said[1].replaceAll(',', '')) : Number.NaN;
}

/** Whether leaving the page now would ask first: a cancelable beforeunload that the page prevents. */
export function asksBeforeLeaving(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });
}

/**
 * Picks `file` as a reader does: a click on the picker opens the file chooser. Unlike `setInputFiles`, which
 * fills even a disabled input, this fails when the picker cannot be used.
 */
export async function pickFile(picker: Locator, file: { name: string; mimeType: string; buffer: Buffer } | string): Promise<void> {
  const [chooser] = await Promise.all([picker.page().waitForEvent('filechooser', { timeout: 15_000 }), picker.click({ timeout: 15_000 })]);
  await chooser.setFiles(file);
}
