import type { Changes } from '../shared/changes';
import { definedOnly } from '../shared/changes';
import type { DirectoryId, UserId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { MfaSetting } from './mfa';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './password-policy';

export type LogonMethod = 'Password' | 'SSO';

/** CloudSSO's login preference (SetLoginPreference). */
export type LoginPreference = {
  /** Whether portal users may obtain programmatic (STS) credentials for their accounts. */
  readonly allowUserToGetCredentials: boolean;
  /** Up to 100 IPv4 addresses or CIDR blocks; empty allows every address. */
  readonly loginNetworkMasks: readonly string[];
  /** Portal session length; CloudSSO's default is 6 hours. */
  readonly sessionDurationSeconds: number;
};

/** How a directory's users log on to the portal. */
export type LogonSettings = {
  readonly directoryId: DirectoryId;
  /** Enabling one method disables the other, as in CloudSSO. */
  readonly method: LogonMethod;
  readonly passwordPolicy: PasswordPolicy;
  readonly mfa: MfaSetting;
  readonly loginPreference: LoginPreference;
  /**
   * Beyond the product: a few users who may still use a password while SSO is on, so an IdP outage
   * does not lock everyone out. Every change is an audited management call.
   */
  readonly breakGlassUserIds: readonly UserId[];
  readonly updatedAt: string;
  readonly version: number;
};

export const MAX_BREAK_GLASS_USERS = 3;
export const MAX_NETWORK_MASKS = 100;
export const SESSION_DURATION = { min: 15 * 60, max: 7 * 24 * 3600, default: 6 * 3600 } as const;

export const defaultLogonSettings = (directoryId: DirectoryId, now: Date): LogonSettings => ({
  directoryId,
  method: 'Password',
  passwordPolicy: DEFAULT_PASSWORD_POLICY,
  mfa: 'ByUser',
  loginPreference: { allowUserToGetCredentials: true, loginNetworkMasks: [], sessionDurationSeconds: SESSION_DURATION.default },
  breakGlassUserIds: [],
  updatedAt: now.toISOString(),
  version: 0,
});

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An IPv4 address or CIDR block, as CloudSSO's LoginNetworkMasks accepts. */
export const parseNetworkMask = (mask: string): { base: number; bits: number } | undefined => {
  const [address, prefix] = mask.trim().split('/');
  if (!address || !IPV4.test(address)) return undefined;
  const bits = prefix === undefined ? 32 : Number(prefix);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32 || (prefix !== undefined && !/^\d{1,2}$/.test(prefix))) return undefined;
  const base = address.split('.').reduce((acc, octet) => (acc << 8) + Number(octet), 0) >>> 0;
  return { base, bits };
};

/** True when the address is allowed by the masks (no masks: every address). IPv6 is refused when masks exist. */
export const addressAllowed = (masks: readonly string[], address: string): boolean => {
  if (masks.length === 0) return true;
  const ip = address.replace(/^::ffff:/, '');
  if (!IPV4.test(ip)) return false;
  const value = ip.split('.').reduce((acc, octet) => (acc << 8) + Number(octet), 0) >>> 0;
  return masks.some((m) => {
    const parsed = parseNetworkMask(m);
    if (!parsed) return false;
    const mask = parsed.bits === 0 ? 0 : (~0 << (32 - parsed.bits)) >>> 0;
    return (value & mask) === (parsed.base & mask);
  });
};

export type PreferenceError = Failure<'InvalidParameter.LoginPreference'>;

export const changeLoginPreference = (
  settings: LogonSettings,
  changes: Changes<LoginPreference>,
  now: Date,
): Result<LogonSettings, PreferenceError> => {
  const next = { ...settings.loginPreference, ...definedOnly(changes) };
  if (next.loginNetworkMasks.length > MAX_NETWORK_MASKS) {
    return fail('InvalidParameter.LoginPreference', `At most ${MAX_NETWORK_MASKS} network masks.`);
  }
  const bad = next.loginNetworkMasks.find((m) => !parseNetworkMask(m));
  if (bad !== undefined) return fail('InvalidParameter.LoginPreference', `${bad} is not an IPv4 address or CIDR block.`);
  if (!Number.isInteger(next.sessionDurationSeconds) || next.sessionDurationSeconds < SESSION_DURATION.min || next.sessionDurationSeconds > SESSION_DURATION.max) {
    return fail('InvalidParameter.LoginPreference', `sessionDurationSeconds must be ${SESSION_DURATION.min}-${SESSION_DURATION.max}.`);
  }
  return ok({ ...settings, loginPreference: next, updatedAt: now.toISOString(), version: settings.version + 1 });
};

export type MethodError = Failure<'InvalidParameter.BreakGlass' | 'OperationFailed.SSONotConfigured'>;

/** Switching to SSO needs a configured IdP; the break-glass list is bounded and made of directory users. */
export const changeLogonMethod = (
  settings: LogonSettings,
  input: { readonly method: LogonMethod; readonly breakGlassUserIds?: readonly UserId[] | undefined },
  context: { readonly idpConfigured: boolean; readonly knownUserIds: ReadonlySet<string> },
  now: Date,
): Result<LogonSettings, MethodError> => {
  if (input.method === 'SSO' && !context.idpConfigured) {
    return fail('OperationFailed.SSONotConfigured', 'Configure the SAML identity provider before turning SSO on.');
  }
  const breakGlass = [...new Set(input.breakGlassUserIds ?? settings.breakGlassUserIds)];
  if (breakGlass.length > MAX_BREAK_GLASS_USERS) {
    return fail('InvalidParameter.BreakGlass', `At most ${MAX_BREAK_GLASS_USERS} break-glass users.`);
  }
  const unknown = breakGlass.find((u) => !context.knownUserIds.has(u));
  if (unknown) return fail('InvalidParameter.BreakGlass', `User ${unknown} is not in this directory.`);
  return ok({ ...settings, method: input.method, breakGlassUserIds: breakGlass, updatedAt: now.toISOString(), version: settings.version + 1 });
};

/** May this user log on with a password now? Under SSO only the break-glass users may. */
export const passwordLogonAllowed = (settings: LogonSettings, userId: UserId): boolean =>
  settings.method === 'Password' || settings.breakGlassUserIds.includes(userId);
