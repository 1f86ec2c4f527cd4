import type { LogonSettings } from '../../domain/logon/logon-settings';
import type { PasswordLogonLookup, PasswordLogonReads } from '../../domain/logon/portal-ports';
import type { DirectoryId, UserId } from '../../domain/shared/ids';
import { logonSettingsKey, mfaDeviceCountKey, passwordKey, userKey, userNameGuardKey, type Key } from './keys';
import { passwordFromItem } from './password-repository';
import { settingsFromItem } from './settings-item';
import type { Item, Table } from './table';
import { userFromItem } from './user-repository';

const find = (items: readonly Item[], key: Key) => items.find((i) => i.pk === key.pk && i.sk === key.sk);

/**
 * Two BatchGets: the settings with the user-name guard (which names the user), then the user with the
 * password credential and the MFA device count. All five items live in the directory's partition, read
 * strongly consistent.
 */
export class DynamoPasswordLogonLookup implements PasswordLogonLookup {
  constructor(private readonly table: Table) {}

  async read(directoryId: DirectoryId, userName: string): Promise<PasswordLogonReads> {
    const settingsKey = logonSettingsKey(directoryId);
    const guardKey = userNameGuardKey(directoryId, userName);
    const first = await this.table.getMany([settingsKey, guardKey]);
    const settingsItem = find(first, settingsKey);
    const settings = settingsItem ? settingsFromItem<LogonSettings>(settingsItem) : undefined;
    const userId = find(first, guardKey)?.userId as UserId | undefined;
    if (!userId) return { settings, user: undefined, credential: undefined, mfaDeviceCount: undefined };
    const [uKey, pKey, cKey] = [userKey(directoryId, userId), passwordKey(directoryId, userId), mfaDeviceCountKey(directoryId, userId)];
    const second = await this.table.getMany([uKey, pKey, cKey]);
    const userItem = find(second, uKey);
    const credentialItem = find(second, pKey);
    const countItem = find(second, cKey);
    return {
      settings,
      user: userItem ? userFromItem(userItem) : undefined,
      credential: credentialItem ? passwordFromItem(credentialItem) : undefined,
      mfaDeviceCount: countItem ? Number(countItem.n ?? 0) : undefined,
    };
  }
}
