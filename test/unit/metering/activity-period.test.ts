import { describe, expect, it } from 'vitest';
import {
  addMonths,
  dayOf,
  dayOfMonth,
  daysInMonth,
  monthEnd,
  monthOf,
  monthOfDay,
  monthStart,
  parseMonth,
  type Day,
  type Month,
} from '../../../domain/metering/activity-period';

const at = (iso: string) => new Date(iso);
const month = (s: string) => s as Month;

describe('metering periods (UTC)', () => {
  it.each([
    ['2026-11-30T23:59:59.999Z', '2026-11', '2026-11-30', 30],
    ['2026-12-01T00:00:00.000Z', '2026-12', '2026-12-01', 1],
    ['2026-12-31T23:59:59.999Z', '2026-12', '2026-12-31', 31],
    ['2027-01-01T00:00:00.000Z', '2027-01', '2027-01-01', 1],
    ['2028-02-29T12:00:00.000Z', '2028-02', '2028-02-29', 29],
    ['2028-03-01T00:00:00.000Z', '2028-03', '2028-03-01', 1],
    ['2026-03-01T00:00:00.000Z', '2026-03', '2026-03-01', 1],
  ])('%s is in %s, on %s (day %i)', (instant, m, d, n) => {
    expect(monthOf(at(instant))).toBe(m);
    expect(dayOf(at(instant))).toBe(d);
    expect(dayOfMonth(dayOf(at(instant)))).toBe(n);
    expect(monthOfDay(d as Day)).toBe(m);
  });

  it('ignores the host time zone: an instant belongs to its UTC day even where it is already tomorrow', () => {
    // 23:30 UTC is 07:30 the next day in Shanghai; metering still counts the UTC day.
    expect(dayOf(at('2026-11-30T23:30:00+00:00'))).toBe('2026-11-30');
    expect(monthOf(at('2026-12-01T07:30:00+08:00'))).toBe('2026-11');
  });

  it('months are half-open intervals [start, end): the end is the next month’s start', () => {
    expect(monthStart(month('2026-11')).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(monthEnd(month('2026-11')).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(monthEnd(month('2026-12')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(monthOf(new Date(monthEnd(month('2026-11')).getTime() - 1))).toBe('2026-11');
    expect(monthOf(monthEnd(month('2026-11')))).toBe('2026-12');
  });

  it.each([
    ['2026-01', 31],
    ['2026-02', 28],
    ['2028-02', 29],
    ['2000-02', 29],
    ['2100-02', 28],
    ['2026-04', 30],
    ['2026-11', 30],
    ['2026-12', 31],
  ])('%s has %i days', (m, days) => {
    expect(daysInMonth(month(m))).toBe(days);
  });

  it('adds months across year ends, both ways', () => {
    expect(addMonths(month('2026-12'), 1)).toBe('2027-01');
    expect(addMonths(month('2027-01'), -1)).toBe('2026-12');
    expect(addMonths(month('2026-11'), -12)).toBe('2025-11');
    expect(addMonths(month('2026-11'), 13)).toBe('2027-12');
    expect(addMonths(month('2026-11'), 0)).toBe('2026-11');
  });

  it('parses YYYY-MM months and refuses anything else with a clear code', () => {
    expect(parseMonth('2026-11')).toEqual({ ok: true, value: '2026-11' });
    expect(parseMonth('2026-01')).toEqual({ ok: true, value: '2026-01' });
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', '2026/11', ' 2026-11', '1969-12', '', 'latest']) {
      const parsed = parseMonth(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.code).toBe('InvalidParameter.Month');
        expect(parsed.error.message).toContain('YYYY-MM');
      }
    }
  });

  it('refuses instants no month string can hold', () => {
    expect(() => monthOf(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => monthOf(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
  });
});
