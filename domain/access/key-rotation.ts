import { err, ok, type Result } from '../shared/result';
import { concurrentModification, type ConcurrentModification } from '../shared/store-outcomes';
import { activatePendingKey, canAddPendingKey, publishedKeys, type IdpKeySet, type IdpSigningKey, type IdpSigningKeyError, type IdpSigningKeyRepository } from './idp-signing-key';

/**
 * The two steps of a signing-key rotation, for any key owner (a directory, a CIAM instance). Each
 * checks the set's version it read, so concurrent rotations cannot both win.
 */
export const addPendingKeyTo = async <Owner extends string>(
  keys: IdpSigningKeyRepository<Owner>,
  owner: Owner,
  set: IdpKeySet,
  now: Date,
): Promise<Result<IdpSigningKey, IdpSigningKeyError | ConcurrentModification>> => {
  const allowed = canAddPendingKey(set.keys);
  if (!allowed.ok) return allowed;
  const added = await keys.addPending(owner, set.version, now);
  return added === 'Conflict' ? err(concurrentModification('The signing keys')) : ok(added);
};

export const activateKeyOf = async <Owner extends string>(
  keys: IdpSigningKeyRepository<Owner>,
  owner: Owner,
  set: IdpKeySet,
  keyId: string,
): Promise<Result<IdpSigningKey[], IdpSigningKeyError | ConcurrentModification>> => {
  const next = activatePendingKey(set.keys, keyId);
  if (!next.ok) return next;
  return (await keys.replace(owner, set.version, next.value)) ? ok(publishedKeys(next.value)) : err(concurrentModification('The signing keys'));
};
