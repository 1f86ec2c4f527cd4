import { describe, expect, it } from 'vitest';
import { crossedLevels, MAX_THRESHOLD, validateThresholds } from '../../../domain/metering/usage-threshold';

describe('MAU thresholds', () => {
  it('accepts up to ten distinct positive whole numbers, sorted', () => {
    expect(validateThresholds([50_000, 10_000])).toEqual({ ok: true, value: [10_000, 50_000] });
    expect(validateThresholds([])).toEqual({ ok: true, value: [] });
    expect(validateThresholds([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).ok).toBe(true);
    expect(validateThresholds([MAX_THRESHOLD]).ok).toBe(true);
  });

  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 'At most 10'],
    [[0], 'from 1'],
    [[-5], 'from 1'],
    [[1.5], 'whole numbers'],
    [[Number.NaN], 'whole numbers'],
    [[Number.POSITIVE_INFINITY], 'whole numbers'],
    [[MAX_THRESHOLD + 1], String(MAX_THRESHOLD + 1)],
    [[100, 200, 100], 'distinct; 100'],
  ])('refuses %j', (input, message) => {
    const out = validateThresholds(input);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.code).toBe('InvalidParameter.Thresholds');
      expect(out.error.message).toContain(message);
    }
  });

  it.each([
    [[1000], 0, []],
    [[1000], 799, []],
    [[1000], 800, [{ threshold: 1000, percent: 80 }]],
    [[1000], 999, [{ threshold: 1000, percent: 80 }]],
    [[1000], 1000, [{ threshold: 1000, percent: 80 }, { threshold: 1000, percent: 100 }]],
    [[5], 3, []],
    [[5], 4, [{ threshold: 5, percent: 80 }]],
    [[3], 2, []],
    [[3], 3, [{ threshold: 3, percent: 80 }, { threshold: 3, percent: 100 }]],
    [
      [5000, 1000],
      4200,
      [
        { threshold: 1000, percent: 80 },
        { threshold: 1000, percent: 100 },
        { threshold: 5000, percent: 80 },
      ],
    ],
    [[], 1_000_000, []],
  ])('thresholds %j at MAU %i reach %j', (thresholds, mau, expected) => {
    expect(crossedLevels(thresholds, mau)).toEqual(expected);
  });

  it('only ever adds levels as the MAU grows (what lets the alert job raise each once)', () => {
    const thresholds = [7, 50, 120];
    let before = crossedLevels(thresholds, 0);
    for (let mau = 1; mau <= 200; mau++) {
      const now = crossedLevels(thresholds, mau);
      expect(now).toEqual(expect.arrayContaining(before));
      before = now;
    }
    expect(before).toHaveLength(6);
  });
});
