// The basic_english tokenizer: a faithful port of torchtext's `_basic_english_normalize`
// (pytorch/text, torchtext/data/utils.py): lower-case, then a fixed list of regex replacements, then split.

/**
 * Python's whitespace (`str.isspace()`, used by its `\s` and `str.split()`), which is not JavaScript's
 * `\s`: Python adds U+001C-001F and U+0085 and leaves out U+FEFF. Spelled out so both languages agree.
 */
const PY_WHITESPACE = '[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+';

/** The replacements, applied one after another in this order, each to every occurrence. */
export const BASIC_ENGLISH_RULES: readonly (readonly [RegExp, string])[] = [
  [/'/g, " '  "],
  [/"/g, ''],
  [/\./g, ' . '],
  [/<br \/>/g, ' '],
  [/,/g, ' , '],
  [/\(/g, ' ( '],
  [/\)/g, ' ) '],
  [/!/g, ' ! '],
  [/\?/g, ' ? '],
  [/;/g, ' '],
  [/:/g, ' '],
  [new RegExp(PY_WHITESPACE, 'g'), ' '],
];

const SPLIT = new RegExp(PY_WHITESPACE);

/**
 * Splits `text` into tokens as torchtext's basic_english does: lower-cased, with `. , ( ) ! ?` and `'` as
 * tokens of their own, `" ; :` and `<br />` removed. Returns the tokens in order; never an empty string.
 */
export function basicEnglish(text: string): string[] {
  let line = text.toLowerCase();
  for (const [pattern, replacement] of BASIC_ENGLISH_RULES) line = line.replace(pattern, replacement);
  return line.split(SPLIT).filter((token) => token.length > 0);
}

/** The naive tokenizer, Python's `text.split()`: whitespace only, case and punctuation kept. */
export function whitespaceSplit(text: string): string[] {
  return text.split(SPLIT).filter((token) => token.length > 0);
}
