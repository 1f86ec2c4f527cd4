import type { ConcurrentModification } from '../shared/store-outcomes';
import type { DirectoryId, UserId } from '../shared/ids';
import type { Result } from '../shared/result';
import type { DirectoryUser } from '../directory/user';
import type { LogonSettings } from './logon-settings';
import type { PasswordCredential } from './password-credential';
import type { PortalSession } from './session';

/** A directory's logon settings; absent until first changed (defaults apply). */
export interface LogonSettingsRepository {
  get(directoryId: DirectoryId): Promise<LogonSettings | undefined>;
  /** `previous` undefined creates; otherwise the stored version must still be `previous.version`. */
  put(settings: LogonSettings, previous: LogonSettings | undefined): Promise<Result<void, ConcurrentModification>>;
}

/** Server-side sessions, keyed by the hash of the cookie value; expired ones read as absent. */
export interface SessionRepository {
  create(session: PortalSession): Promise<void>;
  get(idHash: string): Promise<PortalSession | undefined>;
  update(session: PortalSession): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Ends every session of a user (disabled, deleted, password changed elsewhere). */
  deleteAllForUser(directoryId: DirectoryId, userId: UserId): Promise<number>;
}

/** What a password logon reads before it hashes: each part absent when it does not exist. */
export type PasswordLogonReads = {
  readonly settings: LogonSettings | undefined;
  readonly user: DirectoryUser | undefined;
  readonly credential: PasswordCredential | undefined;
  /** How many MFA devices the user has; undefined when the store does not know (then they are listed). */
  readonly mfaDeviceCount: number | undefined;
};

/**
 * The reads of a password logon in as few round trips as the store allows (two batches in DynamoDB,
 * against four single reads and a query): every logon pays them beside the password hash, so they are
 * its overhead.
 */
export interface PasswordLogonLookup {
  read(directoryId: DirectoryId, userName: string): Promise<PasswordLogonReads>;
}
