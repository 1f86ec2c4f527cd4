import { isInstanceMark, markId, type ActivityMark } from '../../domain/metering/activity-mark';
import { addMonths, dayOfMonth, daysInMonth, monthStart, type Day, type Month } from '../../domain/metering/activity-period';
import { MAU_COUNTER_SHARDS } from '../../domain/metering/counter-shard';
import type { ActivityLedger, InstanceMau, MarkOutcome, MonthlyUsage, UsageReader } from '../../domain/metering/ports';
import type { InstanceId } from '../../domain/shared/ids';
import { activityMarkKey, mauApplicationCounterKey, mauApplicationCountersPk, mauCounterKey, type Key } from './keys';
import type { Item, Table, TransactItem } from './table';

/** Marks outlive the months the consumer accepts (RETENTION_MONTHS, 12) by one, so replays within a year dedupe. */
export const MARK_RETENTION_MONTHS = 13;

const SHARDS = Array.from({ length: MAU_COUNTER_SHARDS }, (_, shard) => shard);
/** The counter attribute of a day's new actives: `d01` … `d31`. */
const dayAttribute = (dayNumber: number) => `d${String(dayNumber).padStart(2, '0')}`;

const markKey = (m: ActivityMark): Key => activityMarkKey(m.instanceId, m.month, m.customerId, m.applicationId);
const keyString = (k: Key) => `${k.pk}\n${k.sk}`;

const markItem = (m: ActivityMark): Item => ({
  ...markKey(m),
  kind: 'ActivityMark',
  instanceId: m.instanceId,
  month: m.month,
  customerId: m.customerId,
  ...(m.applicationId !== undefined ? { applicationId: m.applicationId } : {}),
  day: m.day,
  ttl: Math.floor(monthStart(addMonths(m.month, MARK_RETENTION_MONTHS)).getTime() / 1000),
});

/** The count a new mark adds: the instance shard's total and its day, or the application's total. */
const countNew = (m: ActivityMark): TransactItem => {
  // Every name through a placeholder: DynamoDB refuses its many reserved words in expressions.
  const names = { '#kind': 'kind', '#instanceId': 'instanceId', '#month': 'month', '#n': 'n' };
  const values = { ':one': 1, ':instanceId': m.instanceId, ':month': m.month };
  if (m.applicationId !== undefined) {
    return {
      Update: {
        Key: mauApplicationCounterKey(m.instanceId, m.month, m.shard, m.applicationId),
        UpdateExpression: 'ADD #n :one SET #kind = :kind, #instanceId = :instanceId, #month = :month, #applicationId = :applicationId',
        ExpressionAttributeNames: { ...names, '#applicationId': 'applicationId' },
        ExpressionAttributeValues: { ...values, ':kind': 'MauApplicationCount', ':applicationId': m.applicationId },
      },
    };
  }
  return {
    Update: {
      Key: mauCounterKey(m.instanceId, m.month, m.shard),
      UpdateExpression: 'ADD #n :one, #day :one SET #kind = :kind, #instanceId = :instanceId, #month = :month',
      ExpressionAttributeNames: { ...names, '#day': dayAttribute(dayOfMonth(m.day)) },
      ExpressionAttributeValues: { ...values, ':kind': 'MauCounter' },
    },
  };
};

/**
 * The metering ledger over the single table (keys.ts: MAUMARK#…, MAU#…): both the consumer's write
 * port and the usage read port.
 *
 * Writes. A new mark is one TransactWriteItems: the mark put on `attribute_not_exists(pk)` and its
 * counter shard `ADD`ed, so a mark and its count exist together or not at all. A duplicate fails the
 * condition (`already-counted`); a concurrent twin either fails it or meets a TransactionConflict,
 * which Table retries until it fails the condition too: each mark is counted once. Instance marks keep
 * the earliest day: a mark recorded on a later day is moved (the mark's day and the shard's day counts,
 * in one transaction conditioned on the day read), so per-day counts do not depend on arrival order.
 *
 * Reads. `knownActive`: one BatchGetItem per 100 marks. `instanceMau` (billing): one BatchGetItem of the
 * 16 instance counter shards. `monthlyUsage`: one BatchGetItem of the 16
 * instance counter shards and one Query per application-count partition (16, in parallel): 17 requests
 * whatever the number of accounts; the Queries grow only with the number of applications.
 */
export class DynamoActivityLedger implements ActivityLedger, UsageReader {
  constructor(private readonly table: Table) {}

  async knownActive(marks: readonly ActivityMark[]): Promise<ReadonlySet<string>> {
    // BatchGetItem refuses a request naming a key twice.
    const keys = new Map(marks.map((m) => [keyString(markKey(m)), markKey(m)]));
    const recorded = new Map((await this.table.getMany([...keys.values()])).map((item) => [keyString(item as Key), item]));
    // Every mark the consumer can still be asked for is younger than its `ttl` (see MARK_RETENTION_MONTHS),
    // so a mark the engine has not reaped yet is never mistaken for a live one.
    const needsWrite = (m: ActivityMark) => {
      const item = recorded.get(keyString(markKey(m)));
      return item === undefined || (isInstanceMark(m) && (item.day as string) > m.day);
    };
    // Asked about one mark on several days, the answer must hold for each of them: never skip a write.
    const unknown = new Set(marks.filter(needsWrite).map(markId));
    return new Set(marks.map(markId).filter((id) => !unknown.has(id)));
  }

  async markActive(mark: ActivityMark): Promise<MarkOutcome> {
    const counted = await this.table.transact([{ Put: { Item: markItem(mark), ConditionExpression: 'attribute_not_exists(pk)' } }, countNew(mark)]);
    if (counted.ok) return 'counted';
    return isInstanceMark(mark) ? this.keepEarliestDay(mark) : 'already-counted';
  }

  /** The mark exists: move its day (and its count) to `mark.day` if that is earlier. */
  private async keepEarliestDay(mark: ActivityMark): Promise<MarkOutcome> {
    const key = markKey(mark);
    // Each lost race means another writer moved the day earlier; a month has at most 31 days.
    for (let attempt = 0; attempt <= 31; attempt++) {
      const item = await this.table.get(key);
      if (!item) throw new Error(`activity mark ${key.pk} ${key.sk} vanished after its put failed its condition`);
      const recorded = item.day as Day;
      if (recorded <= mark.day) return 'already-counted';
      const moved = await this.table.transact([
        {
          Update: {
            Key: key,
            UpdateExpression: 'SET #day = :day',
            ConditionExpression: '#day = :recorded',
            ExpressionAttributeNames: { '#day': 'day' },
            ExpressionAttributeValues: { ':day': mark.day, ':recorded': recorded },
          },
        },
        {
          Update: {
            Key: mauCounterKey(mark.instanceId, mark.month, mark.shard),
            UpdateExpression: 'ADD #from :minus, #to :one',
            ExpressionAttributeNames: { '#from': dayAttribute(dayOfMonth(recorded)), '#to': dayAttribute(dayOfMonth(mark.day)) },
            ExpressionAttributeValues: { ':minus': -1, ':one': 1 },
          },
        },
      ]);
      if (moved.ok) return 'moved-earlier';
    }
    throw new Error(`activity mark ${key.pk} kept changing day`);
  }

  async instanceMau(instanceId: InstanceId, month: Month): Promise<InstanceMau> {
    const counters = await this.table.getMany(SHARDS.map((shard) => mauCounterKey(instanceId, month, shard)));
    const newByDay = Array.from({ length: daysInMonth(month) }, () => 0);
    let mau = 0;
    for (const counter of counters) {
      mau += Number(counter.n ?? 0);
      newByDay.forEach((_, i) => (newByDay[i]! += Number(counter[dayAttribute(i + 1)] ?? 0)));
    }
    return { instanceId, month, mau, newByDay };
  }

  async monthlyUsage(instanceId: InstanceId, month: Month): Promise<MonthlyUsage> {
    const [instance, applicationShards] = await Promise.all([
      this.instanceMau(instanceId, month),
      Promise.all(
        SHARDS.map((shard) =>
          this.table.all({
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': mauApplicationCountersPk(instanceId, month, shard) },
            ConsistentRead: true,
          }),
        ),
      ),
    ]);
    const applications = new Map<string, number>();
    for (const item of applicationShards.flat()) {
      const applicationId = (item.sk as string).slice('APP#'.length);
      applications.set(applicationId, (applications.get(applicationId) ?? 0) + Number(item.n ?? 0));
    }
    return {
      ...instance,
      applications: [...applications].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([applicationId, count]) => ({ applicationId, mau: count })),
    };
  }
}
