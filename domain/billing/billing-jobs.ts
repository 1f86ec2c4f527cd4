import { CATALOGUE } from '../ciam/catalogue';
import { crossedLevels } from '../metering/usage-threshold';
import type { Month } from '../metering/activity-period';
import type { InstanceMau, UsageReader, UsageThresholdRepository } from '../metering/ports';
import type { Clock } from '../shared/clock';
import type { AccountId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import { dailyBillLine, type BilledInstance, type BillLine } from './bill-line';
import { sumMicros, type Micros } from './money';
import type { BillableInstances, BillRepository, IssuedStatement, MauSnapshotRepository, UsageAlertLog, UsageAlertPublisher } from './ports';
import { monthlyStatement } from './statement';
import type { UsageAlert } from './usage-alert';
import { DAY_MS, daysOfMonth, HOUR_MS, monthOfDay, parseInstant, utcDayStart } from './utc-calendar';

/**
 * The billing jobs. Each takes the period it works on as an argument (the schedule passes the one
 * that just ended; `npm run job` any), reads per instance, never per account, and writes by key, so a
 * re-run over the same metering data writes the same items.
 *
 * MAU come from metering's ledger, which attributes each account to the UTC day of its first
 * activity in the month. A day's line accrues the MAU charge from the instance's previous line's MAU to
 * date up to the ledger's count at the end of the day, so a month's lines add up to exactly the charge
 * of its final MAU at the graduated tiers, even when a late event lands on a day already billed (its
 * account is then charged on the next day billed).
 */
export type BillingPorts = {
  readonly billableInstances: BillableInstances;
  readonly bills: BillRepository;
  readonly usage: UsageReader;
  readonly mauSnapshots: MauSnapshotRepository;
  readonly usageThresholds: UsageThresholdRepository;
  readonly usageAlerts: UsageAlertLog;
  readonly usageAlertPublisher: UsageAlertPublisher;
  readonly clock: Clock;
};

export type InvalidPeriod = Failure<'InvalidParameter.Period'>;
export type PeriodNotOver = Failure<'Billing.PeriodNotOver'>;

const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** Parses a job's period argument: the shape first, then that the calendar has it. */
const period = (value: string, shape: RegExp, start: (v: string) => number, what: string): Result<number, InvalidPeriod> => {
  try {
    if (shape.test(value)) return ok(start(value));
  } catch {
    // falls through: a shape-valid but impossible date
  }
  return fail('InvalidParameter.Period', `${JSON.stringify(value)} is not a UTC ${what}.`);
};
const hourStart = (hour: string) => {
  const at = utcDayStart(hour.slice(0, 10)) + Number(hour.slice(11, 13)) * HOUR_MS;
  if (Number(hour.slice(11, 13)) > 23) throw new Error('no such hour');
  return at;
};
const monthStartOf = (month: string) => utcDayStart(`${month}-01`);

/** The hour, day or month just ended at `now`: what the schedules run on. */
export const previousHour = (now: Date): string => new Date(now.getTime() - HOUR_MS).toISOString().slice(0, 13);
export const previousDay = (now: Date): string => new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
export const previousMonth = (now: Date): string => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

/** Instances in service at some instant of [from, to). */
const inService = (instances: readonly BilledInstance[], from: number, to: number): BilledInstance[] =>
  instances.filter((i) => parseInstant(i.createdAt) < to && (i.releasedAt === undefined || parseInstant(i.releasedAt) > from));

// Enough to overlap the reads of many instances without a burst the table would throttle.
const CONCURRENCY = 8;
const eachLimited = async <T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
};

export type HourlyRun = { readonly hour: string; readonly instances: number; readonly alertsRaised: number };

/**
 * Hourly: each instance in service during `hour` gets a snapshot of its month's MAU as counted now,
 * and every threshold level it has reached raises its alert, once per month (the log's put-if-absent);
 * an alert whose publication fails is forgotten again, so the next run retries it.
 */
export const snapshotHourlyMau = async (ports: BillingPorts, hour: string): Promise<Result<HourlyRun, InvalidPeriod>> => {
  const start = period(hour, HOUR, hourStart, 'hour (YYYY-MM-DDTHH)');
  if (!start.ok) return start;
  const month = hour.slice(0, 7) as Month;
  const instances = inService(await ports.billableInstances.all(), start.value, start.value + HOUR_MS);
  const raised = await eachLimited(instances, async (instance) => {
    const [usage, thresholds] = await Promise.all([ports.usage.instanceMau(instance.id, month), ports.usageThresholds.get(instance.id)]);
    const at = ports.clock.now().toISOString();
    await ports.mauSnapshots.put({ instanceId: instance.id, hour, mau: usage.mau, takenAt: at });
    let count = 0;
    for (const level of crossedLevels(thresholds?.thresholds ?? [], usage.mau)) {
      const alert: UsageAlert = { instanceId: instance.id, accountId: instance.accountId, month, ...level, mau: usage.mau, at };
      if (!(await ports.usageAlerts.record(alert))) continue;
      try {
        await ports.usageAlertPublisher.publish(alert);
      } catch (error) {
        await ports.usageAlerts.forget(alert);
        throw error;
      }
      count++;
    }
    return count;
  });
  return ok({ hour, instances: instances.length, alertsRaised: raised.reduce((a, b) => a + b, 0) });
};

export type DailyRun = { readonly day: string; readonly instances: number; readonly lines: number; readonly total: Micros };

/**
 * One instance's lines for consecutive `days` of one month, given the month's usage and the MAU to
 * date of its line before the first of them: each line's accrual starts where the previous one ended.
 */
const linesOf = (instance: BilledInstance, days: readonly string[], usage: InstanceMau, mauBefore: number): BillLine[] => {
  const lines: BillLine[] = [];
  let before = mauBefore;
  for (const day of days) {
    const counted = usage.newByDay.slice(0, Number(day.slice(8, 10))).reduce((a, b) => a + b, 0);
    // MAU to date never shrink: the ledger only adds accounts, or moves one to an earlier day.
    const line = dailyBillLine({ instance, day, mauBeforeDay: before, mauAtEndOfDay: Math.max(counted, before), tiers: CATALOGUE.mauTiers });
    if (line) {
      lines.push(line);
      before = line.mauToDate;
    }
  }
  return lines;
};

/** Daily: the day's bill line of every instance in service that day (or with MAU new that day). */
export const billDay = async (ports: BillingPorts, day: string): Promise<Result<DailyRun, InvalidPeriod | PeriodNotOver>> => {
  const start = period(day, DAY, utcDayStart, 'day (YYYY-MM-DD)');
  if (!start.ok) return start;
  if (start.value + DAY_MS > ports.clock.now().getTime()) return fail('Billing.PeriodNotOver', `${day} is not over yet; a day is billed once it has ended (UTC).`);
  const instances = inService(await ports.billableInstances.all(), start.value, start.value + DAY_MS);
  const month = monthOfDay(day) as Month;
  const first = day.endsWith('-01');
  const lines = (
    await eachLimited(instances, async (instance) => {
      const [usage, before] = await Promise.all([
        ports.usage.instanceMau(instance.id, month),
        first ? Promise.resolve(0) : ports.bills.mauBilledBefore(instance.accountId, instance.id, day),
      ]);
      return linesOf(instance, [day], usage, before);
    })
  ).flat();
  await ports.bills.putLines(lines);
  return ok({ day, instances: instances.length, lines: lines.length, total: sumMicros(lines.map((l) => l.total)) });
};

export type MonthlyRun = { readonly month: string; readonly days: number; readonly statements: readonly { readonly accountId: AccountId; readonly total: Micros }[] };

/** JSON with object keys sorted: a stored item's attributes come back in any order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
const sameFigures = (a: IssuedStatement, b: Omit<IssuedStatement, 'issuedAt'>) => {
  const { issuedAt: _issuedAt, ...figures } = a;
  return canonical(figures) === canonical(b);
};

/**
 * Monthly: bills every day of the (ended) month again, in order, so a missed daily run is made good
 * and each line's MAU accrual follows the one before it (one usage read per instance for the whole
 * month), then issues each account's statement. A statement with the same figures as the stored one
 * keeps its first issue time: a re-run changes nothing.
 */
export const closeMonth = async (ports: BillingPorts, month: string): Promise<Result<MonthlyRun, InvalidPeriod | PeriodNotOver>> => {
  const start = period(month, MONTH, monthStartOf, 'month (YYYY-MM)');
  if (!start.ok) return start;
  const days = daysOfMonth(month);
  const end = start.value + days.length * DAY_MS;
  if (end > ports.clock.now().getTime()) return fail('Billing.PeriodNotOver', `${month} is not over yet; a statement is issued once its month has ended (UTC).`);
  const instances = inService(await ports.billableInstances.all(), start.value, end);
  const lines = await eachLimited(instances, async (instance) => linesOf(instance, days, await ports.usage.instanceMau(instance.id, month as Month), 0));
  await ports.bills.putLines(lines.flat());
  const accounts = [...new Set(instances.map((i) => i.accountId))].sort();
  const statements = await eachLimited(accounts, async (accountId) => {
    const statement = monthlyStatement(accountId, month, await ports.bills.allLines(accountId, month));
    const stored = await ports.bills.getStatement(accountId, month);
    if (!stored || !sameFigures(stored, statement)) await ports.bills.putStatement({ ...statement, issuedAt: ports.clock.now().toISOString() });
    return { accountId, total: statement.total };
  });
  return ok({ month, days: days.length, statements });
};
