import type { CloudAccount } from '../../domain/org/cloud-account';
import type { AccountId, FolderId, ResourceDirectoryId } from '../../domain/shared/ids';
import { accountInFolder, accountKey, accountsInDirectory } from './keys';
import type { Item } from './table';

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

/**
 * Writes an account's changed fields only, so counters kept on the same item (its root key count)
 * survive. The version condition makes the write optimistic.
 */
export const accountUpdate = (a: CloudAccount, expectedVersion: number) => {
  const { pk: _pk, sk: _sk, ...fields } = accountItem(a);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':expected': expectedVersion };
  const sets: string[] = [];
  const removes: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    names[`#${name}`] = name;
    if (value === undefined) removes.push(`#${name}`);
    else {
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
  }
  return {
    Key: accountKey(a.id),
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: '#v = :expected',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
};
