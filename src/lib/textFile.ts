// Turning bytes a reader gives us (a picked file, a download) into text, or into a clear reason why not.

/** The outcome of reading bytes as text: the text, or a message for the reader. */
export type TextResult = { ok: true; text: string } | { ok: false; message: string };

/**
 * Decodes `bytes` as UTF-8 text. Refuses, with a message a reader can act on, an empty file, a file
 * with NUL bytes or many control characters (binary data: an image, a zip), and bytes that are not
 * valid UTF-8. A leading byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array, name = 'The file'): TextResult {
  if (bytes.length === 0) return { ok: false, message: `${name} is empty: there is no text to read.` };
  const sample = bytes.subarray(0, Math.min(bytes.length, 65536));
  let control = 0;
  for (const b of sample) {
    if (b === 0) return { ok: false, message: `${name} looks like a binary file (it contains NUL bytes), not text.` };
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  if (control / sample.length > 0.01) {
    return { ok: false, message: `${name} looks like a binary file (${control} control bytes in the first ${sample.length}), not text.` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, message: `${name} is not UTF-8 text. Save it as UTF-8 (plain text) and pick it again.` };
  }
  if (text.trim().length === 0) return { ok: false, message: `${name} holds only white space: there is no text to read.` };
  // Windows' and old Macs' line endings become one \n, as a textarea's value does: no lesson sees a \r.
  return { ok: true, text: text.replace(/\r\n?/g, '\n') };
}
