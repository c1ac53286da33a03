import { describe, expect, it } from 'vitest';
import { WORD2VEC_FIELDS } from '../../src/lessons/word2vec/meta';
import { checkBounds, intField, numberChoiceField, numberField, parseHash, readFields, textField, writeFields } from '../../src/lib/fields';

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

  it("takes only a menu's numbers for a menu: Lesson 2's window=20 falls back to the default, which the menu shows", () => {
    const windows = { window: numberChoiceField(8, [2, 4, 6, 8, 10]) };
    expect(readFields(windows, new URLSearchParams('window=6'))).toEqual({ window: 6 });
    for (const raw of ['20', '3', '', 'x']) expect(readFields(windows, new URLSearchParams(`window=${raw}`))).toEqual({ window: 8 });
    expect(readFields(WORD2VEC_FIELDS, new URLSearchParams('window=20')).window).toBe(8);
    expect(() => checkBounds({ window: 20 }, WORD2VEC_FIELDS)).toThrow('The setting “window” must be one of 2, 4, 6, 8, 10, not 20.');
    expect(() => checkBounds({ window: 4 }, WORD2VEC_FIELDS)).not.toThrow();
  });
});
