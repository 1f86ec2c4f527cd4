import { describe, expect, it } from 'vitest';
import { dailyBillLine, type BilledInstance, type BillLine } from '../../../domain/billing/bill-line';
import { monthlyStatement, type Statement } from '../../../domain/billing/statement';
import { statementCsv } from '../../../domain/billing/statement-csv';
import { daysOfMonth } from '../../../domain/billing/utc-calendar';
import { CATALOGUE } from '../../../domain/ciam/catalogue';
import type { AccountId, InstanceId } from '../../../domain/shared/ids';

const tiers = CATALOGUE.mauTiers;
const accountId = '1234567890123456' as AccountId;

// Running all March: bought in February.
const basic: BilledInstance = {
  id: 'idaas_b0000000000000000000000000' as InstanceId,
  accountId,
  edition: 'Basic',
  hourlyFee: '3',
  createdAt: '2024-02-20T08:00:00.000Z',
};
// Bought on the 10th at 10:20, released on the 20th at 13:05; its id sorts first.
const ultimate: BilledInstance = {
  id: 'idaas_a0000000000000000000000000' as InstanceId,
  accountId,
  edition: 'Ultimate',
  hourlyFee: '42',
  createdAt: '2024-03-10T10:20:00.000Z',
  releasedAt: '2024-03-20T13:05:00.000Z',
};

const dayOf = (day: string) => Number(day.slice(8));
// Basic: 2,000 new MAU a day → 62,000 by the 31st. Ultimate: 100 a day from the 10th to the 20th → 1,100.
const mauToDate = new Map<InstanceId, (day: string) => number>([
  [basic.id, (day) => dayOf(day) * 2_000],
  [ultimate.id, (day) => Math.max(0, Math.min(dayOf(day), 20) - 9) * 100],
]);

/** The daily job over March for both instances. */
const marchLines = (): BillLine[] =>
  [basic, ultimate].flatMap((instance) => {
    const mau = mauToDate.get(instance.id) ?? (() => 0);
    let mauBeforeDay = 0;
    return daysOfMonth('2024-03').flatMap((day) => {
      const line = dailyBillLine({ instance, day, mauBeforeDay, mauAtEndOfDay: mau(day), tiers });
      mauBeforeDay = mau(day);
      return line ? [line] : [];
    });
  });

const expected: Statement = {
  accountId,
  month: '2024-03',
  currency: 'USD',
  instances: [
    {
      instanceId: ultimate.id,
      edition: 'Ultimate',
      billedHours: 244, // 14 + 9 × 24 + 14
      editionFee: 10_248_000_000, // 244 × 42
      mau: 1_100,
      mauCharge: 264_000_000, // 1,100 × 0.24
      total: 10_512_000_000,
    },
    {
      instanceId: basic.id,
      edition: 'Basic',
      billedHours: 744, // 31 × 24
      editionFee: 2_232_000_000, // 744 × 3
      mau: 62_000,
      mauCharge: 14_400_000_000, // 50,000 × 0.24 + 12,000 × 0.20
      total: 16_632_000_000,
    },
  ],
  total: 27_144_000_000,
};

describe('monthlyStatement', () => {
  it('sums two instances of one account, each for the hours it ran', () => {
    expect(monthlyStatement(accountId, '2024-03', marchLines())).toEqual(expected);
  });

  it('totals the sum of every line', () => {
    const lines = marchLines();
    expect(monthlyStatement(accountId, '2024-03', lines).total).toBe(lines.reduce((sum, l) => sum + l.total, 0));
  });

  it('gives a byte-identical statement and CSV when re-run, whatever order the lines come in', () => {
    const first = monthlyStatement(accountId, '2024-03', marchLines());
    const reordered = marchLines().reverse();
    const again = monthlyStatement(accountId, '2024-03', [...reordered.slice(7), ...reordered.slice(0, 7)]);
    expect(again).toEqual(first);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(statementCsv(again)).toBe(statementCsv(first));
  });

  it('is empty, not missing, for a month without lines', () => {
    expect(monthlyStatement(accountId, '2024-04', [])).toEqual({ accountId, month: '2024-04', currency: 'USD', instances: [], total: 0 });
  });

  const [aLine] = marchLines();
  if (!aLine) throw new Error('fixture has no lines');

  it.each<[string, BillLine[], RegExp]>([
    ['a line of another account', [{ ...aLine, accountId: '6543210987654321' as AccountId }], /account 6543210987654321/],
    ['a line of another month', [{ ...aLine, day: '2024-04-01' }], /2024-04-01 in the statement of 2024-03/],
    ['two lines for one instance and day', [aLine, { ...aLine }], /two bill lines/],
    ['one instance under two editions', [aLine, { ...aLine, day: '2024-03-31', edition: 'Enterprise' }], /two editions/],
  ])('throws on %s', (_, lines, message) => {
    expect(() => monthlyStatement(accountId, '2024-03', lines)).toThrow(message);
  });

  it('throws on a malformed month', () => {
    expect(() => monthlyStatement(accountId, '2024-3', [])).toThrow(/YYYY-MM/);
  });
});
