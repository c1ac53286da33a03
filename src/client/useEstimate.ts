// How long a run will take on this machine, measured in the worker from a few timed steps before it starts:
// asked again (after a pause in typing) whenever its settings change, and only while nothing trains.

import { useEffect, useRef, useState } from 'react';

/**
 * The estimate `measure()` gives for the settings `key` stands for, while `enabled`; undefined while it is
 * being measured, when disabled, or when measuring failed (a setting the run cannot take says so at Start).
 */
export function useEstimate<E>(key: string, enabled: boolean, measure: (() => Promise<E>) | undefined, delayMs = 400): E | undefined {
  const [estimate, setEstimate] = useState<{ key: string; value: E }>();
  const asked = useRef(0);
  const latest = useRef(measure);
  latest.current = measure;
  const ready = measure !== undefined;
  useEffect(() => {
    if (!enabled || !ready || estimate?.key === key) return;
    const ask = ++asked.current;
    const timer = setTimeout(() => {
      latest.current?.().then(
        (value) => ask === asked.current && setEstimate({ key, value }),
        () => {},
      );
    }, delayMs);
    return () => clearTimeout(timer);
  }, [key, enabled, ready, estimate?.key, delayMs]);
  return estimate?.key === key ? estimate.value : undefined;
}
