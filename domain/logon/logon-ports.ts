import type { DirectoryPorts } from '../directory/directory-ports';
import type { RateLimiter } from '../shared/rate-limiter';
import type { SamlIdpRepository, SamlReplayGuard, SamlRequestStore } from '../saml/ports';
import type { SamlServiceProvider } from './saml-sp-port';
import type { MfaDeviceRepository, PasswordHasher, PasswordRepository, TotpService } from './ports';
import type { LogonSettingsRepository, PasswordLogonLookup, SessionRepository } from './portal-ports';

/** What the logon use cases need: the directory's ports plus credentials, sessions and SAML state. */
export type LogonPorts = DirectoryPorts & {
  readonly logonSettings: LogonSettingsRepository;
  readonly sessions: SessionRepository;
  readonly passwords: PasswordRepository;
  readonly passwordLogonLookup: PasswordLogonLookup;
  readonly mfaDevices: MfaDeviceRepository;
  readonly hasher: PasswordHasher;
  readonly totp: TotpService;
  readonly rateLimiter: RateLimiter;
  readonly samlIdps: SamlIdpRepository;
  readonly samlRequests: SamlRequestStore;
  readonly samlReplay: SamlReplayGuard;
  readonly samlSp: SamlServiceProvider;
};
