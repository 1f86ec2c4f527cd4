import { authorize, type Forbidden, type Principal } from '../iam/principal';
import type { AccountId, FolderId, ResourceDirectoryId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import { newTask, taskRef, type Task } from '../tasks/task';
import { renameAccount, type AccountInputError, type CloudAccount } from './cloud-account';
import { newFolder, type Folder, type FolderError } from './folder';
import type { OrgPorts } from './org-ports';
import type { FolderGone, FolderNameTaken, FolderNotEmpty } from './ports';
import {
  beginAccountRemoval,
  enableResourceDirectory as enableRule,
  moveAccount as moveRule,
  newMemberAccount,
  type EnableError,
  type MoveError,
  type RemovalError,
  type ResourceDirectory,
} from './resource-directory';

export type DirectoryMissing = Failure<'EntityNotExists.ResourceDirectory'>;
export type AccountMissing = Failure<'EntityNotExists.Account'>;
export type FolderMissing = Failure<'EntityNotExists.Folder'>;

type Scoped = { readonly directory: ResourceDirectory };

/** The caller's resource directory: the one its account manages. */
const directoryOf = async (ports: OrgPorts, principal: Principal): Promise<Result<Scoped, DirectoryMissing>> => {
  const account = await ports.accounts.get(principal.accountId);
  const rdId = account?.type === 'ManagementAccount' ? account.resourceDirectoryId : undefined;
  const directory = rdId ? await ports.resourceDirectories.get(rdId) : undefined;
  return directory
    ? ok({ directory })
    : fail('EntityNotExists.ResourceDirectory', 'This account has not enabled a resource directory.');
};

/** Authorizes, then resolves the caller's directory: the first two steps of every operation here. */
const begin = async (
  ports: OrgPorts,
  principal: Principal,
  action: Parameters<typeof authorize>[1],
): Promise<Result<Scoped, Forbidden | DirectoryMissing>> => {
  const allowed = authorize(principal, action);
  if (!allowed.ok) return allowed;
  return directoryOf(ports, principal);
};

const memberOf = async (ports: OrgPorts, directory: ResourceDirectory, id: AccountId): Promise<Result<CloudAccount, AccountMissing>> => {
  const account = await ports.accounts.get(id);
  return account && account.resourceDirectoryId === directory.id
    ? ok(account)
    : fail('EntityNotExists.Account', `Account ${id} is not in this resource directory.`);
};

const folderOf = async (ports: OrgPorts, directory: ResourceDirectory, id: FolderId | undefined): Promise<Result<Folder, FolderMissing>> => {
  const folder = await ports.resourceDirectories.getFolder(directory.id, id ?? directory.rootFolderId);
  return folder ? ok(folder) : fail('EntityNotExists.Folder', `Folder ${id} does not exist.`);
};

const ID_ATTEMPTS = 3;

export const enableResourceDirectory = async (
  ports: OrgPorts,
  principal: Principal,
): Promise<Result<ResourceDirectory, Forbidden | EnableError | AccountMissing | ConcurrentModification>> => {
  const allowed = authorize(principal, 'resourcemanager:EnableResourceDirectory');
  if (!allowed.ok) return allowed;
  const account = await ports.accounts.get(principal.accountId);
  if (!account) return fail('EntityNotExists.Account', 'The calling account does not exist.');
  const change = enableRule(
    account,
    { directoryId: ports.ids.resourceDirectoryId(), rootFolderId: ports.ids.folderId() },
    ports.clock.now(),
  );
  if (!change.ok) return change;
  const saved = await ports.resourceDirectories.enable(change.value, account.version);
  return saved.ok ? ok(change.value.directory) : saved;
};

export const getResourceDirectory = async (
  ports: OrgPorts,
  principal: Principal,
): Promise<Result<ResourceDirectory, Forbidden | DirectoryMissing>> => {
  const scoped = await begin(ports, principal, 'resourcemanager:GetResourceDirectory');
  return scoped.ok ? ok(scoped.value.directory) : scoped;
};

/**
 * Where an account sits decides what folder-level access assignments give it: each placement writes a
 * task that converges the account's access (a no-op without a CloudSSO directory).
 */
const placementTask = (ports: OrgPorts, rdId: ResourceDirectoryId, accountId: AccountId) =>
  newTask({ kind: 'resourceDirectory', id: rdId }, ports.ids.taskId(), { type: 'ReconcileAccountAccess', accountId }, ports.clock.now());

export const createMemberAccount = async (
  ports: OrgPorts,
  principal: Principal,
  input: { readonly displayName: string; readonly folderId?: FolderId | undefined },
): Promise<Result<CloudAccount, Forbidden | DirectoryMissing | FolderMissing | FolderGone | AccountInputError>> => {
  const scoped = await begin(ports, principal, 'resourcemanager:CreateResourceAccount');
  if (!scoped.ok) return scoped;
  const { directory } = scoped.value;
  const folder = await folderOf(ports, directory, input.folderId);
  if (!folder.ok) return folder;
  for (let attempt = 1; ; attempt++) {
    const account = newMemberAccount(directory, folder.value, ports.ids.accountId(), input.displayName, ports.clock.now());
    if (!account.ok) return account;
    const reconcile = placementTask(ports, directory.id, account.value.id);
    const saved = await ports.resourceDirectories.addAccount(account.value, reconcile);
    if (saved.ok) {
      await ports.taskQueue.enqueue([taskRef(reconcile)]);
      return ok(account.value);
    }
    if (saved.error.code !== 'EntityAlreadyExists.Account') return saved as Result<never, FolderGone>;
    if (attempt >= ID_ATTEMPTS) throw new Error('account id generator keeps colliding');
  }
};

export const listAccounts = async (
  ports: OrgPorts,
  principal: Principal,
  filter: { readonly folderId?: FolderId | undefined },
  page: PageRequest,
): Promise<Result<Page<CloudAccount>, Forbidden | DirectoryMissing | FolderMissing | InvalidNextToken>> => {
  const scoped = await begin(ports, principal, 'resourcemanager:ListAccounts');
  if (!scoped.ok) return scoped;
  if (filter.folderId !== undefined) {
    const folder = await folderOf(ports, scoped.value.directory, filter.folderId);
    if (!folder.ok) return folder;
  }
  return ports.resourceDirectories.listAccounts(scoped.value.directory.id, filter, page);
};

export const getAccount = async (
  ports: OrgPorts,
  principal: Principal,
  id: AccountId,
): Promise<Result<CloudAccount, Forbidden | DirectoryMissing | AccountMissing>> => {
  const scoped = await begin(ports, principal, 'resourcemanager:GetAccount');
  if (!scoped.ok) return scoped;
  return memberOf(ports, scoped.value.directory, id);
};

export const renameMemberAccount = async (
  ports: OrgPorts,
  principal: Principal,
  id: AccountId,
  displayName: string,
): Promise<Result<CloudAccount, Forbidden | DirectoryMissing | AccountMissing | AccountInputError | ConcurrentModification>> => {
  const scoped = await begin(ports, principal, 'resourcemanager:UpdateAccount');
  if (!scoped.ok) return scoped;
  const account = await memberOf(ports, scoped.value.directory, id);
  if (!account.ok) return account;
  const renamed = renameAccount(account.value, displayName, ports.clock.now());
  if (!renamed.ok) return renamed;
  const saved = await ports.accounts.update(renamed.value, account.value.version);
  return saved.ok ? ok(renamed.value) : saved;
};

export const moveMemberAccount = async (
  ports: OrgPorts,
  principal: Principal,
  id: AccountId,
  folderId: FolderId,
): Promise<Result<CloudAccount, Forbidden | DirectoryMissing | AccountMissing | FolderMissing | FolderGone | MoveError | ConcurrentModification>> => {
  const scoped = await begin(ports, principal, 'resourcemanager:MoveAccount');
  if (!scoped.ok) return scoped;
  const account = await memberOf(ports, scoped.value.directory, id);
  if (!account.ok) return account;
  const folder = await folderOf(ports, scoped.value.directory, folderId);
  if (!folder.ok) return folder;
  const from = account.value.folderId ?? scoped.value.directory.rootFolderId;
  if (from === folder.value.id) return ok(account.value);
  const moved = moveRule(account.value, folder.value, ports.clock.now());
  if (!moved.ok) return moved;
  const reconcile = placementTask(ports, scoped.value.directory.id, moved.value.id);
  const saved = await ports.resourceDirectories.moveAccount(moved.value, from, account.value.version, reconcile);
  if (!saved.ok) return saved;
  await ports.taskQueue.enqueue([taskRef(reconcile)]);
  return ok(moved.value);
};

/** Starts the asynchronous removal and returns its task, which the caller can poll. */
export const removeMemberAccount = async (
  ports: OrgPorts,
  principal: Principal,
  id: AccountId,
): Promise<Result<Task, Forbidden | DirectoryMissing | AccountMissing | RemovalError | ConcurrentModification>> => {
  const scoped = await begin(ports, principal, 'resourcemanager:DeleteAccount');
  if (!scoped.ok) return scoped;
  const { directory } = scoped.value;
  const account = await memberOf(ports, directory, id);
  if (!account.ok) return account;
  const now = ports.clock.now();
  const removing = beginAccountRemoval(account.value, now);
  if (!removing.ok) return removing;
  const task = newTask(
    { kind: 'resourceDirectory', id: directory.id },
    ports.ids.taskId(),
    { type: 'RemoveResourceAccount', accountId: id },
    now,
  );
  const saved = await ports.resourceDirectories.beginRemoval(removing.value, account.value.version, task);
  if (!saved.ok) return saved;
  // The task is already durable; if this send is lost, the sweeper sends it again.
  await ports.taskQueue.enqueue([taskRef(task)]);
  return ok(task);
};

export const createFolder = async (
  ports: OrgPorts,
  principal: Principal,
  input: { readonly name: string; readonly parentId?: FolderId | undefined },
): Promise<Result<Folder, Forbidden | DirectoryMissing | FolderMissing | FolderGone | FolderNameTaken | FolderError>> => {
  const scoped = await begin(ports, principal, 'resourcemanager:CreateFolder');
  if (!scoped.ok) return scoped;
  const parent = await folderOf(ports, scoped.value.directory, input.parentId);
  if (!parent.ok) return parent;
  const folder = newFolder(parent.value, ports.ids.folderId(), input.name, ports.clock.now());
  if (!folder.ok) return folder;
  const saved = await ports.resourceDirectories.createFolder(folder.value);
  return saved.ok ? ok(folder.value) : saved;
};

export const getFolder = async (
  ports: OrgPorts,
  principal: Principal,
  id: FolderId,
): Promise<Result<Folder, Forbidden | DirectoryMissing | FolderMissing>> => {
  const scoped = await begin(ports, principal, 'resourcemanager:GetFolder');
  if (!scoped.ok) return scoped;
  return folderOf(ports, scoped.value.directory, id);
};

export const listFolders = async (
  ports: OrgPorts,
  principal: Principal,
  parentId: FolderId | undefined,
  page: PageRequest,
): Promise<Result<Page<Folder>, Forbidden | DirectoryMissing | FolderMissing | InvalidNextToken>> => {
  const scoped = await begin(ports, principal, 'resourcemanager:ListFoldersForParent');
  if (!scoped.ok) return scoped;
  const parent = await folderOf(ports, scoped.value.directory, parentId);
  if (!parent.ok) return parent;
  return ports.resourceDirectories.listFolders(scoped.value.directory.id, parent.value.id, page);
};

export type RootFolderProtected = Failure<'Folder.IsRoot'>;

export const deleteFolder = async (
  ports: OrgPorts,
  principal: Principal,
  id: FolderId,
): Promise<Result<void, Forbidden | DirectoryMissing | FolderMissing | FolderNotEmpty | RootFolderProtected>> => {
  const scoped = await begin(ports, principal, 'resourcemanager:DeleteFolder');
  if (!scoped.ok) return scoped;
  const folder = await folderOf(ports, scoped.value.directory, id);
  if (!folder.ok) return folder;
  if (folder.value.parentId === null) return fail('Folder.IsRoot', 'The root folder cannot be deleted.');
  return ports.resourceDirectories.deleteFolder(folder.value);
};
