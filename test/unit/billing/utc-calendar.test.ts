import { describe, expect, it } from 'vitest';
import { daysOfMonth, monthOfDay } from '../../../domain/billing/utc-calendar';

describe('daysOfMonth', () => {
  it.each([
    ['2024-01', 31, '2024-01-31'],
    ['2024-02', 29, '2024-02-29'],
    ['2023-02', 28, '2023-02-28'],
    ['2024-04', 30, '2024-04-30'],
    ['2024-12', 31, '2024-12-31'],
  ])('%s has %d days, the last %s', (month, count, last) => {
    const days = daysOfMonth(month);
    expect(days).toHaveLength(count);
    expect(days[0]).toBe(`${month}-01`);
    expect(days.at(-1)).toBe(last);
  });

  it.each(['2024-13', '2024-1', '2024-00', '24-01', ''])('throws on the month %j', (month) => {
    expect(() => daysOfMonth(month)).toThrow(/YYYY-MM/);
  });
});

describe('monthOfDay', () => {
  it('is the day’s YYYY-MM', () => {
    expect(monthOfDay('2024-02-29')).toBe('2024-02');
  });

  it('throws on an impossible day', () => {
    expect(() => monthOfDay('2024-04-31')).toThrow(/YYYY-MM-DD/);
  });
});
