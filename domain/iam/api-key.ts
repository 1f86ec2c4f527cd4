import type { AccountId, AdministratorId, ApiKeyId } from '../shared/ids';

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

/** Makes secrets and hashes them; an adapter, because it needs randomness and a hash function. */
export interface SecretService {
  /** A new high-entropy secret that embeds the key id, e.g. `atr_<keyId>_<random>`. */
  newApiKeySecret(keyId: ApiKeyId): string;
  /** A one-way hash to store and look secrets up by (high entropy makes a fast hash sufficient). */
  hash(secret: string): string;
}

export const ownerLabel = (owner: KeyOwner): string =>
  owner.kind === 'account' ? 'account' : `administrator ${owner.administratorId}`;
