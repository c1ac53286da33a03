// One way to turn whatever a worker call threw into the sentence the page shows.

/** Failures of the browser's or tfjs's own, said in words for the reader (the worker's DataError messages already are). */
const PLAIN: [RegExp, string][] = [
  [
    /Array buffer allocation failed|Invalid typed array length|out of memory|memory access out of bounds|Failed to compile|WebAssembly\.Memory/i,
    'The browser ran out of memory for this model. Make it smaller (fewer layers, a smaller width, a shorter text or batch) and try again.',
  ],
  [
    /Tensor is disposed/i,
    'The model was taken away while it was in use (its GPU memory was lost, or it was reset). Press Train to start again, or reload the page to bring back the last checkpoint.',
  ],
];

/** What the page says of a failure nobody wrote words for: the raw text goes to the console, not to the reader. */
export const UNFORESEEN =
  'Something went wrong that this page did not foresee, and what it was doing stopped. What you had is kept: try again, and reload the page if it happens again.';

/** Whether `error` is one of the messages written for the reader (a DataError, whose name comlink keeps across the worker boundary). */
export const writtenForReader = (error: unknown): boolean => error instanceof Error && (error.name === 'DataError' || error.name === 'CancelledError');

/**
 * The words the page shows for a failure: a message written for the reader as it is (a DataError, or a string
 * of the page's own), a browser's or tfjs's known failure in plain words, and anything else as UNFORESEEN.
 */
export const errorText = (error: unknown): string => {
  if (typeof error === 'string') return error;
  const text = error instanceof Error ? error.message : String(error);
  if (writtenForReader(error)) return text;
  const plain = PLAIN.find(([pattern]) => pattern.test(text));
  if (plain) return plain[1];
  console.warn('A failure the page has no words for:', error);
  return UNFORESEEN;
};
