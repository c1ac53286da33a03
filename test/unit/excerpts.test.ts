import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { excerpt } from '../../src/ui/CodeExcerpt';

// Every <CodeExcerpt source={x} name="..."> in a lesson page must find its declaration.
describe('code excerpts in lesson pages', () => {
  const pages = readdirSync('src/lessons')
    .map((dir) => `src/lessons/${dir}/Lesson.tsx`)
    .filter((path) => existsSync(path));
  it('finds lesson pages', () => expect(pages.length).toBeGreaterThan(1));
  for (const page of pages) {
    const text = readFileSync(page, 'utf8');
    const imports = new Map([...text.matchAll(/import (\w+) from '(\.\.?\/[\w./-]+)\?raw';/g)].map((m) => [m[1], m[2]]));
    for (const [, source, name] of text.matchAll(/<CodeExcerpt source=\{(\w+)\} name="(\w+)"/g)) {
      it(`${page}: ${name}`, () => {
        const file = imports.get(source);
        expect(file).toBeDefined();
        const code = excerpt(readFileSync(join(dirname(page), file!), 'utf8'), name);
        expect(code).toContain(name);
        expect(code.trim().endsWith('}') || code.trim().endsWith('];')).toBe(true);
      });
    }
  }
});
