import type { ConcurrentModification } from '../shared/store-outcomes';
import type { DirectoryId, UserId } from '../shared/ids';
import type { Result } from '../shared/result';
import type { LogonSettings } from './logon-settings';
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
