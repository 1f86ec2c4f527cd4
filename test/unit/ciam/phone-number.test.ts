import { describe, expect, it } from 'vitest';
import { maskPhoneNumber, normalisePhoneNumber } from '../../../domain/ciam/phone-number';

describe('normalisePhoneNumber (E.164)', () => {
  it.each([
    ['+86 138 0013 8000', undefined, '+8613800138000'],
    ['13800138000', 'CN', '+8613800138000'],
    ['138-0013-8000', 'CN', '+8613800138000'],
    ['0086 13800138000', 'CN', '+8613800138000'],
    ['  +8613800138000  ', undefined, '+8613800138000'],
    ['tel:+8613800138000', undefined, '+8613800138000'],
    // Full-width digits and plus sign, as a Chinese IME types them.
    ['＋８６ １３８ ００１３ ８０００', undefined, '+8613800138000'],
    // A number written with its country code wins over the default country.
    ['+86 13800138000', 'US', '+8613800138000'],
    ['+1 (415) 555-2671', undefined, '+14155552671'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+44 7911 123456', undefined, '+447911123456'],
    ['07911 123456', 'GB', '+447911123456'],
    ['+86 10 1234 5678', undefined, '+861012345678'],
  ])('%s (default %s) → %s', (input, country, expected) => {
    expect(normalisePhoneNumber(input, country)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'CN', /required/],
    ['   ', undefined, /required/],
    ['13800138000', undefined, /no country calling code/],
    ['abc', 'CN', /not a phone number/],
    ['+999 1234', undefined, /not a phone number/],
    // Length is right, but +86 has no 128… mobile range: only the full metadata knows.
    ['12800138000', 'CN', /not a valid phone number for \+86/],
    ['+86138001380001', undefined, /not a valid phone number for \+86/],
    ['+861380013800', undefined, /not a valid phone number/],
    ['+8613800138000 ext. 5', undefined, /extension/],
    ['1'.repeat(65), 'CN', /at most 64/],
    ['13800138000', 'XX', /XX is not a country code/],
  ])('%s (default %s) is refused', (input, country, message) => {
    const out = normalisePhoneNumber(input, country);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.code).toBe('InvalidParameter.PhoneNumber');
      expect(out.error.message).toMatch(message);
    }
  });
});

describe('maskPhoneNumber', () => {
  it.each([
    ['+8613800138000', '+86 138****8000'],
    ['+14155552671', '+1 41****2671'],
    ['+447911123456', '+44 79****3456'],
    ['+861012345678', '+86 10****5678'],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhoneNumber(phone)).toBe(masked);
  });

  it('never shows more than seven digits of the number', () => {
    for (const phone of ['+8613800138000', '+14155552671', '+447911123456']) {
      const digits = maskPhoneNumber(phone).split(' ')[1]!.replace(/\*/g, '');
      expect(digits.length).toBeLessThanOrEqual(7);
      expect(maskPhoneNumber(phone)).toMatch(/\*{4}/);
    }
  });

  it('throws on a number that was not normalised (a bug)', () => {
    expect(() => maskPhoneNumber('138 0013 8000')).toThrow(/E\.164/);
    expect(() => maskPhoneNumber('+86 138 0013 8000')).toThrow(/E\.164/);
  });
});
