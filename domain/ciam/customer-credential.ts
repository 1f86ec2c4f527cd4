import type { CustomerId, InstanceId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';

/**
 * A customer's password, as a slow hash in PHC string form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`),
 * which carries its own parameters: hashes made under other parameters (an import, older settings)
 * still verify and are upgraded at the next logon (`PasswordHasher.needsRehash`).
 *
 * It is an item of its own rather than an attribute of the customer: everything that reads customers
 * (get, list, the console) never loads it, so no presenter can leak it; only the logon pages and the
 * export read it. When the password changes together with the customer (a reset), both are written
 * in one transaction.
 */
export type CustomerCredential = {
  readonly instanceId: InstanceId;
  readonly customerId: CustomerId;
  readonly hash: string;
  readonly version: number;
};

/** The credential after `hash` replaced `previous` (none yet: version 1). */
export const credentialWith = (
  owner: { readonly instanceId: InstanceId; readonly id: CustomerId },
  hash: string,
  previous: CustomerCredential | undefined,
): CustomerCredential => ({ instanceId: owner.instanceId, customerId: owner.id, hash, version: (previous?.version ?? 0) + 1 });

export type PasswordHashInvalid = Failure<'InvalidParameter.PasswordHash'>;

// PHC string format for argon2id version 0x13 (RFC 9106): salt and hash in unpadded standard base64.
const PHC_ARGON2ID = /^\$argon2id\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$([A-Za-z0-9+/]{11,86})\$([A-Za-z0-9+/]{22,86})$/;

/**
 * Bounds on imported hashes' parameters. Verifying a hash costs what its parameters say, so a hash with
 * m = 4 GiB or t = 10,000 would take the logon function down with it. The limits allow every published
 * recommendation (RFC 9106 §4: 2 GiB is for dedicated servers; OWASP: 19–46 MiB) except the 2 GiB one;
 * weak hashes are kept (customers need not reset) and strengthened at their next logon.
 */
export const IMPORTED_HASH_LIMITS = { maxMemoryKiB: 65_536, maxIterations: 10, maxParallelism: 16, maxWork: 262_144 } as const;

/**
 * Checks a hash brought from another system. Only argon2id is accepted: it is what this platform
 * verifies; bcrypt or scrypt hashes would need their own verifier (and customers to log on once).
 */
export const checkImportedHash = (hash: string): Result<string, PasswordHashInvalid> => {
  const m = PHC_ARGON2ID.exec(hash);
  if (!m) return fail('InvalidParameter.PasswordHash', 'passwordHash must be an argon2id hash in PHC form: $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>.');
  const [memory, iterations, parallelism] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const { maxMemoryKiB, maxIterations, maxParallelism, maxWork } = IMPORTED_HASH_LIMITS;
  // RFC 9106 §3.1: at least 8·p KiB of memory, at least one pass and one lane.
  if (parallelism < 1 || parallelism > maxParallelism || iterations < 1 || iterations > maxIterations || memory < 8 * parallelism || memory > maxMemoryKiB || memory * iterations > maxWork) {
    return fail(
      'InvalidParameter.PasswordHash',
      `passwordHash parameters are out of range: m from 8·p to ${maxMemoryKiB} KiB, t from 1 to ${maxIterations}, p from 1 to ${maxParallelism}, m·t at most ${maxWork}.`,
    );
  }
  return ok(hash);
};
