import type { FailedLogonKey } from '../../domain/ciam/captcha';
import type { FailedLogonCounter } from '../../domain/ciam/captcha-ports';
import { failedLogonsKey } from './keys';
import type { Table } from './table';

const keyOf = (k: FailedLogonKey) => failedLogonsKey(k.instanceId, k.scope, k.value);

/**
 * One item per key under `LOGONFAIL#…`, holding the newest failure times (epoch ms) in fixed slots
 * `f0` (newest) … `f<n-1>`. Recording shifts the slots and writes `f0` in one UpdateItem (DynamoDB reads
 * every operand before it writes), so concurrent failures are all kept and the item never grows, however
 * long an attack lasts. A fixed-window counter would miss two failures a few seconds apart that straddle
 * a window boundary; the times themselves let the domain apply a true sliding window.
 */
export class DynamoFailedLogonCounter implements FailedLogonCounter {
  private readonly slots: number;
  private readonly retainSeconds: number;

  constructor(
    private readonly table: Table,
    options: { readonly slots?: number; readonly retainSeconds?: number } = {},
  ) {
    this.slots = options.slots ?? 5;
    // Longer than any window the rule uses, so a policy with a longer window still finds its failures.
    this.retainSeconds = options.retainSeconds ?? 3600;
    if (this.slots < 1) throw new Error('a failed-logon counter keeps at least one failure');
  }

  async record(keys: readonly FailedLogonKey[], at: Date): Promise<void> {
    const names: Record<string, string> = { '#ttl': 'ttl' };
    const sets: string[] = [];
    for (let i = this.slots - 1; i >= 1; i--) {
      names[`#f${i}`] = `f${i}`;
      names[`#f${i - 1}`] = `f${i - 1}`;
      sets.push(`#f${i} = if_not_exists(#f${i - 1}, :none)`);
    }
    // Every name goes through a placeholder: DynamoDB refuses its many reserved words in expressions.
    Object.assign(names, { '#f0': 'f0', '#kind': 'kind', '#instanceId': 'instanceId', '#scope': 'scope' });
    sets.push('#f0 = :at', '#ttl = :ttl', '#kind = :kind', '#instanceId = :instanceId', '#scope = :scope');
    await Promise.all(
      keys.map(async (key) => {
        await this.table.update({
          Key: keyOf(key),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ':none': 0,
            ':at': at.getTime(),
            ':ttl': Math.floor(at.getTime() / 1000) + this.retainSeconds,
            ':kind': 'FailedLogons',
            ':instanceId': key.instanceId,
            ':scope': key.scope,
          },
        });
      }),
    );
  }

  async recent(keys: readonly FailedLogonKey[]): Promise<readonly (readonly Date[])[]> {
    const tableKeys = keys.map(keyOf);
    // BatchGet refuses a request that names one key twice.
    const unique = [...new Map(tableKeys.map((k) => [k.pk, k])).values()];
    const items = new Map((await this.table.getMany(unique)).map((item) => [item.pk as string, item]));
    return tableKeys.map((k) => {
      const item = items.get(k.pk);
      if (!item) return [];
      const times: Date[] = [];
      for (let i = 0; i < this.slots; i++) {
        const ms = Number(item[`f${i}`] ?? 0);
        if (ms > 0) times.push(new Date(ms));
      }
      return times.sort((a, b) => b.getTime() - a.getTime());
    });
  }

  async clear(key: FailedLogonKey): Promise<void> {
    await this.table.delete({ Key: keyOf(key) });
  }
}
