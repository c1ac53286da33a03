// GPT-2's tokenizer, as openai/gpt-2's src/encoder.py defines it: text is split into pieces by a pattern (words
// with their leading space, numbers, punctuation runs, whitespace), each piece's UTF-8 bytes are written as
// printable characters (bytes_to_unicode), and BPE merges them by the ranks of vocab.bpe's 50,000 merges into
// ids of encoder.json's 50,257. Byte-level: any text encodes, nothing is ever unknown, and decode gives it back.

/** The end-of-text token: its id, and the text it stands for when special tokens are allowed. */
export const END_OF_TEXT = '<|endoftext|>';
export const END_OF_TEXT_ID = 50256;

/**
 * encoder.py's pattern. Its `\s` is the `regex` module's, Unicode's White_Space (which includes \x85 and leaves
 * out \ufeff, where JavaScript's \s does the opposite), so it is written out here as \p{White_Space}.
 */
export const GPT2_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\p{White_Space}\p{L}\p{N}]+|\p{White_Space}+(?!\P{White_Space})|\p{White_Space}+/gu;

/**
 * bytes_to_unicode: each of the 256 bytes as a printable character, the printable ones as themselves ('!'..'~',
 * '¡'..'¬', '®'..'ÿ') and the others from U+0100 on, so that a piece of bytes is a string BPE can work on.
 */
export function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const table = new Array<string>(256);
  for (const b of printable) table[b] = String.fromCharCode(b);
  let n = 0;
  for (let b = 0; b < 256; b++) if (table[b] === undefined) table[b] = String.fromCharCode(256 + n++);
  return table;
}

export interface Gpt2Tokenizer {
  /** The ids of `text`; `<|endoftext|>` is 50256 only with `allowSpecial` (else it is plain text). */
  encode(text: string, opts?: { allowSpecial?: boolean }): number[];
  /** The text of `ids` (bytes that do not form UTF-8 become U+FFFD, as encoder.py's errors='replace'). */
  decode(ids: readonly number[]): string;
  /** One token's bytes as the printable characters of bytes_to_unicode (Ġ for a space), as encoder.json has it. */
  symbolOf(id: number): string;
  readonly vocabSize: number;
}

/** The tokenizer of GPT-2's published `encoder.json` and `vocab.bpe`. */
export function createGpt2Tokenizer(encoder: Record<string, number>, mergesText: string): Gpt2Tokenizer {
  const byteChar = bytesToUnicode();
  const charByte = new Map(byteChar.map((ch, b) => [ch, b]));
  const ids = new Map(Object.entries(encoder));
  const symbols: string[] = [];
  for (const [symbol, id] of ids) symbols[id] = symbol;
  // encoder.py: bpe_data.split('\n')[1:-1], the first line being "#version: 0.2".
  const lines = mergesText.split('\n');
  const ranks = new Map<string, number>();
  for (const [r, line] of lines.slice(1, -1).entries()) ranks.set(line, r);
  const utf8 = new TextEncoder();
  const cache = new Map<string, number[]>();

  /** One piece's ids: its bytes as characters, merged by rank (lowest first, every occurrence, left to right). */
  const bpe = (piece: string): number[] => {
    const cached = cache.get(piece);
    if (cached) return cached;
    let word = Array.from(utf8.encode(piece), (b) => byteChar[b]);
    while (word.length > 1) {
      let best = Number.POSITIVE_INFINITY;
      let first = '';
      let second = '';
      for (let i = 0; i + 1 < word.length; i++) {
        const r = ranks.get(`${word[i]} ${word[i + 1]}`);
        if (r !== undefined && r < best) {
          best = r;
          first = word[i];
          second = word[i + 1];
        }
      }
      if (best === Number.POSITIVE_INFINITY) break;
      const next: string[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i + 1 < word.length && word[i] === first && word[i + 1] === second) {
          next.push(first + second);
          i++;
        } else next.push(word[i]);
      }
      word = next;
    }
    const out = word.map((symbol) => {
      const id = ids.get(symbol);
      if (id === undefined) throw new Error(`GPT-2's vocabulary has no symbol ${JSON.stringify(symbol)}: encoder.json and vocab.bpe do not belong together.`);
      return id;
    });
    if (cache.size < 200_000) cache.set(piece, out);
    return out;
  };

  const encodeOrdinary = (text: string, into: number[]) => {
    for (const match of text.matchAll(GPT2_PATTERN)) for (const id of bpe(match[0])) into.push(id);
  };

  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  return {
    vocabSize: symbols.length,
    encode(text, opts = {}) {
      const out: number[] = [];
      if (!opts.allowSpecial) {
        encodeOrdinary(text, out);
        return out;
      }
      text.split(END_OF_TEXT).forEach((part, i) => {
        if (i > 0) out.push(END_OF_TEXT_ID);
        encodeOrdinary(part, out);
      });
      return out;
    },
    decode(tokens) {
      const bytes: number[] = [];
      for (const id of tokens) {
        const symbol = symbols[id];
        if (symbol === undefined) throw new Error(`${id} is not a GPT-2 token id (they run from 0 to ${symbols.length - 1}).`);
        for (const ch of symbol) bytes.push(charByte.get(ch)!);
      }
      return decoder.decode(Uint8Array.from(bytes));
    },
    symbolOf(id) {
      return symbols[id];
    },
  };
}
