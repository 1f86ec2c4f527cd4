import type { Principal } from '../iam/principal';
import { byPrincipal, openDirectory, type DirectoryAccessError } from '../directory/actor';
import type { Changes } from '../shared/changes';
import type { DirectoryId, UserId } from '../shared/ids';
import { ok, type Result } from '../shared/result';
import type { ConcurrentModification } from '../shared/store-outcomes';
import type { Action } from '../iam/policies';
import { getDirectoryStatistics } from '../directory/directory-use-cases';
import type { LogonPorts } from './logon-ports';
import {
  changeLoginPreference,
  changeLogonMethod,
  defaultLogonSettings,
  type LoginPreference,
  type LogonMethod,
  type LogonSettings,
  type MethodError,
  type PreferenceError,
} from './logon-settings';
import type { MfaSetting } from './mfa';
import { checkPolicySettings } from './password-policy';

/** The settings in force: stored ones, or CloudSSO's defaults for a directory never configured. */
export const settingsOf = async (ports: LogonPorts, directoryId: DirectoryId): Promise<LogonSettings> =>
  (await ports.logonSettings.get(directoryId)) ?? defaultLogonSettings(directoryId, ports.clock.now());

const change = async <E>(
  ports: LogonPorts,
  principal: Principal,
  directoryId: DirectoryId,
  action: Action,
  apply: (current: LogonSettings) => Promise<Result<LogonSettings, E>> | Result<LogonSettings, E>,
): Promise<Result<LogonSettings, DirectoryAccessError | ConcurrentModification | E>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, action);
  if (!directory.ok) return directory;
  const stored = await ports.logonSettings.get(directoryId);
  const current = stored ?? defaultLogonSettings(directoryId, ports.clock.now());
  const next = await apply(current);
  if (!next.ok) return next;
  const saved = await ports.logonSettings.put(next.value, stored);
  return saved.ok ? ok(next.value) : saved;
};

export const getLogonSettings = async (
  ports: LogonPorts,
  principal: Principal,
  directoryId: DirectoryId,
): Promise<Result<LogonSettings, DirectoryAccessError>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:GetLoginPreference');
  if (!directory.ok) return directory;
  return ok(await settingsOf(ports, directoryId));
};

export const setLoginPreference = (ports: LogonPorts, principal: Principal, directoryId: DirectoryId, changes: Changes<LoginPreference>) =>
  change<PreferenceError>(ports, principal, directoryId, 'cloudsso:SetLoginPreference', (current) =>
    changeLoginPreference(current, changes, ports.clock.now()),
  );

export const setPasswordPolicy = (ports: LogonPorts, principal: Principal, directoryId: DirectoryId, input: unknown) =>
  change(ports, principal, directoryId, 'cloudsso:SetPasswordPolicy', (current) => {
    const policy = checkPolicySettings({ ...current.passwordPolicy, ...(input as object) });
    if (!policy.ok) return policy;
    return ok({ ...current, passwordPolicy: policy.value, updatedAt: ports.clock.now().toISOString(), version: current.version + 1 });
  });

export const setMfaSetting = (ports: LogonPorts, principal: Principal, directoryId: DirectoryId, mfa: MfaSetting) =>
  change<never>(ports, principal, directoryId, 'cloudsso:SetMFAAuthenticationStatus', (current) =>
    ok({ ...current, mfa, updatedAt: ports.clock.now().toISOString(), version: current.version + 1 }),
  );

/** Password or SSO: enabling one disables the other; SSO needs a configured IdP. */
export const setLogonMethod = (
  ports: LogonPorts,
  principal: Principal,
  directoryId: DirectoryId,
  input: { readonly method: LogonMethod; readonly breakGlassUserIds?: readonly UserId[] | undefined },
) =>
  change<MethodError>(ports, principal, directoryId, 'cloudsso:SetExternalSAMLIdentityProvider', async (current) => {
    const idp = await ports.samlIdps.get(directoryId);
    const ids = input.breakGlassUserIds ?? current.breakGlassUserIds;
    const known = await Promise.all(ids.map((u) => ports.users.get(directoryId, u)));
    return changeLogonMethod(
      current,
      input,
      { idpConfigured: idp !== undefined, knownUserIds: new Set(known.filter((u) => u !== undefined).map((u) => u!.id)) },
      ports.clock.now(),
    );
  });

/** Directory statistics with the logon side: whether SSO is the logon method. */
export const getStatisticsWithSso = async (ports: LogonPorts, principal: Principal, directoryId: DirectoryId) => {
  const stats = await getDirectoryStatistics(ports, principal, directoryId);
  if (!stats.ok) return stats;
  const settings = await settingsOf(ports, directoryId);
  return ok({ ...stats.value, ssoStatus: settings.method === 'SSO' ? ('Enabled' as const) : ('Disabled' as const) });
};
