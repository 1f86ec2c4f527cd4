import type { UsageThresholdRepository } from '../../domain/metering/ports';
import type { UsageThresholds } from '../../domain/metering/usage-threshold';
import type { InstanceId } from '../../domain/shared/ids';
import { usageThresholdsKey } from './keys';
import type { Table } from './table';

/** INST#<id> / MAUTHRESHOLDS: one small item beside the instance, written by its administrators only. */
export class DynamoUsageThresholdRepository implements UsageThresholdRepository {
  constructor(private readonly table: Table) {}

  async get(instanceId: InstanceId): Promise<UsageThresholds | undefined> {
    const item = await this.table.get(usageThresholdsKey(instanceId));
    return item ? { instanceId, thresholds: item.thresholds as number[], ...(item.updatedAt ? { updatedAt: item.updatedAt as string } : {}) } : undefined;
  }

  async put(t: UsageThresholds): Promise<void> {
    await this.table.put({
      Item: { ...usageThresholdsKey(t.instanceId), kind: 'MauThresholds', instanceId: t.instanceId, thresholds: [...t.thresholds], ...(t.updatedAt ? { updatedAt: t.updatedAt } : {}) },
    });
  }
}
