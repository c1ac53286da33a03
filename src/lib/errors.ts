// The errors written for the reader: the page shows their message as it is (src/client/errors.ts). Pure.

/** A failure with a message meant for the reader. */
export class DataError extends Error {
  override name = 'DataError';
}

/** The reader cancelled the download: no other address is tried. */
export class CancelledError extends DataError {
  override name = 'CancelledError';
}
