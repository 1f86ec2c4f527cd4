import { describe, expect, it } from 'vitest';
import { dailyBillLine, type BilledInstance, type BillLine } from '../../../domain/billing/bill-line';
import { mauCharge } from '../../../domain/billing/mau-pricing';
import { daysOfMonth } from '../../../domain/billing/utc-calendar';
import { CATALOGUE } from '../../../domain/ciam/catalogue';
import type { AccountId, InstanceId } from '../../../domain/shared/ids';

const tiers = CATALOGUE.mauTiers;
const accountId = '1234567890123456' as AccountId;

// Bought on the 10th at 10:20, released on the 20th at 13:05 (UTC).
const enterprise: BilledInstance = {
  id: 'idaas_enterprise0000000000000000' as InstanceId,
  accountId,
  edition: 'Enterprise',
  hourlyFee: '16',
  createdAt: '2024-03-10T10:20:00.000Z',
  releasedAt: '2024-03-20T13:05:00.000Z',
};

/** What the daily job does for one instance over a month: MAU to date per day, carried from day to day. */
const monthOfLines = (instance: BilledInstance, month: string, mauToDate: (day: string) => number): BillLine[] => {
  const lines: BillLine[] = [];
  let mauBeforeDay = 0;
  for (const day of daysOfMonth(month)) {
    const mauAtEndOfDay = mauToDate(day);
    const line = dailyBillLine({ instance, day, mauBeforeDay, mauAtEndOfDay, tiers });
    if (line) lines.push(line);
    mauBeforeDay = mauAtEndOfDay;
  }
  return lines;
};

describe('dailyBillLine', () => {
  it('prices one day: started hours at the order’s fee plus the MAU accrued that day', () => {
    expect(dailyBillLine({ instance: enterprise, day: '2024-03-10', mauBeforeDay: 0, mauAtEndOfDay: 50_001, tiers })).toEqual({
      instanceId: enterprise.id,
      accountId,
      day: '2024-03-10',
      edition: 'Enterprise',
      hourlyFee: 16_000_000,
      billedHours: 14, // 10:00–23:59
      editionFee: 224_000_000, // 14 × 16
      mauToDate: 50_001,
      newMau: 50_001,
      mauCharge: 12_000_200_000, // 50,000 × 0.24 + 1 × 0.20
      total: 12_224_200_000,
    } satisfies BillLine);
  });

  it('accrues later MAU at the tier the month has reached', () => {
    const line = dailyBillLine({ instance: enterprise, day: '2024-03-11', mauBeforeDay: 50_000, mauAtEndOfDay: 50_010, tiers });
    expect(line).toMatchObject({ billedHours: 24, editionFee: 384_000_000, mauToDate: 50_010, newMau: 10, mauCharge: 2_000_000, total: 386_000_000 });
  });

  it.each([
    ['before the purchase', '2024-03-09'],
    ['after the release', '2024-03-21'],
  ])('owes nothing %s without new MAU', (_, day) => {
    expect(dailyBillLine({ instance: enterprise, day, mauBeforeDay: 0, mauAtEndOfDay: 0, tiers })).toBeUndefined();
  });

  it('still bills MAU counted on a day without service hours', () => {
    const line = dailyBillLine({ instance: enterprise, day: '2024-03-21', mauBeforeDay: 100, mauAtEndOfDay: 101, tiers });
    expect(line).toMatchObject({ billedHours: 0, editionFee: 0, newMau: 1, mauCharge: 240_000, total: 240_000 });
  });

  it('bills an instance bought on the 10th and released on the 20th for those hours only', () => {
    const lines = monthOfLines(enterprise, '2024-03', () => 0);
    expect(lines.map((l) => l.day)).toEqual(daysOfMonth('2024-03').slice(9, 20));
    // 14 hours on the 10th, 24 on the 11th–19th, 14 on the 20th (hours 0–13).
    expect(lines.map((l) => l.billedHours)).toEqual([14, 24, 24, 24, 24, 24, 24, 24, 24, 24, 14]);
    expect(lines.reduce((sum, l) => sum + l.editionFee, 0)).toBe(244 * 16_000_000);
  });

  it('keeps the price on the purchase order, not today’s catalogue price', () => {
    const boughtCheaper = { ...enterprise, hourlyFee: '15.5' };
    const line = dailyBillLine({ instance: boughtCheaper, day: '2024-03-12', mauBeforeDay: 0, mauAtEndOfDay: 0, tiers });
    expect(line).toMatchObject({ hourlyFee: 15_500_000, editionFee: 372_000_000 });
  });

  it('gives deep-equal lines when re-run', () => {
    const mau = (day: string) => Number(day.slice(8)) * 7_919;
    expect(monthOfLines(enterprise, '2024-03', mau)).toEqual(monthOfLines(enterprise, '2024-03', mau));
  });

  it('accrues MAU charges that add up to the charge of the month-end MAU', () => {
    const running: BilledInstance = { ...enterprise, releasedAt: undefined };
    const mau = (day: string) => Number(day.slice(8)) ** 4; // 1 … 923,521 MAU by the 31st: three tiers crossed
    const lines = monthOfLines(running, '2024-03', mau);
    expect(lines.reduce((sum, l) => sum + l.mauCharge, 0)).toBe(mauCharge(31 ** 4, tiers));
  });

  it.each([
    ['MAU to date falls', { day: '2024-03-12', mauBeforeDay: 10, mauAtEndOfDay: 9 }, /cannot fall/],
    ['last month’s MAU carried into the 1st', { day: '2024-04-01', mauBeforeDay: 10, mauAtEndOfDay: 10 }, /must be 0/],
    ['a malformed day', { day: '2024-03-32', mauBeforeDay: 0, mauAtEndOfDay: 0 }, /YYYY-MM-DD/],
  ])('throws when %s', (_, input, message) => {
    expect(() => dailyBillLine({ instance: enterprise, tiers, ...input })).toThrow(message);
  });

  it('throws on a malformed fee on the order', () => {
    expect(() => dailyBillLine({ instance: { ...enterprise, hourlyFee: '16 USD' }, day: '2024-03-12', mauBeforeDay: 0, mauAtEndOfDay: 0, tiers })).toThrow(
      /not a USD amount/,
    );
  });
});
