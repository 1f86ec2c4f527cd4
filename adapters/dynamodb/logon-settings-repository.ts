import type { LogonSettings } from '../../domain/logon/logon-settings';
import type { LogonSettingsRepository } from '../../domain/logon/portal-ports';
import type { DirectoryId } from '../../domain/shared/ids';
import { err, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, type ConcurrentModification } from '../../domain/shared/store-outcomes';
import { logonSettingsKey } from './keys';
import type { Table } from './table';

export class DynamoLogonSettingsRepository implements LogonSettingsRepository {
  constructor(private readonly table: Table) {}

  async get(directoryId: DirectoryId): Promise<LogonSettings | undefined> {
    const item = await this.table.get(logonSettingsKey(directoryId));
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, kind: _kind, v, ...settings } = item;
    return { ...(settings as Omit<LogonSettings, 'version'>), version: v as number };
  }

  async put(settings: LogonSettings, previous: LogonSettings | undefined): Promise<Result<void, ConcurrentModification>> {
    const { version, ...fields } = settings;
    const out = await this.table.put({
      Item: { ...logonSettingsKey(settings.directoryId), kind: 'LogonSettings', ...fields, v: version },
      ...(previous
        ? { ConditionExpression: 'v = :expected', ExpressionAttributeValues: { ':expected': previous.version } }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    });
    return out.ok ? ok(undefined) : err(concurrentModification(`Logon settings of ${settings.directoryId}`));
  }
}
