// Hyperparameters in the URL: a typed table of fields, each with a parser and a serialiser, so that a
// page shared as a link reproduces the run. Routes are hashes (`#/tokens?minFreq=2`), which any static
// host serves. Pure: the worker checks bounds with it; the page's hooks are in src/client/useUrlState.ts.

import { DataError } from './errors';

/** One URL field: its default, how to read it (undefined when malformed) and how to write it. */
export interface Field<T> {
  default: T;
  parse(raw: string): T | undefined;
  serialise(value: T): string;
}

/** A numeric field, with the bounds the page's inputs show too. */
export interface NumericField extends Field<number> {
  min: number;
  max: number;
}

/** An integer in [min, max]. */
export const intField = (def: number, min: number, max: number): NumericField => ({
  default: def,
  min,
  max,
  parse: (raw) => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  },
  serialise: String,
});

/** A number in [min, max]. */
export const numberField = (def: number, min: number, max: number): NumericField => ({
  default: def,
  min,
  max,
  parse: (raw) => {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) && n >= min && n <= max ? n : undefined;
  },
  serialise: String,
});

/** One of a fixed set of numbers (a menu's), within the bounds of the smallest and the largest. */
export const numberChoiceField = (def: number, options: readonly number[]): NumericField & { options: readonly number[] } => ({
  default: def,
  min: Math.min(...options),
  max: Math.max(...options),
  options,
  parse: (raw) => {
    const n = Number(raw);
    return raw.trim() !== '' && options.includes(n) ? n : undefined;
  },
  serialise: String,
});

/** Free text of at most `maxLength` characters. */
export const textField = (def: string, maxLength: number): Field<string> => ({
  default: def,
  parse: (raw) => (raw.length <= maxLength ? raw : undefined),
  serialise: (v) => v,
});

/** One of a fixed set of strings. */
export const choiceField = <T extends string>(def: T, options: readonly T[]): Field<T> => ({
  default: def,
  parse: (raw) => ((options as readonly string[]).includes(raw) ? (raw as T) : undefined),
  serialise: (v) => v,
});

export type Fields<S> = { [K in keyof S]: Field<S[K]> };

/**
 * Checks every number in `config` that `fields` bounds, however it arrived (the page, a URL, a checkpoint, a
 * call from a test): throws a DataError naming the first one out of bounds. The worker runs it before it builds
 * a model, so that a value past the bounds never allocates what they keep out.
 */
export function checkBounds(config: object, fields: object): void {
  const bounded = fields as Record<string, Partial<NumericField>>;
  for (const [key, value] of Object.entries(config)) {
    const field = bounded[key];
    if (typeof value !== 'number' || field?.min === undefined || field.max === undefined || !field.parse) continue;
    if (field.parse(String(value)) === undefined) {
      const { options } = field as { options?: readonly number[] };
      if (options) throw new DataError(`The setting “${key}” must be one of ${options.join(', ')}, not ${value}.`);
      const whole = field.parse(String(field.min + 0.5)) === undefined && Number.isInteger(field.min);
      throw new DataError(`The setting “${key}” must be ${whole ? 'a whole number' : 'a number'} from ${field.min} to ${field.max}, not ${value}.`);
    }
  }
}

/** Splits `#/slug?query` into its route and its parameters. */
export function parseHash(hash: string): { route: string; params: URLSearchParams } {
  const body = hash.replace(/^#/, '');
  const q = body.indexOf('?');
  const path = q < 0 ? body : body.slice(0, q);
  return { route: path.replace(/^\/+|\/+$/g, ''), params: new URLSearchParams(q < 0 ? '' : body.slice(q + 1)) };
}

/** Reads every field from `params`, falling back to its default when missing or malformed. */
export function readFields<S>(fields: Fields<S>, params: URLSearchParams): S {
  const out = {} as S;
  for (const key of Object.keys(fields) as (keyof S)[]) {
    const raw = params.get(String(key));
    const parsed = raw === null ? undefined : fields[key].parse(raw);
    out[key] = parsed === undefined ? fields[key].default : parsed;
  }
  return out;
}

/** Writes the fields that differ from their defaults into `params` (and removes the others). */
export function writeFields<S>(fields: Fields<S>, state: S, params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const key of Object.keys(fields) as (keyof S)[]) {
    const field = fields[key];
    const value = state[key];
    if (field.serialise(value) === field.serialise(field.default)) out.delete(String(key));
    else out.set(String(key), field.serialise(value));
  }
  return out;
}
