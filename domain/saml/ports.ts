import type { DirectoryId } from '../shared/ids';
import type { Result } from '../shared/result';
import type { ConcurrentModification } from '../shared/store-outcomes';
import type { SamlIdpConfig } from './idp-config';

/**
 * Assertions already consumed (saml-profiles §4.1.4.5: the SP MUST ensure a bearer assertion is not
 * used more than once within its validity). Works for IdP-initiated logons, which have no request to
 * consume.
 */
export interface SamlReplayGuard {
  /**
   * Records the assertion until `notOnOrAfter` (plus the clock skew the adapter allows). Returns true
   * when it was not seen before, false when it was (a replay). Concurrent calls for the same assertion:
   * exactly one returns true. Infrastructure failures throw (fail closed: no logon without the check).
   */
  remember(issuer: string, assertionId: string, notOnOrAfter: Date): Promise<boolean>;
}

/**
 * Outstanding SP-initiated AuthnRequests, so a response's InResponseTo names a request this SP sent,
 * for this directory, at most once.
 */
export interface SamlRequestStore {
  save(requestId: string, directoryId: DirectoryId, expiresAt: Date): Promise<void>;
  /**
   * Removes and returns the request. Undefined when unknown, expired or already taken: of two concurrent
   * takes of one request, at most one sees it.
   */
  take(requestId: string): Promise<{ readonly directoryId: DirectoryId } | undefined>;
}

/** The external IdP of each directory (at most one). */
export interface SamlIdpRepository {
  get(directoryId: DirectoryId): Promise<SamlIdpConfig | undefined>;
  /**
   * `expectedVersion` undefined creates (and fails if one exists); otherwise the stored version must
   * still be `expectedVersion`. Either mismatch is ConcurrentModification.
   */
  put(config: SamlIdpConfig, expectedVersion?: number): Promise<Result<void, ConcurrentModification>>;
  /** Idempotent. */
  delete(directoryId: DirectoryId): Promise<void>;
}
