import { describe, expect, it } from 'vitest';
import { formatUsd, multiplyMicros, parseUsd, sumMicros } from '../../../domain/billing/money';

describe('parseUsd (exact decimal → micro-USD)', () => {
  it.each([
    ['0', 0],
    ['3', 3_000_000],
    ['16', 16_000_000],
    ['42', 42_000_000],
    ['0.24', 240_000],
    ['0.2', 200_000],
    ['0.20', 200_000],
    ['0.000001', 1],
    ['12000.20', 12_000_200_000],
    ['9000000000', 9_000_000_000_000_000],
  ])('%s → %d', (amount, micros) => {
    expect(parseUsd(amount)).toBe(micros);
  });

  it('adds without float error: 0.1 + 0.2 = 0.3', () => {
    expect(parseUsd('0.1') + parseUsd('0.2')).toBe(parseUsd('0.3'));
  });

  it.each(['', ' 1', '1 ', '.5', '1.', '-1', '+1', '1e3', '0x10', '1,000', '1.2345678', 'NaN', 'Infinity', '10000000000'])(
    '%j is a bug in price data and throws',
    (amount) => {
      expect(() => parseUsd(amount)).toThrow();
    },
  );
});

describe('formatUsd (display, half up)', () => {
  it.each([
    [0, 2, '0.00'],
    [1, 2, '0.00'],
    [4_999, 2, '0.00'],
    [5_000, 2, '0.01'],
    [12_345, 2, '0.01'],
    [14_999, 2, '0.01'],
    [15_000, 2, '0.02'],
    [240_000, 2, '0.24'],
    [9_995_000, 2, '10.00'],
    [12_000_200_000, 2, '12000.20'],
    [1_923_481_360_000, 2, '1923481.36'],
    [499_999, 0, '0'],
    [500_000, 0, '1'],
    [1, 6, '0.000001'],
    [123_456, 3, '0.123'],
    [123_500, 3, '0.124'],
    [-5_000, 2, '-0.01'],
    [-4_999, 2, '0.00'],
    // Near 2^53 the division must still be exact.
    [9_007_199_254_740_991, 2, '9007199254.74'],
    [9_007_199_254_735_000, 2, '9007199254.74'],
    [9_007_199_254_734_999, 2, '9007199254.73'],
  ])('%d micros to %d decimals → %s', (micros, decimals, text) => {
    expect(formatUsd(micros, decimals)).toBe(text);
  });

  it('defaults to 2 decimals', () => {
    expect(formatUsd(12_345)).toBe('0.01');
  });

  it.each([
    [0.5, 2],
    [Number.NaN, 2],
    [2 ** 53, 2],
    [1, 7],
    [1, -1],
    [1, 1.5],
  ])('refuses %d micros to %d decimals', (micros, decimals) => {
    expect(() => formatUsd(micros, decimals)).toThrow(RangeError);
  });
});

describe('sumMicros and multiplyMicros', () => {
  it.each([
    [[], 0],
    [[1], 1],
    [[1, 2, 3], 6],
    [[240_000, 200_000, 160_000, 120_000], 720_000],
  ])('sum of %j = %d', (amounts, total) => {
    expect(sumMicros(amounts)).toBe(total);
  });

  it('sums any iterable', () => {
    expect(sumMicros(new Set([1, 2]).values())).toBe(3);
  });

  it.each([
    [[0.5]],
    [[Number.MAX_SAFE_INTEGER, 1]],
    [[Number.NaN]],
  ])('refuses %j', (amounts) => {
    expect(() => sumMicros(amounts)).toThrow(RangeError);
  });

  it.each([
    [16_000_000, 24, 384_000_000],
    [240_000, 50_000, 12_000_000_000],
    [3_000_000, 0, 0],
  ])('%d × %d = %d', (price, quantity, product) => {
    expect(multiplyMicros(price, quantity)).toBe(product);
  });

  it.each([
    [1, -1],
    [1, 0.5],
    [0.5, 2],
    [Number.MAX_SAFE_INTEGER, 2],
  ])('refuses %d × %d', (price, quantity) => {
    expect(() => multiplyMicros(price, quantity)).toThrow(RangeError);
  });
});
