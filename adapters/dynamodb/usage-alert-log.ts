import type { UsageAlertLog } from '../../domain/billing/ports';
import type { UsageAlert } from '../../domain/billing/usage-alert';
import { usageAlertKey } from './keys';
import type { Table } from './table';

const key = (a: UsageAlert) => usageAlertKey(a.instanceId, a.month, a.threshold, a.percent);

/** INST#<instanceId> / MAUALERT#<month>#<threshold>#<percent>: a put-if-absent per alert. */
export class DynamoUsageAlertLog implements UsageAlertLog {
  constructor(private readonly table: Table) {}

  async record(alert: UsageAlert): Promise<boolean> {
    const out = await this.table.put({ Item: { ...key(alert), kind: 'UsageAlert', ...alert }, ConditionExpression: 'attribute_not_exists(pk)' });
    return out.ok;
  }

  async forget(alert: UsageAlert): Promise<void> {
    await this.table.delete({ Key: key(alert) });
  }
}
