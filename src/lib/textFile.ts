// Turning bytes a reader gives us (a picked file, a download) into text, or into a clear reason why not.

/** The outcome of reading bytes as text: the text, or a message for the reader. */
export type TextResult = { ok: true; text: string } | { ok: false; message: string };

/** Bytes checked for binary content at a time: the whole file is read, a block at a time. */
const BLOCK = 65536;

/**
 * Decodes `bytes` as UTF-8 text, or as UTF-16 when it starts with UTF-16's byte-order mark. Refuses, with a
 * message a reader can act on, an empty file, a file with NUL bytes or many control characters anywhere in it
 * (binary data: an image, a zip, or text with a binary tail), and bytes that are not valid UTF-8. A leading
 * byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array, name = 'The file'): TextResult {
  if (bytes.length === 0) return { ok: false, message: `${name} is empty: there is no text to read.` };
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16) {
    let text: string;
    try {
      text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, message: `${name} starts as UTF-16 text but is not valid UTF-16. Save it as UTF-8 (plain text) and pick it again.` };
    }
    return finish(text, name);
  }
  for (let start = 0; start < bytes.length; start += BLOCK) {
    const block = bytes.subarray(start, Math.min(bytes.length, start + BLOCK));
    let control = 0;
    for (const b of block) {
      if (b === 0) return { ok: false, message: `${name} looks like a binary file (it contains NUL bytes), not text.` };
      if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
    }
    if (control / block.length > 0.01) {
      return {
        ok: false,
        message: `${name} looks like a binary file (${control} control bytes in ${block.length} from byte ${start.toLocaleString('en')}), not text.`,
      };
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, message: `${name} is not UTF-8 text. Save it as UTF-8 (plain text) and pick it again.` };
  }
  return finish(text, name);
}

/** Decoded text, refused when blank; Windows' and old Macs' line endings become one \n, as a textarea's value does. */
function finish(text: string, name: string): TextResult {
  if (text.trim().length === 0) return { ok: false, message: `${name} holds only white space: there is no text to read.` };
  return { ok: true, text: text.replace(/\r\n?/g, '\n') };
}
