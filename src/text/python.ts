// Python's string rules, where the series' code relies on them: `str.split()`'s whitespace (which includes the
// separators \x1c-\x1f and \x85 that JavaScript's \s leaves out, and leaves out the \ufeff it includes), and
// the order in which Python compares strings (by code point, where JavaScript compares UTF-16 code units).

/** The characters Python's `str.isspace()` is true for: what `str.split()` splits on. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: \x1c-\x1f are Python's whitespace, on purpose
export const PYTHON_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const RUNS = new RegExp(`${PYTHON_WHITESPACE.source}+`);

/** `text.split()` as Python computes it: the runs of non-whitespace, with no empty strings. */
export function pythonSplit(text: string): string[] {
  return text.split(RUNS).filter((word) => word.length > 0);
}

/**
 * Compares `a` and `b` as Python does: by code point. JavaScript's `<` compares UTF-16 code units, which puts a
 * character beyond U+FFFF (stored as a surrogate pair, D800-DFFF) before U+E000-U+FFFF; here it comes after.
 */
export function comparePython(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return fixup(x) - fixup(y);
    return x - y;
  }
  return a.length - b.length;
}

/** Surrogates after U+E000-U+FFFF, the rest of D800 and above in order: code unit order made code point order. */
const fixup = (unit: number) => (unit >= 0xe000 ? unit - 0x800 : unit + 0x2000);
