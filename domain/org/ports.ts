import type { AccountId, FolderId, ResourceDirectoryId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import type { Failure, Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import type { Task } from '../tasks/task';
import type { CloudAccount } from './cloud-account';
import type { Folder } from './folder';
import type { ResourceDirectory } from './resource-directory';

export type AccountIdTaken = Failure<'EntityAlreadyExists.Account'>;
export type FolderGone = Failure<'EntityNotExists.Folder'>;
export type FolderNameTaken = Failure<'EntityAlreadyExists.Folder'>;
export type FolderNotEmpty = Failure<'Folder.NotEmpty'>;

export interface AccountRepository {
  get(id: AccountId): Promise<CloudAccount | undefined>;
  /** Those of `ids` that exist, in no particular order (batched reads). */
  getMany(ids: readonly AccountId[]): Promise<CloudAccount[]>;
  /** Fails with `EntityAlreadyExists.Account` when the id is taken; callers draw another id. */
  create(account: CloudAccount): Promise<Result<void, AccountIdTaken>>;
  update(account: CloudAccount, expectedVersion: number): Promise<Result<void, ConcurrentModification>>;
}

/**
 * The resource directory aggregate: the directory, its folders and its member accounts. Each
 * multi-item change is one transaction; folder child counts keep "delete only when empty" exact.
 */
export interface ResourceDirectoryRepository {
  get(id: ResourceDirectoryId): Promise<ResourceDirectory | undefined>;
  /** Directory, root folder and the account turned management account, in one transaction. */
  enable(
    change: { directory: ResourceDirectory; root: Folder; managementAccount: CloudAccount },
    expectedAccountVersion: number,
  ): Promise<Result<void, ConcurrentModification>>;

  getFolder(rdId: ResourceDirectoryId, id: FolderId): Promise<Folder | undefined>;
  listFolders(rdId: ResourceDirectoryId, parentId: FolderId, page: PageRequest): Promise<Result<Page<Folder>, InvalidNextToken>>;
  createFolder(folder: Folder): Promise<Result<void, FolderGone | FolderNameTaken>>;
  deleteFolder(folder: Folder): Promise<Result<void, FolderNotEmpty>>;

  /**
   * Adds a new member account into its folder; fails when the id is taken or the folder is gone.
   * `task` (what the account's placement implies, e.g. access from folder assignments) is written
   * in the same transaction; so is the move's.
   */
  addAccount(account: CloudAccount, task: Task): Promise<Result<void, AccountIdTaken | FolderGone>>;
  moveAccount(account: CloudAccount, from: FolderId, expectedVersion: number, task: Task): Promise<Result<void, ConcurrentModification | FolderGone>>;
  listAccounts(
    rdId: ResourceDirectoryId,
    filter: { readonly folderId?: FolderId | undefined },
    page: PageRequest,
  ): Promise<Result<Page<CloudAccount>, InvalidNextToken>>;
  /** Marks the account `Removing` and writes the task that finishes the removal, atomically. */
  beginRemoval(account: CloudAccount, expectedVersion: number, task: Task): Promise<Result<void, ConcurrentModification>>;
  /** Deletes a `Removing` account and releases its folder slot. */
  finishRemoval(account: CloudAccount): Promise<Result<void, ConcurrentModification>>;
}
