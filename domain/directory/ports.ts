import type { AccountId, DirectoryId, GroupId, ScimCredentialId, UserId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import type { Failure, Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import type { Task } from '../tasks/task';
import type { Directory } from './directory';
import type { DirectoryGroup } from './group';
import type { ScimCredential } from './scim-credential';
import type { DirectoryUser, ProvisionType, UserStatus } from './user';

export type DirectoryNameTaken = Failure<'EntityAlreadyExists.DirectoryName'>;
export type DirectoryExists = Failure<'EntityAlreadyExists.Directory'>;
export type DirectoryNotEmpty = Failure<'DeletionConflict.Directory'>;

/** Every method names its directory or account: no cross-tenant reads. */
export interface DirectoryRepository {
  get(id: DirectoryId): Promise<Directory | undefined>;
  findByManagementAccount(accountId: AccountId): Promise<Directory | undefined>;
  /** The portal's lookup: its URLs carry the directory's name. */
  findByName(name: string): Promise<Directory | undefined>;
  /** Enforces one directory per management account and globally unique names. */
  create(directory: Directory): Promise<Result<void, DirectoryNameTaken | DirectoryExists>>;
  /** Writes name, SCIM switch and quotas (not counts) if the version is still `expectedVersion`. */
  update(directory: Directory, previous: Directory): Promise<Result<void, ConcurrentModification | DirectoryNameTaken>>;
  /** Deletes only while every count is zero. */
  delete(directory: Directory): Promise<Result<void, DirectoryNotEmpty>>;
  /** When the account enabled CloudSSO (Alibaba's EnableService, before any directory); undefined if never. */
  serviceEnabledAt(accountId: AccountId): Promise<string | undefined>;
  /** Records that the account enabled CloudSSO; enabling again keeps the first time. */
  enableService(accountId: AccountId, at: string): Promise<void>;
}

export type UserUniqueness = Failure<'EntityAlreadyExists.User' | 'EntityAlreadyExists.UserEmail' | 'EntityAlreadyExists.UserExternalId'>;
export type UserQuotaExceeded = Failure<'QuotaExceeded.Users'>;
export type UserHasMemberships = Failure<'DeletionConflict.User.Group'>;

export type UserFilter = {
  /** Prefix of the user name, compared case-insensitively (`UserName sw`); exact match with `userNameEquals`. */
  readonly userNamePrefix?: string | undefined;
  readonly userNameEquals?: string | undefined;
  readonly status?: UserStatus | undefined;
  readonly provisionType?: ProvisionType | undefined;
};

export interface UserRepository {
  get(directoryId: DirectoryId, id: UserId): Promise<DirectoryUser | undefined>;
  /** Key lookups (two reads each, whatever the directory's size). */
  findByUserName(directoryId: DirectoryId, userName: string): Promise<DirectoryUser | undefined>;
  findByExternalId(directoryId: DirectoryId, externalId: string): Promise<DirectoryUser | undefined>;
  list(directoryId: DirectoryId, filter: UserFilter, page: PageRequest): Promise<Result<Page<DirectoryUser>, InvalidNextToken>>;
  /** Writes the user, its uniqueness guards and the directory's count (within quota) in one transaction. */
  create(user: DirectoryUser): Promise<Result<void, UserUniqueness | UserQuotaExceeded>>;
  /** Swaps guards whose values changed; fails if `previous.version` is no longer current. */
  update(user: DirectoryUser, previous: DirectoryUser): Promise<Result<void, ConcurrentModification | UserUniqueness>>;
  /** Deletes the user and its guards; refuses while the user is a member of any group. */
  delete(user: DirectoryUser): Promise<Result<void, ConcurrentModification | UserHasMemberships>>;
}

export type GroupUniqueness = Failure<'EntityAlreadyExists.Group' | 'EntityAlreadyExists.GroupExternalId'>;
export type GroupQuotaExceeded = Failure<'QuotaExceeded.Groups'>;
export type GroupHasMembers = Failure<'DeletionConflict.Group.User'>;

export interface GroupRepository {
  get(directoryId: DirectoryId, id: GroupId): Promise<DirectoryGroup | undefined>;
  getMany(directoryId: DirectoryId, ids: readonly GroupId[]): Promise<DirectoryGroup[]>;
  findByName(directoryId: DirectoryId, name: string): Promise<DirectoryGroup | undefined>;
  findByExternalId(directoryId: DirectoryId, externalId: string): Promise<DirectoryGroup | undefined>;
  list(directoryId: DirectoryId, filter: { readonly namePrefix?: string | undefined }, page: PageRequest): Promise<Result<Page<DirectoryGroup>, InvalidNextToken>>;
  create(group: DirectoryGroup): Promise<Result<void, GroupUniqueness | GroupQuotaExceeded>>;
  update(group: DirectoryGroup, previous: DirectoryGroup): Promise<Result<void, ConcurrentModification | GroupUniqueness>>;
  /** Deletes an empty group (management API rule). */
  delete(group: DirectoryGroup): Promise<Result<void, ConcurrentModification | GroupHasMembers>>;
  /**
   * Deletes a group whatever its size (SCIM: the IdP is the source of truth) and writes the task that
   * purges its memberships, in one transaction.
   */
  deleteWithMembers(group: DirectoryGroup, purge: Task): Promise<Result<void, ConcurrentModification>>;
}

export type MemberMissing = Failure<'EntityNotExists.User'> & { readonly userId: UserId };
export type GroupGone = Failure<'EntityNotExists.Group'>;

/** Memberships are one item each: a change costs writes in proportion to the members it names. */
export interface MembershipRepository {
  /** Adds the users not yet members; idempotent. Fails without writing if a user does not exist. */
  add(directoryId: DirectoryId, groupId: GroupId, userIds: readonly UserId[]): Promise<Result<{ added: number }, MemberMissing | GroupGone>>;
  /** Removes those that are members; idempotent. */
  remove(directoryId: DirectoryId, groupId: GroupId, userIds: readonly UserId[]): Promise<{ removed: number }>;
  isMember(directoryId: DirectoryId, groupId: GroupId, userId: UserId): Promise<boolean>;
  listMembers(directoryId: DirectoryId, groupId: GroupId, page: PageRequest): Promise<Result<Page<UserId>, InvalidNextToken>>;
  listGroupsOf(directoryId: DirectoryId, userId: UserId, page: PageRequest): Promise<Result<Page<GroupId>, InvalidNextToken>>;
  /** Deletes up to `limit` memberships of a group that no longer exists; `done` when none are left. */
  purge(directoryId: DirectoryId, groupId: GroupId, limit: number): Promise<{ removed: number; done: boolean }>;
}

export type ScimCredentialLimit = Failure<'QuotaExceeded.SCIMCredentials'>;

export interface ScimCredentialRepository {
  findBySecretHash(secretHash: string): Promise<ScimCredential | undefined>;
  get(directoryId: DirectoryId, id: ScimCredentialId): Promise<ScimCredential | undefined>;
  list(directoryId: DirectoryId): Promise<readonly ScimCredential[]>;
  /** Within the directory's SCIM credential quota, counted in the same transaction. */
  create(credential: ScimCredential): Promise<Result<void, ScimCredentialLimit>>;
  setStatus(credential: ScimCredential, status: ScimCredential['status']): Promise<void>;
  delete(credential: ScimCredential): Promise<void>;
}

/** What else refers to a group (access assignments); the management API keeps such groups. */
export interface GroupDependencies {
  /** Human-readable blockers, e.g. "3 access assignments"; empty when the group may be deleted. */
  blockersOf(directoryId: DirectoryId, groupId: GroupId): Promise<string[]>;
  /** Removes what referred to a group deleted by SCIM (its access assignments). Idempotent. */
  release(directoryId: DirectoryId, groupId: GroupId): Promise<void>;
}

/** Another consumer of a user: later capabilities (MFA devices, access assignments) register here. */
export interface UserDependencies {
  /** Human-readable blockers, e.g. "2 MFA devices"; empty when the user may be deleted. */
  blockersOf(directoryId: DirectoryId, userId: UserId): Promise<string[]>;
  /** Removes what belonged to a deleted user (password, MFA devices, sessions). Idempotent. */
  release(directoryId: DirectoryId, userId: UserId): Promise<void>;
}
