import { describe, expect, it } from 'vitest';
import { nameKey } from './name-key.ts';

/** Names that look alike have one key; names that look different do not. */
describe('nameKey', () => {
  it.each([
    ['admin', 'ADMIN'],
    ['admin', 'аdmin'], // Cyrillic а
    ['admin', 'ａｄｍｉｎ'], // fullwidth
    ['admin', 'adrnin'], // rn looks like m
    ['admin', 'ADMlN'], // l for I
    ['bill', 'biII'],
    ['bob', 'b0b'],
    ['paypal', 'pаypаl'],
    ['ann', 'a\u200bnn'], // zero-width space
    ['ann lee', ' ann   lee '],
    ['José', 'Jose\u0301'], // composed and decomposed é
    ['Ωmega', 'ωmega'],
  ])('gives "%s" and "%s" the same key', (a, b) => {
    expect(nameKey(b)).toBe(nameKey(a));
  });

  it.each([
    ['ann', 'anne'],
    ['José', 'Jose'],
    ['bob', 'rob'],
    ['anna', 'аnnа2'],
  ])('tells "%s" and "%s" apart', (a, b) => {
    expect(nameKey(b)).not.toBe(nameKey(a));
  });
});
