import { describe, expect, it } from 'vitest';
import { intField, numberField, parseHash, readFields, textField, writeFields } from '../../src/lib/urlState';

const fields = { steps: intField(100, 1, 1000), lr: numberField(0.01, 0, 1), probe: textField('hi', 5) };

describe('URL state', () => {
  it('splits a hash route from its parameters', () => {
    const { route, params } = parseHash('#/tokens?minFreq=2&x=a%20b');
    expect(route).toBe('tokens');
    expect(params.get('x')).toBe('a b');
    expect(parseHash('').route).toBe('');
  });

  it('reads fields, falling back to defaults for missing or malformed values', () => {
    expect(readFields(fields, new URLSearchParams('steps=250&lr=0.5&probe=yo'))).toEqual({ steps: 250, lr: 0.5, probe: 'yo' });
    expect(readFields(fields, new URLSearchParams('steps=2.5&lr=abc&probe=toolong'))).toEqual({ steps: 100, lr: 0.01, probe: 'hi' });
    expect(readFields(fields, new URLSearchParams('steps=5000&lr='))).toEqual({ steps: 100, lr: 0.01, probe: 'hi' });
  });

  it('writes only what differs from the defaults, keeping other parameters, and round-trips', () => {
    const written = writeFields(fields, { steps: 100, lr: 0.2, probe: 'hi' }, new URLSearchParams('other=1&steps=7'));
    expect(written.toString()).toBe('other=1&lr=0.2');
    expect(readFields(fields, written)).toEqual({ steps: 100, lr: 0.2, probe: 'hi' });
  });
});
