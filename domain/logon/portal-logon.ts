import { byPrincipal, openDirectory, type DirectoryAccessError } from '../directory/actor';
import type { Directory } from '../directory/directory';
import type { DirectoryUser } from '../directory/user';
import type { Principal } from '../iam/principal';
import type { DirectoryId, UserId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { LogonPorts } from './logon-ports';
import { addressAllowed, defaultLogonSettings, passwordLogonAllowed, type LogonSettings } from './logon-settings';
import { settingsOf } from './logon-settings-use-cases';
import { acceptCode, mfaRequired, newTotpDevice } from './mfa';
import type { PasswordCredential } from './password-credential';
import { assessLogonRisk, networkOf, rememberNetwork } from './logon-risk';
import { isExpired as passwordExpired, isLocked, recentHashes, recordFailure, recordSuccess, replaceHash, setPassword } from './password-credential';
import { checkPasswordAgainstPolicy } from './password-policy';
import { checkReuse } from './password-reuse';
import { isExpired, type PortalSession, type SessionStage } from './session';

/** A staged session (password change, MFA) must be finished within this time. */
const STEP_SECONDS = 10 * 60;
// Verified against when the user does not exist, so the answer takes as long as for a real user.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2pXqvbc3M0BEZTxM5xKMk9bF0m7tkQw6tBR5C2Cj3Ro';

export type LogonFailed = Failure<'Logon.Failed'>;
export type NetworkDenied = Failure<'Logon.NetworkDenied'>;
export type SessionMissing = Failure<'Session.Missing'>;

/** One message for every failure, so the form never tells whether a user exists. */
const failed = () => fail('Logon.Failed', 'The user name or password is incorrect, or the account is locked or disabled.');

export type SignedIn = { readonly session: PortalSession; readonly token: string };

const startSession = async (
  ports: LogonPorts,
  user: DirectoryUser,
  settings: LogonSettings,
  stage: SessionStage,
  method: PortalSession['method'],
  risk?: { readonly network: string | undefined; readonly risky: boolean },
): Promise<SignedIn> => {
  const now = ports.clock.now();
  const token = ports.secrets.newOpaqueToken();
  const seconds = stage === 'active' ? settings.loginPreference.sessionDurationSeconds : STEP_SECONDS;
  const session: PortalSession = {
    idHash: ports.secrets.hash(token),
    directoryId: user.directoryId,
    userId: user.id,
    stage,
    method,
    csrfToken: ports.secrets.newOpaqueToken(),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + seconds * 1000).toISOString(),
    ...(risk && stage !== 'active' ? { ...(risk.network ? { network: risk.network } : {}), risky: risk.risky } : {}),
  };
  await ports.sessions.create(session);
  return { session, token };
};

/** After the password (or the IdP): a forced password change first, then the second factor. */
const nextStage = async (
  ports: LogonPorts,
  settings: LogonSettings,
  user: DirectoryUser,
  passwordStale: boolean,
  secondFactorDone = false,
  risky = false,
  knownDeviceCount?: number,
): Promise<SessionStage> => {
  if (passwordStale) return 'change-password';
  if (secondFactorDone) return 'active';
  // Without MFA the devices cannot change the answer: do not read them.
  if (mfaRequired(settings.mfa, true, risky) === 'none') return 'active';
  const devices = knownDeviceCount ?? (await ports.mfaDevices.list(user.directoryId, user.id)).length;
  const need = mfaRequired(settings.mfa, devices > 0, risky);
  return need === 'verify' ? 'mfa' : need === 'enroll' ? 'enroll-mfa' : 'active';
};

export const signInWithPassword = async (
  ports: LogonPorts,
  input: { readonly directory: Directory; readonly userName: string; readonly password: string; readonly ip: string },
): Promise<Result<SignedIn, LogonFailed | NetworkDenied>> => {
  const directoryId = input.directory.id;
  // An over-long name cannot be a user's: it is not looked up, and hashes like an unknown one below.
  const read = await ports.passwordLogonLookup.read(directoryId, input.userName.length <= 64 ? input.userName : '');
  const settings = read.settings ?? defaultLogonSettings(directoryId, ports.clock.now());
  if (!addressAllowed(settings.loginPreference.loginNetworkMasks, input.ip)) {
    return fail('Logon.NetworkDenied', 'Sign-in to this portal is not allowed from your network.');
  }
  const now = ports.clock.now();
  const { user, credential } = read;
  if (!user || !credential || !passwordLogonAllowed(settings, user.id) || input.password.length > 128) {
    await ports.hasher.verify(DUMMY_HASH, input.password.slice(0, 128));
    return failed();
  }
  if (isLocked(credential, now)) return failed();
  if (!(await ports.hasher.verify(credential.hash, input.password))) {
    await countFailure(ports, directoryId, user.id, settings, now);
    return failed();
  }
  if (user.status !== 'Enabled') return failed();
  // Judged on the credential as it was: failures since the last success make this logon risky too.
  const risk = assessLogonRisk({ knownNetworks: credential.knownNetworks ?? [], failedAttempts: credential.failedAttempts, ip: input.ip });
  const stale = credential.mustChange || passwordExpired(credential, settings.passwordPolicy, now);
  const stage = await nextStage(ports, settings, user, stale, false, risk.risky, read.mfaDeviceCount);
  let updated = recordSuccess(credential);
  // Parameters raised since this hash was made: rehash now, while the password is at hand.
  if (ports.hasher.needsRehash(credential.hash)) updated = replaceHash(updated, await ports.hasher.hash(input.password));
  // A network becomes known only with a completed logon (after the second factor when one is asked).
  const network = networkOf(input.ip);
  if (stage === 'active' && network) updated = withKnownNetwork(updated, network);
  if (updated !== credential) await ports.passwords.put(updated, credential.version);
  const method = settings.method === 'SSO' ? 'BreakGlass' : 'Password';
  return ok(await startSession(ports, user, settings, stage, method, { network, risky: risk.risky }));
};

/**
 * Counts a failed attempt. Concurrent guesses race on the credential's version: re-read and count
 * again, or parallel guessing would escape the lockout.
 */
const countFailure = async (ports: LogonPorts, directoryId: DirectoryId, userId: UserId, settings: LogonSettings, now: Date) => {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await ports.passwords.get(directoryId, userId);
    if (!current) return;
    const next = recordFailure(current, settings.passwordPolicy, now);
    if (next === current || (await ports.passwords.put(next, current.version)).ok) return;
  }
};

/** Starts a session for a user the IdP vouched for (the SAML ACS has checked the response). */
export const signInWithSso = async (
  ports: LogonPorts,
  input: { readonly directory: Directory; readonly nameId: string; readonly ip: string },
): Promise<Result<SignedIn, Failure<'Logon.UnknownUser' | 'Logon.SsoDisabled'> | NetworkDenied>> => {
  const settings = await settingsOf(ports, input.directory.id);
  if (settings.method !== 'SSO') return fail('Logon.SsoDisabled', 'Single sign-on is not turned on for this directory.');
  if (!addressAllowed(settings.loginPreference.loginNetworkMasks, input.ip)) {
    return fail('Logon.NetworkDenied', 'Sign-in to this portal is not allowed from your network.');
  }
  const user = await ports.users.findByUserName(input.directory.id, input.nameId);
  // The NameID must be an enabled user of the directory: SSO never creates an account.
  if (!user || user.status !== 'Enabled') {
    return fail('Logon.UnknownUser', `Your identity provider signed you in as ${input.nameId}, which is not an enabled user of this directory. Ask your administrator.`);
  }
  const stage = await nextStage(ports, settings, user, false);
  return ok(await startSession(ports, user, settings, stage, 'SSO'));
};

export type Resolved = { readonly session: PortalSession; readonly user: DirectoryUser; readonly settings: LogonSettings };

/**
 * The session behind a cookie, if it still stands: not expired, same directory, the user still exists
 * and is enabled, and the logon method has not changed since. Anything else ends it.
 */
export const resolveSession = async (
  ports: LogonPorts,
  directoryId: DirectoryId,
  token: string | undefined,
): Promise<Result<Resolved, SessionMissing>> => {
  const none = () => fail('Session.Missing', 'Your session has ended; sign in again.');
  if (!token || token.length > 128) return none();
  const idHash = ports.secrets.hash(token);
  const session = await ports.sessions.get(idHash);
  if (!session || session.directoryId !== directoryId || isExpired(session, ports.clock.now())) return none();
  const [user, settings] = await Promise.all([ports.users.get(directoryId, session.userId), settingsOf(ports, directoryId)]);
  const methodStands =
    session.method === settings.method || (session.method === 'BreakGlass' && settings.method === 'SSO' && settings.breakGlassUserIds.includes(session.userId));
  if (!user || user.status !== 'Enabled' || !methodStands) {
    await ports.sessions.delete(idHash);
    return none();
  }
  return ok({ session, user, settings });
};

const advance = async (ports: LogonPorts, r: Resolved, passwordStale: boolean, secondFactorDone = false): Promise<PortalSession> => {
  // A user already past the second factor (an active session changing its password) stays past it.
  // A risky logon stays risky until its second factor: the risk was judged at the password.
  const stage = await nextStage(ports, r.settings, r.user, passwordStale, secondFactorDone || r.session.stage === 'active', r.session.risky === true);
  const now = ports.clock.now();
  const seconds = stage === 'active' ? r.settings.loginPreference.sessionDurationSeconds : STEP_SECONDS;
  const { pendingTotpSecret: _drop, network, risky, ...rest } = r.session;
  const next: PortalSession = {
    ...rest,
    stage,
    expiresAt: new Date(now.getTime() + seconds * 1000).toISOString(),
    ...(stage !== 'active' ? { ...(network !== undefined ? { network } : {}), ...(risky !== undefined ? { risky } : {}) } : {}),
  };
  await ports.sessions.update(next);
  if (stage === 'active' && network !== undefined) await rememberCompletedLogon(ports, r.user, network);
  return next;
};

const withKnownNetwork = (cred: PasswordCredential, network: string): PasswordCredential => {
  const knownNetworks = rememberNetwork(cred.knownNetworks ?? [], network);
  return knownNetworks[0] === cred.knownNetworks?.[0] ? cred : { ...cred, knownNetworks, version: cred.version + 1 };
};

/** Best effort: a lost race only means the next logon from there asks for the second factor again. */
const rememberCompletedLogon = async (ports: LogonPorts, user: DirectoryUser, network: string) => {
  const cred = await ports.passwords.get(user.directoryId, user.id);
  if (!cred) return;
  const next = withKnownNetwork(cred, network);
  if (next !== cred) await ports.passwords.put(next, cred.version);
};

export type PasswordChangeError = Failure<'Logon.WrongPassword' | 'Logon.PasswordMismatch' | 'InvalidParameter.Password' | 'Logon.PasswordReused'>;

export const changeOwnPassword = async (
  ports: LogonPorts,
  r: Resolved,
  input: { readonly current: string; readonly next: string; readonly confirm: string },
): Promise<Result<PortalSession, PasswordChangeError>> => {
  const credential = await ports.passwords.get(r.user.directoryId, r.user.id);
  if (!credential || !(await ports.hasher.verify(credential.hash, input.current))) {
    return fail('Logon.WrongPassword', 'The current password is not correct.');
  }
  if (input.next !== input.confirm) return fail('Logon.PasswordMismatch', 'The new passwords do not match.');
  const policy = r.settings.passwordPolicy;
  const allowed = checkPasswordAgainstPolicy(policy, input.next, r.user.userName);
  if (!allowed.ok) return allowed;
  if (!(await checkReuse(ports.hasher, recentHashes(credential), input.next, Math.max(1, policy.reusePrevention)))) {
    return fail('Logon.PasswordReused', `Choose a password you have not used for your last ${Math.max(1, policy.reusePrevention)} passwords.`);
  }
  const now = ports.clock.now();
  const updated = setPassword(credential, await ports.hasher.hash(input.next), { mustChange: false, now, keep: policy.reusePrevention });
  const saved = await ports.passwords.put(updated, credential.version);
  if (!saved.ok) return fail('Logon.WrongPassword', 'The password changed meanwhile; sign in again.');
  // Other sessions of this user end: a changed password must lock out whoever held the old one.
  await ports.sessions.deleteAllForUser(r.user.directoryId, r.user.id);
  await ports.sessions.create(r.session);
  return ok(await advance(ports, r, false));
};

export type MfaError = Failure<'Logon.WrongCode' | 'Logon.TooManyCodes'>;

/** Codes a user may try per five minutes: with ±1 step a guess has a 3-in-a-million chance. */
const MFA_ATTEMPTS = { requests: 5, perSeconds: 300 } as const;

const wrongCode = () => fail('Logon.WrongCode', 'That code is not valid. Check the time on your device and try again.');

export const verifyMfa = async (ports: LogonPorts, r: Resolved, code: string): Promise<Result<PortalSession, MfaError>> => {
  const allowed = await ports.rateLimiter.consume(`mfa:${r.user.directoryId}:${r.user.id}`, MFA_ATTEMPTS);
  if (!allowed.allowed) return fail('Logon.TooManyCodes', `Too many codes tried; wait ${allowed.retryAfterSeconds} seconds.`);
  const now = ports.clock.now();
  for (const device of await ports.mfaDevices.list(r.user.directoryId, r.user.id)) {
    const accepted = acceptCode(device, ports.totp.verify(device.secret, code, now), now);
    if (!accepted.ok) continue;
    // Two requests with one code race here; the loser's write fails and it is a replay.
    if (!(await ports.mfaDevices.put(accepted.value, device.version)).ok) return wrongCode();
    return ok(await advance(ports, r, false, true));
  }
  return wrongCode();
};

/** The secret shown while enrolling lives in the session until the first code proves the app has it. */
export const beginEnrollment = async (ports: LogonPorts, r: Resolved): Promise<{ secret: string; uri: string }> => {
  const secret = r.session.pendingTotpSecret ?? ports.totp.newSecret();
  if (!r.session.pendingTotpSecret) await ports.sessions.update({ ...r.session, pendingTotpSecret: secret });
  return { secret, uri: ports.totp.uri(secret, r.user.userName, 'Atrium CloudSSO') };
};

export const finishEnrollment = async (
  ports: LogonPorts,
  r: Resolved,
  input: { readonly code: string; readonly name: string },
): Promise<Result<PortalSession, MfaError | Failure<'Logon.NoEnrollment' | 'InvalidParameter.MFADeviceName'>>> => {
  const secret = r.session.pendingTotpSecret;
  if (!secret) return fail('Logon.NoEnrollment', 'Start the set-up again.');
  const now = ports.clock.now();
  const step = ports.totp.verify(secret, input.code, now);
  if (step === undefined) return wrongCode();
  const device = newTotpDevice({
    directoryId: r.user.directoryId,
    userId: r.user.id,
    deviceId: `mfa-${ports.secrets.newOpaqueToken().toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 16)}`,
    name: input.name,
    secret,
    firstStep: step,
    now,
  });
  if (!device.ok) return device;
  if (!(await ports.mfaDevices.put(device.value, undefined)).ok) return fail('Logon.NoEnrollment', 'Start the set-up again.');
  return ok(await advance(ports, r, false, true));
};

export const signOut = async (ports: LogonPorts, token: string | undefined): Promise<void> => {
  if (token && token.length <= 128) await ports.sessions.delete(ports.secrets.hash(token));
};

export type ResetRefused = Failure<'OperationForbidden.SSOEnabled' | 'EntityNotExists.User' | 'InvalidParameter.Password'>;

/**
 * An administrator sets a user's password (CloudSSO ResetUserPassword). Refused while SSO is on,
 * except for break-glass users. The user must change it at first logon unless told otherwise; a
 * generated password is returned once. Every session of the user ends.
 */
export const resetUserPassword = async (
  ports: LogonPorts,
  principal: Principal,
  directoryId: DirectoryId,
  userId: UserId,
  input: { readonly password?: string | undefined; readonly mustChange: boolean },
): Promise<Result<{ password?: string }, DirectoryAccessError | ResetRefused>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:ResetUserPassword');
  if (!directory.ok) return directory;
  const user = await ports.users.get(directoryId, userId);
  if (!user) return fail('EntityNotExists.User', `User ${userId} does not exist.`);
  const settings = await settingsOf(ports, directoryId);
  if (!passwordLogonAllowed(settings, userId)) {
    return fail('OperationForbidden.SSOEnabled', 'Passwords cannot be reset while SSO is on (except for break-glass users).');
  }
  const generated = input.password === undefined ? generatePassword(ports) : undefined;
  const password = input.password ?? generated!;
  const allowed = checkPasswordAgainstPolicy(settings.passwordPolicy, password, user.userName);
  if (!allowed.ok) return allowed;
  const current = await ports.passwords.get(directoryId, userId);
  const now = ports.clock.now();
  const next = setPassword(current ?? { directoryId, userId }, await ports.hasher.hash(password), {
    mustChange: input.mustChange,
    now,
    keep: settings.passwordPolicy.reusePrevention,
  });
  const saved = await ports.passwords.put(next, current?.version);
  if (!saved.ok) return fail('InvalidParameter.Password', 'The password changed meanwhile; try again.');
  await ports.sessions.deleteAllForUser(directoryId, userId);
  return ok(generated ? { password: generated } : {});
};

/** 20 characters from all four kinds: satisfies any policy CloudSSO allows. */
const generatePassword = (ports: LogonPorts): string => {
  const raw = ports.secrets.newOpaqueToken().replace(/[^A-Za-z0-9]/g, '').slice(0, 16);
  return `${raw}Aa1!`;
};
