// The lessons' formulas as written in their sources: inside a JavaScript string a TeX command needs its backslash
// doubled ('\\frac'), else the string loses it (JavaScript reads '\t' in '\top' as a tab, and '\p' as 'p') and KaTeX
// draws "partial" for \partial without a word of warning.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .tsx file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.tsx') ? [join(dir, entry.name)] : [],
  );
}

/** The string literals given to <Tex>, with a backslash that JavaScript would eat (one not doubled, before a letter). */
function lostBackslashes(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/<Tex[^>]*>\{(['"`])((?:(?!\1)[^\\]|\\.)*)\1\}/g)) {
    const body = match[2];
    if (/(^|[^\\])(\\\\)*\\[a-zA-Z]/.test(body)) found.push(body);
  }
  return found;
}

describe("the lessons' formulas", () => {
  it('finds a command whose backslash JavaScript would drop, and none that is doubled', () => {
    expect(lostBackslashes("<Tex>{'P = E C^\\top'}</Tex> <Tex>{'\\partial E'}</Tex>")).toEqual(['P = E C^\\top', '\\partial E']);
    expect(lostBackslashes("<Tex>{'P = E C^\\\\top'}</Tex> <Tex display>{\"\\\\cos' = 1\"}</Tex>")).toEqual([]);
  });

  it('double the backslash of every TeX command in every source', () => {
    const files = sources('src');
    expect(files.length).toBeGreaterThan(10);
    const lost = files.flatMap((file) => lostBackslashes(readFileSync(file, 'utf8')).map((body) => `${file}: ${body}`));
    expect(lost).toEqual([]);
  });
});
