import type { LogonSettings } from '../../domain/logon/logon-settings';
import type { LogonSettingsRepository } from '../../domain/logon/portal-ports';
import { logonSettingsKey } from './keys';
import { SettingsItem } from './settings-item';
import type { Table } from './table';

export class DynamoLogonSettingsRepository extends SettingsItem<LogonSettings> implements LogonSettingsRepository {
  constructor(table: Table) {
    super(table, 'LogonSettings', logonSettingsKey);
  }
}
