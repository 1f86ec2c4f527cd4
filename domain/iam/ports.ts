import type { AccountId, AdministratorId, ApiKeyId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import type { Failure, Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import type { Administrator } from './administrator';
import type { ApiKey, KeyOwner } from './api-key';

export type AdministratorNameTaken = Failure<'EntityAlreadyExists.Administrator'>;

/** Administrators of one cloud account. Every call names the account: no cross-tenant reads. */
export interface AdministratorRepository {
  get(accountId: AccountId, id: AdministratorId): Promise<Administrator | undefined>;
  list(accountId: AccountId, page: PageRequest): Promise<Result<Page<Administrator>, InvalidNextToken>>;
  /** Fails with `EntityAlreadyExists.Administrator` when the name is taken (case-insensitively). */
  create(admin: Administrator): Promise<Result<void, AdministratorNameTaken>>;
  update(admin: Administrator, expectedVersion: number): Promise<Result<void, ConcurrentModification>>;
  /** Deletes the administrator and all its API keys atomically. */
  delete(admin: Administrator): Promise<Result<void, ConcurrentModification>>;
}

export type KeyLimitReached = Failure<'LimitExceeded.ApiKey'>;
export type KeyOwnerGone = Failure<'EntityNotExists.Administrator'>;

export interface ApiKeyRepository {
  /** The authentication lookup: by the hash of the presented secret. */
  findBySecretHash(secretHash: string): Promise<ApiKey | undefined>;
  /** The lookup of a signed request: by AccessKeyId (keys without a sealed secret are not found). */
  findById(id: ApiKeyId): Promise<ApiKey | undefined>;
  get(accountId: AccountId, owner: KeyOwner, id: ApiKeyId): Promise<ApiKey | undefined>;
  list(accountId: AccountId, owner: KeyOwner): Promise<readonly ApiKey[]>;
  /** Enforces the per-owner key limit in the same transaction as the write. */
  create(key: ApiKey): Promise<Result<void, KeyLimitReached | KeyOwnerGone>>;
  setStatus(key: ApiKey, status: ApiKey['status']): Promise<void>;
  delete(key: ApiKey): Promise<void>;
}

/**
 * SignatureNonces of signed requests. `claim` records one and says whether it was new: a request
 * whose nonce was seen within the timestamp window is a replay. Remembered until `until`.
 */
export interface SignatureNonces {
  claim(accessKeyId: ApiKeyId, nonce: string, until: Date): Promise<boolean>;
}
