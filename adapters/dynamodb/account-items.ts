import type { CloudAccount } from '../../domain/org/cloud-account';
import type { AccountId, FolderId, ResourceDirectoryId } from '../../domain/shared/ids';
import { accountInFolder, accountKey, accountsInDirectory } from './keys';
import type { Item } from './table';
import { versionedUpdate } from './versioned-update';

/** Member accounts are indexed under their directory and folder; standalone accounts are not. */
export const accountItem = (a: CloudAccount): Item => ({
  ...accountKey(a.id),
  kind: 'Account',
  ...(a.resourceDirectoryId && a.folderId
    ? { gsi1pk: accountsInDirectory(a.resourceDirectoryId), gsi1sk: accountInFolder(a.folderId, a.id) }
    : {}),
  id: a.id,
  displayName: a.displayName,
  enterpriseVerified: a.enterpriseVerified,
  type: a.type,
  resourceDirectoryId: a.resourceDirectoryId,
  folderId: a.folderId,
  status: a.status,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  v: a.version,
});

export const accountFromItem = (i: Item): CloudAccount => ({
  id: i.id as AccountId,
  displayName: i.displayName as string,
  enterpriseVerified: i.enterpriseVerified as boolean,
  type: i.type as CloudAccount['type'],
  ...(i.resourceDirectoryId ? { resourceDirectoryId: i.resourceDirectoryId as ResourceDirectoryId } : {}),
  ...(i.folderId ? { folderId: i.folderId as FolderId } : {}),
  status: i.status as CloudAccount['status'],
  createdAt: i.createdAt as string,
  updatedAt: i.updatedAt as string,
  version: i.v as number,
});

/** Writes the account's fields, leaving counters on the item (its root key count) alone. */
export const accountUpdate = (a: CloudAccount, expectedVersion: number) => {
  const { pk: _pk, sk: _sk, ...fields } = accountItem(a);
  return versionedUpdate(accountKey(a.id), fields, expectedVersion);
};
