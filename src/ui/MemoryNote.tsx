import { MEMORY_LIMIT_BYTES, megabytes, memoryProblem } from '../lib/memoryBudget';

/**
 * What a model of these settings takes to train, said before Train (the lesson's estimate, see
 * src/lib/memoryBudget.ts); past the page's limit, why it will not train and what to make smaller, as an alert.
 */
export function MemoryNote({ bytes, smaller }: { bytes: number; smaller: string }) {
  const problem = memoryProblem(bytes, smaller);
  if (problem)
    return (
      <p className="message error" role="alert" data-testid="memory-note">
        {problem}
      </p>
    );
  return (
    <p className="muted" data-testid="memory-note">
      Training this model takes at most about {megabytes(bytes)} of memory (the page allows {megabytes(MEMORY_LIMIT_BYTES)}).
    </p>
  );
}

/** Whether settings of `bytes` may train (the widgets hold back their time estimate when not). */
export const fitsInMemory = (bytes: number): boolean => bytes <= MEMORY_LIMIT_BYTES;
