import { describe, expect, it } from 'vitest';
import { billedHours, type ServicePeriod } from '../../../domain/billing/billed-hours';

const period = (purchasedAt: string, releasedAt?: string): ServicePeriod => ({ purchasedAt, releasedAt });

describe('billedHours (started hours of one UTC day)', () => {
  it.each<[string, ServicePeriod, string, number]>([
    ['bought 10:20, released 13:05 → hours 10–13', period('2024-03-10T10:20:00.000Z', '2024-03-10T13:05:00.000Z'), '2024-03-10', 4],
    ['bought mid-day, still running', period('2024-03-10T10:20:00.000Z'), '2024-03-10', 14],
    ['bought exactly on the hour', period('2024-03-10T10:00:00.000Z'), '2024-03-10', 14],
    ['bought in the last millisecond of the day', period('2024-03-10T23:59:59.999Z'), '2024-03-10', 1],
    ['the whole day after purchase', period('2024-03-10T10:20:00.000Z'), '2024-03-11', 24],
    ['the day before purchase', period('2024-03-10T10:20:00.000Z'), '2024-03-09', 0],
    ['released mid-day → hours 0–13', period('2024-03-10T10:20:00.000Z', '2024-03-20T13:05:00.000Z'), '2024-03-20', 14],
    ['released at 13:00:00.000 → hours up to 12 only', period('2024-03-10T10:20:00.000Z', '2024-03-20T13:00:00.000Z'), '2024-03-20', 13],
    ['released at 13:00:00.001 → hour 13 started', period('2024-03-10T10:20:00.000Z', '2024-03-20T13:00:00.001Z'), '2024-03-20', 14],
    ['a whole day before release', period('2024-03-10T10:20:00.000Z', '2024-03-20T13:05:00.000Z'), '2024-03-19', 24],
    ['the day after release', period('2024-03-10T10:20:00.000Z', '2024-03-20T13:05:00.000Z'), '2024-03-21', 0],
    ['released at midnight: the next day bills nothing', period('2024-03-10T10:20:00.000Z', '2024-03-21T00:00:00.000Z'), '2024-03-21', 0],
    ['released at midnight: the day before is whole', period('2024-03-10T10:20:00.000Z', '2024-03-21T00:00:00.000Z'), '2024-03-20', 24],
    ['bought and released within one hour', period('2024-03-10T10:20:00.000Z', '2024-03-10T10:40:00.000Z'), '2024-03-10', 1],
    ['bought 10:00, released 11:00 → one hour', period('2024-03-10T10:00:00.000Z', '2024-03-10T11:00:00.000Z'), '2024-03-10', 1],
    ['two minutes straddling an hour → two started hours', period('2024-03-10T10:59:00.000Z', '2024-03-10T11:01:00.000Z'), '2024-03-10', 2],
    ['released the instant it was bought', period('2024-03-10T10:20:00.000Z', '2024-03-10T10:20:00.000Z'), '2024-03-10', 0],
    ['a day wholly in service', period('2024-03-10T00:00:00.000Z', '2024-03-11T00:00:00.000Z'), '2024-03-10', 24],
    // UTC has no daylight saving: the EU (31 March) and US (10 March) switch days still have 24 hours.
    ['EU daylight-saving day', period('2024-01-01T00:00:00.000Z'), '2024-03-31', 24],
    ['US daylight-saving day', period('2024-01-01T00:00:00.000Z'), '2024-03-10', 24],
    ['leap day', period('2024-01-01T00:00:00.000Z'), '2024-02-29', 24],
    // Across a month end: 22:30–01:30 bills hours 22, 23 of 31 January and 0, 1 of 1 February.
    ['across month end, first day', period('2024-01-31T22:30:00.000Z', '2024-02-01T01:30:00.000Z'), '2024-01-31', 2],
    ['across month end, second day', period('2024-01-31T22:30:00.000Z', '2024-02-01T01:30:00.000Z'), '2024-02-01', 2],
    ['an instant with an offset is read in UTC', period('2024-03-10T12:20:00.000+02:00'), '2024-03-10', 14],
  ])('%s', (_, service, day, hours) => {
    expect(billedHours(service, day)).toBe(hours);
  });

  it('sums to the started hours of a multi-day period', () => {
    const service = period('2024-01-31T22:30:00.000Z', '2024-02-02T01:30:00.000Z');
    const days = ['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-02', '2024-02-03'];
    expect(days.map((day) => billedHours(service, day))).toEqual([0, 2, 24, 2, 0]);
  });

  it.each(['2024-02-30', '2023-02-29', '2024-2-1', '2024-13-01', '2024-03-10T00:00:00Z', ''])('throws on the day %j', (day) => {
    expect(() => billedHours(period('2024-01-01T00:00:00.000Z'), day)).toThrow(/YYYY-MM-DD/);
  });

  it.each([
    ['a local time without a zone', period('2024-03-10T10:20:00')],
    ['a date only', period('2024-03-10')],
    ['garbage', period('yesterday')],
    ['a malformed release', period('2024-03-10T10:20:00.000Z', 'soon')],
  ])('throws on %s', (_, service) => {
    expect(() => billedHours(service, '2024-03-10')).toThrow(/ISO 8601/);
  });

  it('throws when released before purchased', () => {
    expect(() => billedHours(period('2024-03-10T10:20:00.000Z', '2024-03-10T10:19:59.999Z'), '2024-03-10')).toThrow(/before purchased/);
  });
});
