// The build's guard: a page chunk that contains tfjs fails the build; a tfjs-free page passes and is reported.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { mainThreadBudget } from '../../vite.config';

const root = mkdtempSync(join(tmpdir(), 'budget-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A site with one lazily loaded lesson page whose module imports `lessonImport`; a stand-in tfjs module resolves from node_modules/@tensorflow. */
async function buildSite(lessonImport: string) {
  writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./main.ts"></script>');
  writeFileSync(join(root, 'main.ts'), "import('./src/lessons/demo/Lesson.tsx').then((page) => document.body.append(page.default()));");
  const fakeTfjs: Plugin = {
    name: 'fake-tfjs',
    resolveId: (id) => (id === 'fake-tfjs' ? '/node_modules/@tensorflow/tfjs-core/fake.js' : undefined),
    load: (id) => (id === '/node_modules/@tensorflow/tfjs-core/fake.js' ? 'export const matMul = (a, b) => a * b;' : undefined),
  };
  const lesson = join(root, 'src', 'lessons', 'demo');
  rmSync(lesson, { recursive: true, force: true });
  mkdirSync(lesson, { recursive: true });
  writeFileSync(join(lesson, 'Lesson.tsx'), `${lessonImport}\nexport default function Lesson() { return String(value); }`);
  writeFileSync(join(lesson, 'meta.ts'), 'export const value = 42;');
  const messages: string[] = [];
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    customLogger: {
      info: (m: string) => messages.push(m),
      warn: () => {},
      warnOnce: () => {},
      error: () => {},
      clearScreen: () => {},
      hasErrorLogged: () => false,
      hasWarned: false,
    },
    plugins: [fakeTfjs, mainThreadBudget()],
    build: { outDir: join(root, 'dist'), write: false },
  });
  return messages.join('\n');
}

describe('the main-thread budget of the build', () => {
  it('passes a page that imports only tfjs-free values', async () => {
    const report = await buildSite("import { value } from './meta';");
    expect(report).toMatch(/#\/demo +\d+ KB/);
  });

  it('fails the build when a page chunk contains tfjs, naming the chunk and the page', async () => {
    await expect(buildSite("import { matMul } from 'fake-tfjs';\nconst value = matMul(6, 7);")).rejects.toThrow(
      /tfjs is in a main-thread chunk: .*src\/lessons\/demo\/Lesson\.tsx/,
    );
  });
});
