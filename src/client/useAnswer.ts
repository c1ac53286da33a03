// A question the page asks the worker whenever what it depends on changes (after a pause in typing): the latest
// answer, or the reason there is none, in words for the reader.

import { useEffect, useRef, useState } from 'react';
import { errorText } from './errors';

/** The answer `ask()` gives for what `key` stands for, while `enabled`; an older question's answer never overwrites a newer one's. */
export function useAnswer<A>(key: string, enabled: boolean, ask: (() => Promise<A>) | undefined, delayMs = 200): { answer?: A; error?: string } {
  const [state, setState] = useState<{ key: string; answer?: A; error?: string }>();
  const asked = useRef(0);
  const latest = useRef(ask);
  latest.current = ask;
  const ready = ask !== undefined;
  useEffect(() => {
    if (!enabled || !ready) return;
    const question = ++asked.current;
    const timer = setTimeout(() => {
      latest.current?.().then(
        (answer) => question === asked.current && setState({ key, answer }),
        (error) => question === asked.current && setState({ key, error: errorText(error) }),
      );
    }, delayMs);
    return () => clearTimeout(timer);
  }, [key, enabled, ready, delayMs]);
  return state?.key === key ? { answer: state.answer, error: state.error } : {};
}
