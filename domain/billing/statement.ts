import type { Edition } from '../ciam/catalogue';
import type { AccountId, InstanceId } from '../shared/ids';
import type { BillLine } from './bill-line';
import { sumMicros, type Micros } from './money';
import { assertUtcMonth, monthOfDay } from './utc-calendar';

/** One instance's month: its bill lines added up. */
export type StatementInstance = {
  readonly instanceId: InstanceId;
  readonly edition: Edition;
  readonly billedHours: number;
  readonly editionFee: Micros;
  /** Month-end MAU to date: the largest mauToDate of the month's lines. */
  readonly mau: number;
  readonly mauCharge: Micros;
  readonly total: Micros;
};

/** An account's bill for one UTC month ('YYYY-MM'), amounts in micro-USD. */
export type Statement = {
  readonly accountId: AccountId;
  readonly month: string;
  readonly currency: 'USD';
  readonly instances: readonly StatementInstance[];
  readonly total: Micros;
};

/**
 * Sums the month's bill lines of one account. Instances are ordered by id and every figure is an exact
 * integer sum, so the same lines in any order give a byte-identical statement (and CSV).
 *
 * The caller queries the lines by account and month; a line of another account or month, two lines for
 * one instance and day (billed twice), or one instance under two editions means that query or the daily
 * job is wrong, and a wrong bill must not be issued: each throws.
 */
export const monthlyStatement = (accountId: AccountId, month: string, lines: readonly BillLine[]): Statement => {
  assertUtcMonth(month);
  const byInstance = new Map<InstanceId, BillLine[]>();
  const seen = new Set<string>();
  for (const line of lines) {
    if (line.accountId !== accountId) throw new Error(`bill line of account ${line.accountId} in the statement of ${accountId}`);
    if (monthOfDay(line.day) !== month) throw new Error(`bill line of ${line.day} in the statement of ${month}`);
    const key = `${line.instanceId} ${line.day}`;
    if (seen.has(key)) throw new Error(`two bill lines for instance ${line.instanceId} on ${line.day}`);
    seen.add(key);
    const group = byInstance.get(line.instanceId);
    if (group) group.push(line);
    else byInstance.set(line.instanceId, [line]);
  }
  const instances = [...byInstance.entries()]
    // Code-unit order, not localeCompare: the same on every machine and locale.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([instanceId, group]): StatementInstance => {
      const [first] = group;
      if (!first) throw new Error(`no bill lines for instance ${instanceId}`);
      if (group.some((line) => line.edition !== first.edition)) throw new Error(`instance ${instanceId} billed under two editions in ${month}`);
      const editionFee = sumMicros(group.map((line) => line.editionFee));
      const mauCharge = sumMicros(group.map((line) => line.mauCharge));
      return {
        instanceId,
        edition: first.edition,
        billedHours: group.reduce((hours, line) => hours + line.billedHours, 0),
        editionFee,
        mau: Math.max(...group.map((line) => line.mauToDate)),
        mauCharge,
        total: sumMicros([editionFee, mauCharge]),
      };
    });
  return { accountId, month, currency: 'USD', instances, total: sumMicros(instances.map((i) => i.total)) };
};
