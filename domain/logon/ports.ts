import type { DirectoryId, UserId } from '../shared/ids';
import type { Result } from '../shared/result';
import type { ConcurrentModification } from '../shared/store-outcomes';
import type { MfaDevice } from './mfa';
import type { PasswordCredential } from './password-credential';

/**
 * A slow, salted password hash. Hashes are self-describing strings (PHC format), so the parameters a
 * hash was made with travel with it.
 */
export interface PasswordHasher {
  /** A new hash with a fresh random salt. */
  hash(password: string): Promise<string>;
  /** True when `password` matches `hash`, compared in constant time. Throws if `hash` is not a hash this hasher reads (corrupt data: a bug). */
  verify(hash: string, password: string): Promise<boolean>;
  /** True when `hash` was made with weaker parameters than the current ones: rehash after a successful logon. */
  needsRehash(hash: string): boolean;
}

/**
 * Directory users' password credentials, one per user. Every method names the directory.
 * Error contract: `put` returns ConcurrentModification when the stored version is not
 * `expectedVersion` (or, with `expectedVersion` undefined, when a credential already exists); every
 * other failure is thrown.
 */
export interface PasswordRepository {
  get(directoryId: DirectoryId, userId: UserId): Promise<PasswordCredential | undefined>;
  /**
   * Writes the whole credential. `expectedVersion` undefined creates it; otherwise the stored version
   * must still be `expectedVersion` (normally `previous.version`; the written one is `cred.version`).
   * Failed-logon counting must retry on ConcurrentModification (re-read, `recordFailure`, put again),
   * or parallel guesses would go uncounted.
   */
  put(cred: PasswordCredential, expectedVersion: number | undefined): Promise<Result<void, ConcurrentModification>>;
  /** Idempotent: deleting a missing credential succeeds. */
  delete(directoryId: DirectoryId, userId: UserId): Promise<void>;
}

/** RFC 6238 TOTP codes. */
export interface TotpService {
  /** A new random shared secret, base32. */
  newSecret(): string;
  /** The `otpauth://totp/…` URI an authenticator app scans (as a QR code). */
  uri(secret: string, account: string, issuer: string): string;
  /**
   * The time step the code matched at `now` (allowing one step of clock drift either way), or
   * undefined. Replay is the caller's to refuse, with the returned step (`acceptCode`).
   */
  verify(secret: string, code: string, now: Date): number | undefined;
}

/**
 * Users' MFA devices. Every method names the directory and the user.
 * Error contract: `put` returns ConcurrentModification when the stored version is not
 * `expectedVersion` (or, with it undefined, when the device already exists); every other failure is thrown.
 */
export interface MfaDeviceRepository {
  list(directoryId: DirectoryId, userId: UserId): Promise<readonly MfaDevice[]>;
  get(directoryId: DirectoryId, userId: UserId, deviceId: string): Promise<MfaDevice | undefined>;
  put(device: MfaDevice, expectedVersion?: number): Promise<Result<void, ConcurrentModification>>;
  /** Idempotent: deleting a missing device succeeds. */
  delete(directoryId: DirectoryId, userId: UserId, deviceId: string): Promise<void>;
}
