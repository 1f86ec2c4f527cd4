import type { AccountId, AdministratorId, ApiKeyId } from '../shared/ids';
export type { SecretSealer, SecretService } from '../shared/secrets';

/** Whose key it is: the cloud account itself (root) or one of its administrators. */
export type KeyOwner =
  | { readonly kind: 'account' }
  | { readonly kind: 'administrator'; readonly administratorId: AdministratorId };

/**
 * A management API key, which is also an Alibaba Cloud AccessKey pair: the id is the AccessKeyId and
 * the secret the AccessKeySecret. Only a hash of the secret is stored; the secret is shown once, at creation.
 */
export type ApiKey = {
  readonly accountId: AccountId;
  readonly id: ApiKeyId;
  readonly owner: KeyOwner;
  readonly secretHash: string;
  /**
   * The secret itself, sealed (SecretSealer): an AccessKey signature (Alibaba Cloud's RPC API) is an
   * HMAC keyed with the secret, so the service must be able to read it back. Keys made before
   * AccessKey signatures existed have none and serve only as bearer keys.
   */
  readonly sealedSecret?: string;
  readonly status: 'Active' | 'Inactive';
  readonly createdAt: string;
};

/** Like Alibaba Cloud AccessKeys: two per principal, so a new key can be rolled in before the old goes. */
export const MAX_KEYS_PER_OWNER = 2;

export const ownerLabel = (owner: KeyOwner): string =>
  owner.kind === 'account' ? 'account' : `administrator ${owner.administratorId}`;
