import type { AccountId, AdministratorId, ApiKeyId } from '../shared/ids';
export type { SecretService } from '../shared/secrets';

/** Whose key it is: the cloud account itself (root) or one of its administrators. */
export type KeyOwner =
  | { readonly kind: 'account' }
  | { readonly kind: 'administrator'; readonly administratorId: AdministratorId };

/**
 * A management API key. Only a hash of the secret is stored; the secret is shown once, at creation.
 */
export type ApiKey = {
  readonly accountId: AccountId;
  readonly id: ApiKeyId;
  readonly owner: KeyOwner;
  readonly secretHash: string;
  readonly status: 'Active' | 'Inactive';
  readonly createdAt: string;
};

/** Like Alibaba Cloud AccessKeys: two per principal, so a new key can be rolled in before the old goes. */
export const MAX_KEYS_PER_OWNER = 2;

export const ownerLabel = (owner: KeyOwner): string =>
  owner.kind === 'account' ? 'account' : `administrator ${owner.administratorId}`;
