// The page's side of the URL's fields (src/lib/fields.ts): the route, and state kept in the hash query.

import { useCallback, useEffect, useState } from 'react';
import { type Fields, parseHash, readFields, writeFields } from '../lib/fields';

/** The current route (the hash path) and a re-render when it changes. */
export function useRoute(): string {
  const [route, setRoute] = useState(() => parseHash(location.hash).route);
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash).route);
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** State kept in the URL's hash query: read once on mount (dropping what it refused), written back (replacing history) on change. */
export function useUrlState<S>(fields: Fields<S>): [S, (patch: Partial<S>) => void] {
  const [state, setState] = useState<S>(() => readFields(fields, parseHash(location.hash).params));
  // The URL says what the page uses: a value it refused (out of bounds, malformed) goes from the address at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the values read on mount
  useEffect(() => {
    const { route, params } = parseHash(location.hash);
    const query = writeFields(fields, state, params);
    if (query.toString() !== params.toString()) history.replaceState(history.state, '', `#/${route}${query.size ? `?${query}` : ''}`);
  }, []);
  const update = useCallback(
    (patch: Partial<S>) => {
      setState((old) => {
        const next = { ...old, ...patch };
        const { route, params } = parseHash(location.hash);
        const query = writeFields(fields, next, params).toString();
        history.replaceState(history.state, '', `#/${route}${query ? `?${query}` : ''}`);
        return next;
      });
    },
    [fields],
  );
  return [state, update];
}
