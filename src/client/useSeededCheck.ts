// A check the worker runs with weights drawn from a seed (the "allclose" checks of Lessons 3 and 5): run on
// mount with seed 1, and again with the next seed on request.

import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from './errors';

export function useSeededCheck<T>(check: ((seed: number) => Promise<T>) | undefined, onError: (message: string) => void) {
  const [result, setResult] = useState<T>();
  const [seed, setSeed] = useState(1);
  const latest = useRef({ check, onError });
  latest.current = { check, onError };
  const run = useCallback(async (next: number) => {
    const { check: go, onError: fail } = latest.current;
    if (!go) return;
    try {
      setResult(await go(next));
      setSeed(next);
    } catch (error) {
      fail(errorText(error));
    }
  }, []);
  const ready = check !== undefined;
  useEffect(() => {
    if (ready) void run(1);
  }, [ready, run]);
  return { result, seed, again: () => run(seed + 1) };
}
