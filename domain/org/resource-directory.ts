import type { AccountId, FolderId, ResourceDirectoryId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import { checkDisplayName, type AccountInputError, type CloudAccount } from './cloud-account';
import { rootFolder, type Folder } from './folder';

/** A resource directory: one management account and the member accounts it creates. */
export type ResourceDirectory = {
  readonly id: ResourceDirectoryId;
  readonly managementAccountId: AccountId;
  readonly rootFolderId: FolderId;
  readonly createdAt: string;
};

export type EnableError = Failure<
  | 'ResourceDirectory.EnterpriseVerificationRequired'
  | 'EntityAlreadyExists.ResourceDirectory'
  | 'Account.AlreadyInResourceDirectory'
>;

/**
 * Enabling makes the account the management account of a new directory. Invariants: an account
 * belongs to at most one resource directory, and a directory has exactly one management account.
 */
export const enableResourceDirectory = (
  account: CloudAccount,
  ids: { readonly directoryId: ResourceDirectoryId; readonly rootFolderId: FolderId },
  now: Date,
): Result<{ directory: ResourceDirectory; root: Folder; managementAccount: CloudAccount }, EnableError> => {
  if (account.type === 'ManagementAccount') {
    return fail('EntityAlreadyExists.ResourceDirectory', 'This account has already enabled a resource directory.');
  }
  if (account.resourceDirectoryId !== undefined) {
    return fail('Account.AlreadyInResourceDirectory', 'This account is a member of another resource directory.');
  }
  if (!account.enterpriseVerified) {
    return fail(
      'ResourceDirectory.EnterpriseVerificationRequired',
      'Only an account that has passed enterprise verification can enable a resource directory.',
    );
  }
  const at = now.toISOString();
  const directory = { id: ids.directoryId, managementAccountId: account.id, rootFolderId: ids.rootFolderId, createdAt: at };
  return ok({
    directory,
    root: rootFolder(ids.directoryId, ids.rootFolderId, now),
    managementAccount: {
      ...account,
      type: 'ManagementAccount',
      resourceDirectoryId: ids.directoryId,
      folderId: ids.rootFolderId,
      updatedAt: at,
      version: account.version + 1,
    },
  });
};

export const newMemberAccount = (
  directory: ResourceDirectory,
  folder: Folder,
  id: AccountId,
  displayName: string,
  now: Date,
): Result<CloudAccount, AccountInputError> => {
  const name = checkDisplayName(displayName);
  if (!name.ok) return name;
  const at = now.toISOString();
  return ok({
    id,
    displayName: name.value,
    // Member accounts inherit the management account's verification, as resource accounts do.
    enterpriseVerified: true,
    type: 'ResourceAccount',
    resourceDirectoryId: directory.id,
    folderId: folder.id,
    status: 'Active',
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
};

export type MoveError = Failure<'Account.Removing'>;

export const moveAccount = (account: CloudAccount, folder: Folder, now: Date): Result<CloudAccount, MoveError> => {
  if (account.status === 'Removing') return fail('Account.Removing', 'The account is being removed.');
  return ok({ ...account, folderId: folder.id, updatedAt: now.toISOString(), version: account.version + 1 });
};

export type RemovalError = Failure<'Account.IsManagementAccount' | 'Account.Removing'>;

/**
 * Removal is asynchronous, as in Resource Directory: the account is marked `Removing` and a task,
 * written in the same transaction, finishes the job (later: revoking access provisioned into it).
 */
export const beginAccountRemoval = (account: CloudAccount, now: Date): Result<CloudAccount, RemovalError> => {
  if (account.type === 'ManagementAccount') {
    return fail('Account.IsManagementAccount', 'The management account cannot be removed from its resource directory.');
  }
  if (account.status === 'Removing') return fail('Account.Removing', 'The account is already being removed.');
  return ok({ ...account, status: 'Removing', updatedAt: now.toISOString(), version: account.version + 1 });
};
