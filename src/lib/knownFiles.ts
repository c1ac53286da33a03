// The data files the lessons download, as published: their size and SHA-256 (../shared/data/SHA256SUMS). A
// download is checked against them before it is used or cached, so that an error page, a cut-off body or another
// edition sent by one address is refused and the next address tried.

/** What a download must be: its length in bytes and its SHA-256, in hex. */
export interface KnownFile {
  bytes: number;
  sha256: string;
}

/** WikiText-2 (v1, tokenized) train split, as pytorch/examples serves it. */
export const WIKITEXT2_TRAIN: KnownFile = { bytes: 10_797_148, sha256: '9e9fa1ad55b1c2c95b08e37dd8e653f638fac2c6de904b79e813611eefbc985f' };
/** Project Gutenberg #2600, War and Peace (the 2022 file 2600-0.txt). */
export const WAR_AND_PEACE_2600: KnownFile = { bytes: 3_359_396, sha256: 'aa4a454fb73861c0c84c662ed1fa3ddd71bbd7a237783932c05d5f3b2cdd6718' };
/** Karpathy's char-rnn tinyshakespeare/input.txt. */
export const TINY_SHAKESPEARE: KnownFile = { bytes: 1_115_394, sha256: '86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed' };

/** GPT-2's encoder.json (50,257 ids) and vocab.bpe (50,000 merges), as OpenAI published them. */
export const GPT2_ENCODER: KnownFile = { bytes: 1_042_301, sha256: '196139668be63f3b5d6574427317ae82f612a97c5d1cdaf36ed2256dbf636783' };
export const GPT2_MERGES: KnownFile = { bytes: 456_318, sha256: '1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5' };

/** The SHA-256 of `bytes`, in hex (Web Crypto: pages and workers on https or localhost, and Node). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** What is wrong with `bytes` as `expected`, in words, or undefined when they are the file. */
export async function mismatch(bytes: Uint8Array, expected: KnownFile): Promise<string | undefined> {
  if (bytes.length !== expected.bytes) return `${bytes.length.toLocaleString('en')} bytes where the file has ${expected.bytes.toLocaleString('en')}`;
  if ((await sha256Hex(bytes)) !== expected.sha256) return 'the right length but other contents (its SHA-256 differs)';
  return undefined;
}
