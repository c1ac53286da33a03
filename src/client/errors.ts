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

/** The message of an error (the worker's DataError messages are written for the reader), or its text in plain words. */
export const errorText = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error);
  return PLAIN.find(([pattern]) => pattern.test(text))?.[1] ?? text;
};

/** Whether `error` is one of the worker's messages written for the reader (a DataError, whose name comlink keeps). */
export const writtenForReader = (error: unknown): boolean => error instanceof Error && (error.name === 'DataError' || error.name === 'CancelledError');
