// One way to turn whatever a worker call threw into the sentence the page shows.

/** The message of an error (the worker's DataError messages are written for the reader), or its text. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
