import type { AccessSettingsRepository } from '../../domain/access/access-ports';
import type { AccessSettings } from '../../domain/access/access-settings';
import { accessSettingsKey } from './keys';
import { SettingsItem } from './settings-item';
import type { Table } from './table';

export class DynamoAccessSettingsRepository extends SettingsItem<AccessSettings> implements AccessSettingsRepository {
  constructor(table: Table) {
    super(table, 'AccessSettings', accessSettingsKey);
  }
}
