import type { DirectoryId } from '../../domain/shared/ids';
import { err, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, type ConcurrentModification } from '../../domain/shared/store-outcomes';
import type { Key } from './keys';
import type { Item, Table } from './table';

type Settings = { readonly directoryId: DirectoryId; readonly version: number };

export const settingsFromItem = <T extends Settings>(item: Item): T => {
  const { pk: _pk, sk: _sk, kind: _kind, v, ...settings } = item;
  return { ...(settings as Omit<T, 'version'>), version: v as number } as T;
};

/**
 * A directory's settings item (logon settings, access settings): one item, absent until first
 * changed, written with optimistic concurrency on `v`.
 */
export class SettingsItem<T extends Settings> {
  constructor(
    private readonly table: Table,
    private readonly kind: string,
    private readonly keyOf: (directoryId: DirectoryId) => Key,
  ) {}

  async get(directoryId: DirectoryId): Promise<T | undefined> {
    const item = await this.table.get(this.keyOf(directoryId));
    return item ? settingsFromItem<T>(item) : undefined;
  }

  async put(settings: T, previous: T | undefined): Promise<Result<void, ConcurrentModification>> {
    const { version, ...fields } = settings;
    const out = await this.table.put({
      Item: { ...this.keyOf(settings.directoryId), kind: this.kind, ...fields, v: version },
      ...(previous
        ? { ConditionExpression: 'v = :expected', ExpressionAttributeValues: { ':expected': previous.version } }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    });
    return out.ok ? ok(undefined) : err(concurrentModification(`${this.kind} of ${settings.directoryId}`));
  }
}
