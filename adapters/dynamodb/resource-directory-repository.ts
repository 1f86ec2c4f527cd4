import type { CloudAccount } from '../../domain/org/cloud-account';
import type { Folder } from '../../domain/org/folder';
import type {
  AccountIdTaken,
  FolderGone,
  FolderNameTaken,
  FolderNotEmpty,
  ResourceDirectoryRepository,
} from '../../domain/org/ports';
import type { ResourceDirectory } from '../../domain/org/resource-directory';
import type { AccountId, FolderId, ResourceDirectoryId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import {
  concurrentModification,
  invalidNextToken,
  type ConcurrentModification,
  type InvalidNextToken,
} from '../../domain/shared/store-outcomes';
import type { Task } from '../../domain/tasks/task';
import { accountFromItem, accountItem, accountUpdate } from './account-items';
import {
  accountKey,
  accountsInDirectory,
  accountsInFolderPrefix,
  directoryKey,
  folderInParent,
  folderKey,
  folderNameKey,
  foldersInDirectory,
  foldersInParentPrefix,
  GSI1,
} from './keys';
import type { Item, Table, TransactItem } from './table';
import { taskItem } from './task-items';

const directoryItem = (d: ResourceDirectory): Item => ({ ...directoryKey(d.id), kind: 'ResourceDirectory', ...d });

const folderItem = (f: Folder): Item => ({
  ...folderKey(f.resourceDirectoryId, f.id),
  kind: 'Folder',
  ...(f.parentId ? { gsi1pk: foldersInDirectory(f.resourceDirectoryId), gsi1sk: folderInParent(f.parentId, f.id) } : {}),
  ...f,
  // Accounts and sub-folders directly inside; a folder is deleted only at zero.
  children: 0,
});

const folderFromItem = (i: Item): Folder => ({
  resourceDirectoryId: i.resourceDirectoryId as ResourceDirectoryId,
  id: i.id as FolderId,
  name: i.name as string,
  parentId: (i.parentId as FolderId | null) ?? null,
  depth: i.depth as number,
  createdAt: i.createdAt as string,
});

/** Adds `delta` to a folder's child count, on condition that the folder still exists. */
const countChild = (rdId: ResourceDirectoryId, folderId: FolderId, delta: 1 | -1): TransactItem => ({
  Update: {
    Key: folderKey(rdId, folderId),
    UpdateExpression: 'ADD children :d',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':d': delta },
  },
});

const folderGone = (): FolderGone => ({ code: 'EntityNotExists.Folder', message: 'The folder no longer exists.' });

export class DynamoResourceDirectoryRepository implements ResourceDirectoryRepository {
  constructor(private readonly table: Table) {}

  async get(id: ResourceDirectoryId): Promise<ResourceDirectory | undefined> {
    const i = await this.table.get(directoryKey(id));
    return i
      ? {
          id: i.id as ResourceDirectoryId,
          managementAccountId: i.managementAccountId as AccountId,
          rootFolderId: i.rootFolderId as FolderId,
          createdAt: i.createdAt as string,
        }
      : undefined;
  }

  async enable(
    change: { directory: ResourceDirectory; root: Folder; managementAccount: CloudAccount },
    expectedAccountVersion: number,
  ): Promise<Result<void, ConcurrentModification>> {
    // The management account's version check is what makes "one directory per account" hold
    // under concurrent enables; its `resourceDirectoryId` is what makes "one directory per account".
    const out = await this.table.transact([
      { Put: { Item: directoryItem(change.directory), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: { ...folderItem(change.root), children: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Update: accountUpdate(change.managementAccount, expectedAccountVersion) },
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`Account ${change.managementAccount.id}`));
  }

  async getFolder(rdId: ResourceDirectoryId, id: FolderId): Promise<Folder | undefined> {
    const i = await this.table.get(folderKey(rdId, id));
    return i ? folderFromItem(i) : undefined;
  }

  async listFolders(rdId: ResourceDirectoryId, parentId: FolderId, request: PageRequest): Promise<Result<Page<Folder>, InvalidNextToken>> {
    const pk = foldersInDirectory(rdId);
    const out = await this.table.page(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': foldersInParentPrefix(parentId) },
        partition: { attribute: 'gsi1pk', value: pk },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(folderFromItem) }) : err(invalidNextToken());
  }

  async createFolder(folder: Folder): Promise<Result<void, FolderGone | FolderNameTaken>> {
    const parentId = folder.parentId as FolderId;
    const out = await this.table.transact([
      { Put: { Item: folderItem(folder), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          Item: { ...folderNameKey(folder.resourceDirectoryId, parentId, folder.name), kind: 'FolderNameGuard', folderId: folder.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      countChild(folder.resourceDirectoryId, parentId, 1),
    ]);
    if (out.ok) return ok(undefined);
    return out.failed.includes(2)
      ? err(folderGone())
      : err({ code: 'EntityAlreadyExists.Folder', message: `A folder named ${folder.name} already exists in the parent folder.` });
  }

  async deleteFolder(folder: Folder): Promise<Result<void, FolderNotEmpty>> {
    const parentId = folder.parentId as FolderId;
    const out = await this.table.transact([
      {
        Delete: {
          Key: folderKey(folder.resourceDirectoryId, folder.id),
          ConditionExpression: 'attribute_exists(pk) AND children = :zero',
          ExpressionAttributeValues: { ':zero': 0 },
        },
      },
      { Delete: { Key: folderNameKey(folder.resourceDirectoryId, parentId, folder.name) } },
      countChild(folder.resourceDirectoryId, parentId, -1),
    ]);
    return out.ok
      ? ok(undefined)
      : err({ code: 'Folder.NotEmpty', message: 'The folder still contains accounts or folders; move or remove them first.' });
  }

  async addAccount(account: CloudAccount, task: Task): Promise<Result<void, AccountIdTaken | FolderGone>> {
    const rdId = account.resourceDirectoryId as ResourceDirectoryId;
    const out = await this.table.transact([
      { Put: { Item: accountItem(account), ConditionExpression: 'attribute_not_exists(pk)' } },
      countChild(rdId, account.folderId as FolderId, 1),
      { Put: { Item: taskItem(task) } },
    ]);
    if (out.ok) return ok(undefined);
    return out.failed.includes(0)
      ? err({ code: 'EntityAlreadyExists.Account', message: `Account ${account.id} already exists.` })
      : err(folderGone());
  }

  async moveAccount(account: CloudAccount, from: FolderId, expectedVersion: number, task: Task): Promise<Result<void, ConcurrentModification | FolderGone>> {
    const rdId = account.resourceDirectoryId as ResourceDirectoryId;
    const out = await this.table.transact([
      { Update: accountUpdate(account, expectedVersion) },
      countChild(rdId, from, -1),
      countChild(rdId, account.folderId as FolderId, 1),
      { Put: { Item: taskItem(task) } },
    ]);
    if (out.ok) return ok(undefined);
    return out.failed.includes(2) ? err(folderGone()) : err(concurrentModification(`Account ${account.id}`));
  }

  async listAccounts(
    rdId: ResourceDirectoryId,
    filter: { readonly folderId?: FolderId | undefined },
    request: PageRequest,
  ): Promise<Result<Page<CloudAccount>, InvalidNextToken>> {
    const pk = accountsInDirectory(rdId);
    const out = await this.table.page(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': filter.folderId ? accountsInFolderPrefix(filter.folderId) : 'F#' },
        partition: { attribute: 'gsi1pk', value: pk },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(accountFromItem) }) : err(invalidNextToken());
  }

  async beginRemoval(account: CloudAccount, expectedVersion: number, task: Task): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.transact([
      { Update: accountUpdate(account, expectedVersion) },
      { Put: { Item: taskItem(task), ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`Account ${account.id}`));
  }

  async finishRemoval(account: CloudAccount): Promise<Result<void, ConcurrentModification>> {
    const rdId = account.resourceDirectoryId as ResourceDirectoryId;
    const out = await this.table.transact([
      {
        Delete: {
          Key: accountKey(account.id),
          ConditionExpression: 'v = :v AND #status = :removing',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':v': account.version, ':removing': 'Removing' },
        },
      },
      countChild(rdId, account.folderId as FolderId, -1),
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`Account ${account.id}`));
  }
}
