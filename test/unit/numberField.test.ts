import { describe, expect, it } from 'vitest';
import { readNumber } from '../../src/ui/NumberField';

describe('what a number field accepts', () => {
  it('passes on numbers within its bounds, whole ones unless its step allows fractions', () => {
    expect(readNumber('32', { min: 1, max: 256 })).toEqual({ value: 32 });
    expect(readNumber('0.005', { min: 1e-6, max: 10, step: 0.001 })).toEqual({ value: 0.005 });
    expect(readNumber('1e2', { min: 1 })).toEqual({ value: 100 });
  });

  it('refuses what is out of bounds, fractional, empty or not a number, saying what it takes', () => {
    expect(readNumber('20000', { min: 1, max: 256 })).toEqual({ problem: 'Type a whole number from 1 to 256.' });
    expect(readNumber('0', { min: 1, max: 256 })).toEqual({ problem: 'Type a whole number from 1 to 256.' });
    expect(readNumber('-5', { min: 1 })).toEqual({ problem: 'Type a whole number of at least 1.' });
    expect(readNumber('2.5', { min: 1, max: 10 })).toEqual({ problem: 'Type a whole number from 1 to 10.' });
    expect(readNumber('', { min: 0 })).toEqual({ problem: 'Type a whole number of at least 0.' });
    expect(readNumber('abc', { max: 3, step: 0.1 })).toEqual({ problem: 'Type a number of at most 3.' });
    expect(readNumber('11', { min: 1e-6, max: 10, step: 0.01 })).toEqual({ problem: 'Type a number from 0.000001 to 10.' });
  });
});
