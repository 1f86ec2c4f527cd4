import type { DirectoryId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';

/**
 * A key Atrium signs SAML Responses with when it is the IdP of a directory's member accounts. Only the
 * public half is here: the private key stays inside the adapter that stores it (the signer reads it
 * there), so nothing in the domain or on the wire can leak it.
 *
 * Rotation is two-phase, so a session in flight never breaks: a new key is first published as Pending
 * (member accounts learn its certificate at the next provisioning, nothing is signed with it yet), then
 * activated (it signs from now on; the old Active key becomes Previous and stays published and trusted,
 * so responses already signed with it still verify). A third key drops the oldest Previous.
 */
export type IdpSigningKeyStatus = 'Active' | 'Pending' | 'Previous';

export type IdpSigningKey = {
  readonly keyId: string;
  /** Base64 DER body of the self-signed certificate (see domain/saml/certificate.ts). */
  readonly certificate: string;
  readonly status: IdpSigningKeyStatus;
  readonly createdAt: string;
  readonly notAfter: string;
};

/** A directory's keys as one versioned set: every rotation is checked against the version it read. */
export type IdpKeySet = {
  readonly keys: readonly IdpSigningKey[];
  /** 0 before the directory's first key exists. */
  readonly version: number;
};

export type IdpSigningKeyError = Failure<
  'EntityAlreadyExists.PendingSigningKey' | 'EntityNotExists.SigningKey' | 'OperationConflict.SigningKeyNotPending'
>;

const ORDER: Record<IdpSigningKeyStatus, number> = { Active: 0, Pending: 1, Previous: 2 };

/** What metadata and member accounts trust: every key, the Active one first. */
export const publishedKeys = (keys: readonly IdpSigningKey[]): IdpSigningKey[] =>
  [...keys].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.createdAt.localeCompare(b.createdAt));

export const activeKeyOf = (keys: readonly IdpSigningKey[]): IdpSigningKey | undefined => keys.find((k) => k.status === 'Active');

/** One rotation at a time: a second Pending key would leave it unclear which one activation means. */
export const canAddPendingKey = (keys: readonly IdpSigningKey[]): Result<void, IdpSigningKeyError> => {
  const pending = keys.find((k) => k.status === 'Pending');
  return pending
    ? fail('EntityAlreadyExists.PendingSigningKey', `Key ${pending.keyId} is already pending; activate it before adding another.`)
    : ok(undefined);
};

/**
 * Pending → Active, Active → Previous, and any older Previous key dropped: the key set after
 * activation (keys absent from it are deleted). Only a Pending key may be activated, so a key is
 * published to member accounts before anything is signed with it.
 */
export const activatePendingKey = (keys: readonly IdpSigningKey[], keyId: string): Result<IdpSigningKey[], IdpSigningKeyError> => {
  const target = keys.find((k) => k.keyId === keyId);
  if (!target) return fail('EntityNotExists.SigningKey', `There is no signing key ${keyId}.`);
  if (target.status !== 'Pending') {
    return fail('OperationConflict.SigningKeyNotPending', `Key ${keyId} is ${target.status}; only a Pending key can be activated.`);
  }
  const next: IdpSigningKey[] = [];
  for (const key of keys) {
    if (key.keyId === keyId) next.push({ ...key, status: 'Active' });
    else if (key.status === 'Active') next.push({ ...key, status: 'Previous' });
  }
  return ok(next);
};

/**
 * A directory's IdP signing keys. Key material is generated and kept by the adapter: the port hands
 * out certificates, never private keys. Every write is checked against the set's `version`; a lost
 * race answers `false`/`'Conflict'` (the caller reports ConcurrentModification). Storage failures throw.
 */
/**
 * A key set's owner is a CloudSSO directory (its member accounts' IdP) or a CIAM instance (its OIDC
 * provider and SAML IdP): the same keys, rotation and storage, for either tenant.
 */
export interface IdpSigningKeyRepository<Owner extends string = DirectoryId> {
  /** The owner's keys as stored (no key is created). */
  get(owner: Owner): Promise<IdpKeySet>;
  /**
   * The keys, with an Active one: when the directory has none yet, one is generated (valid from
   * `now`). Concurrent first calls end with exactly one Active key, which every caller sees.
   */
  ensureActive(owner: Owner, now: Date): Promise<IdpKeySet>;
  /** Generates a new key and stores it as Pending, if the set is still at `version`. */
  addPending(owner: Owner, version: number, now: Date): Promise<IdpSigningKey | 'Conflict'>;
  /** Stores `keys` as the whole set (stored keys missing from it are deleted), if still at `version`. */
  replace(owner: Owner, version: number, keys: readonly IdpSigningKey[]): Promise<boolean>;
}
