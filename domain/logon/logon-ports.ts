import type { DirectoryPorts } from '../directory/directory-ports';
import type { RateLimiter } from '../shared/rate-limiter';
import type { MfaDeviceRepository, PasswordHasher, PasswordRepository, TotpService } from './ports';
import type { LogonSettingsRepository, SessionRepository } from './portal-ports';

/** What the logon use cases need: the directory's ports plus credentials, sessions and SAML state. */
export type LogonPorts = DirectoryPorts & {
  readonly logonSettings: LogonSettingsRepository;
  readonly sessions: SessionRepository;
  readonly passwords: PasswordRepository;
  readonly mfaDevices: MfaDeviceRepository;
  readonly hasher: PasswordHasher;
  readonly totp: TotpService;
  readonly rateLimiter: RateLimiter;
  /** Whether a SAML IdP is configured for the directory (SSO needs one). */
  readonly samlIdps: { get(directoryId: import('../shared/ids').DirectoryId): Promise<unknown> };
};
