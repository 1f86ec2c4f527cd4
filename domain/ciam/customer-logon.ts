import { logonSucceeded, type LogonSucceeded } from '../../events/logon-succeeded';
import type { PasswordHasher } from '../logon/ports';
import type { IdGenerator, InstanceId } from '../shared/ids';
import { err, fail, ok, type Err, type Failure, type Result } from '../shared/result';
import type { Application } from './application';
import { activeApplication, type AuthorizePorts } from './authorize-use-cases';
import type { CaptchaPorts } from './captcha-ports';
import { admitLogonAttempt, isCaptchaRequired, issueCaptcha, recordFailedLogon, recordSuccessfulLogon, type IssuedCaptcha } from './captcha-use-cases';
import type { Customer } from './customer';
import { credentialWith } from './customer-credential';
import { findByLogonIdentifier } from './customer-use-cases';
import { CUSTOMER_SESSION_SECONDS, isSessionExpired, PENDING_STEP_SECONDS, type AuthenticationMethod, type CustomerSession } from './customer-session';
import type { LogonEventPublisher } from './hosted-ports';
import type { OneTimeCodePorts } from './one-time-code-ports';
import { sendCode, verifyCode, type CodeDailyLimit, type CodeInvalid, type CodeTooManyAttempts, type CodeTooSoon } from './one-time-code-use-cases';
import type { PendingAuthorization } from './pending-authorization';
import { maskPhoneNumber, type E164 } from './phone-number';

/**
 * The hosted logon pages' use cases: a customer proves who they are to an instance, on behalf of one
 * application's parked authorization request, and leaves with a CustomerSession. This file holds the
 * shared parts (the logon context, sessions, the logon.succeeded event), password logon and the SMS
 * second factor; customer-phone-logon.ts the SMS-code logon and self-registration;
 * customer-password-reset.ts the reset by phone code.
 */
export type CustomerLogonPorts = Pick<AuthorizePorts, 'instances' | 'applications' | 'customers' | 'customerSessions' | 'pendingAuthorizations' | 'secrets' | 'clock'> &
  CaptchaPorts &
  OneTimeCodePorts & {
    readonly hasher: PasswordHasher;
    readonly ids: IdGenerator;
    readonly logonEvents: LogonEventPublisher;
  };

/**
 * The parked request a logon answers, and the application it is for (enabled, instance Running, of the
 * request's protocol): an OIDC client's authorization request or a SAML SP's AuthnRequest. The logon
 * itself is the same for both; only where the browser goes afterwards differs.
 */
export type LogonContext = {
  readonly instanceId: InstanceId;
  readonly pending: PendingAuthorization;
  readonly application: Application;
};

/** A new session and the cookie value that names it (only its hash is stored). */
export type LoggedOn = { readonly session: CustomerSession; readonly token: string };

export type LogonRequestNotFound = Failure<'Logon.RequestNotFound'>;
export type ApplicationUnavailable = Failure<'Logon.ApplicationUnavailable'>;
export type MethodDisabled = Failure<'Logon.MethodDisabled'>;
export type LogonFailed = Failure<'Logon.Failed'>;
export type CredentialsMissing = Failure<'InvalidParameter.Credentials'>;
export type SessionMissing = Failure<'Session.Missing'>;

// Ids are 43-character tokens; anything much longer is not worth a read.
const MAX_PENDING_ID = 128;
const INSTANCE_ID = /^idaas_[a-z0-9]{1,40}$/;
// Longer than any account name (64), e-mail (254) or phone number: not looked up, fails like an unknown one.
const MAX_IDENTIFIER = 254;
// The customer password policy's maximum; longer input is never anyone's password and bounds hashing work.
const MAX_PASSWORD = 128;

/**
 * The logon a page belongs to. An unknown, expired or completed request, and one of another instance
 * (the store is keyed by instance), are all "not found"; a request whose application was disabled, or
 * whose instance was released, since it was parked gets no logon either, nor one whose application is
 * no longer of the protocol the request was parked for.
 */
export const openLogon = async (
  ports: Pick<CustomerLogonPorts, 'instances' | 'applications' | 'pendingAuthorizations'>,
  input: { readonly instanceId: string; readonly pendingId: string },
): Promise<Result<LogonContext, LogonRequestNotFound | ApplicationUnavailable>> => {
  const notFound = () =>
    fail('Logon.RequestNotFound', 'This sign-in has expired or was already completed. Go back to the app or website you came from and sign in again.');
  if (!INSTANCE_ID.test(input.instanceId) || input.pendingId.length === 0 || input.pendingId.length > MAX_PENDING_ID) return notFound();
  const instanceId = input.instanceId as InstanceId;
  const pending = await ports.pendingAuthorizations.get(instanceId, input.pendingId);
  if (!pending) return notFound();
  const application = await activeApplication(ports, instanceId, pending.applicationId, pending.protocol);
  if (!application) {
    return fail('Logon.ApplicationUnavailable', 'This application is not available for sign-in at the moment. Go back to it later, or contact its provider.');
  }
  return ok({ instanceId, pending, application });
};

export type LogonMethod = 'password' | 'phoneCode' | 'selfRegistration';

const METHOD_NAMES: Record<LogonMethod, string> = {
  password: 'Sign-in with a password',
  phoneCode: 'Sign-in with a code sent by SMS',
  selfRegistration: 'Creating an account',
};

/** The application's registration and logon settings decide which pages answer. */
export const requireMethod = (ctx: LogonContext, method: LogonMethod): Result<void, MethodDisabled> =>
  ctx.application.logonMethods[method] ? ok(undefined) : fail('Logon.MethodDisabled', `${METHOD_NAMES[method]} is not available for ${ctx.application.name}.`);

const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** A new session for the customer; the cookie value is random, only its hash is kept. */
export const createSession = async (
  ports: Pick<CustomerLogonPorts, 'customerSessions' | 'secrets' | 'clock'>,
  customer: Customer,
  stage: CustomerSession['stage'],
  methods: readonly AuthenticationMethod[],
): Promise<LoggedOn> => {
  const now = ports.clock.now();
  const token = ports.secrets.newOpaqueToken();
  const seconds = stage === 'active' ? CUSTOMER_SESSION_SECONDS : PENDING_STEP_SECONDS;
  const session: CustomerSession = {
    idHash: ports.secrets.hash(token),
    instanceId: customer.instanceId,
    customerId: customer.id,
    stage,
    authTime: epochSeconds(now),
    methods: [...methods],
    csrfToken: ports.secrets.newOpaqueToken(),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + seconds * 1000).toISOString(),
  };
  await ports.customerSessions.create(session);
  return { session, token };
};

/**
 * The end of every successful logon: an active session, `logon.succeeded` for metering (monthly active
 * users), and the customer's last logon time when the repository keeps it cheaply.
 */
export const completeLogon = async (
  ports: Pick<CustomerLogonPorts, 'customerSessions' | 'customers' | 'secrets' | 'clock' | 'logonEvents'>,
  ctx: LogonContext,
  customer: Customer,
  methods: readonly AuthenticationMethod[],
  method: LogonSucceeded['method'],
): Promise<LoggedOn> => {
  const loggedOn = await createSession(ports, customer, 'active', methods);
  const at = loggedOn.session.createdAt;
  await Promise.all([
    ports.logonEvents.publish(logonSucceeded({ instanceId: ctx.instanceId, applicationId: ctx.application.id, customerId: customer.id, method, at })),
    ports.customers.recordLogon?.(ctx.instanceId, customer.id, at),
  ]);
  return loggedOn;
};

/** Whether a code went out now, or one sent moments ago is still the one to enter (the cooldown). */
export type CodeSentState = {
  readonly phone: E164;
  /** How the number is shown back ("+86 139****0001"). */
  readonly maskedPhone: string;
  readonly sentNow: boolean;
  /** Seconds until "send a new code" may be used. */
  readonly resendAfterSeconds: number;
};

/**
 * Sends a code for `purpose`. Asking again within the cooldown is no failure for the pages: the code
 * sent moments ago is still the one to enter, and the page says when a new one may be asked for.
 */
export const sendCodeFor = async (
  ports: OneTimeCodePorts,
  ctx: LogonContext,
  input: { readonly phone: E164; readonly purpose: Parameters<typeof sendCode>[1]['purpose']; readonly ip: string },
): Promise<Result<CodeSentState, CodeDailyLimit>> => {
  const sent = await sendCode(ports, { instanceId: ctx.instanceId, phone: input.phone, purpose: input.purpose, ip: input.ip, appName: ctx.application.name });
  const state = { phone: input.phone, maskedPhone: maskPhoneNumber(input.phone) };
  if (sent.ok) {
    const wait = Math.max(0, Math.ceil((new Date(sent.value.resendAfter).getTime() - ports.clock.now().getTime()) / 1000));
    return ok({ ...state, sentNow: true, resendAfterSeconds: wait });
  }
  if (sent.error.code === 'Code.TooSoon') return ok({ ...state, sentNow: false, resendAfterSeconds: (sent.error as CodeTooSoon).retryAfterSeconds });
  return err(sent.error as CodeDailyLimit);
};

// What an unknown identifier's password is checked against, so the answer takes as long as for a
// customer. Made by the instance's own hasher, so it costs what a real hash costs under any parameters.
const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();
const dummyHash = (hasher: PasswordHasher): Promise<string> => {
  let hash = dummyHashes.get(hasher);
  if (!hash) {
    hash = hasher.hash('atrium-dummy-password-for-unknown-identifiers');
    dummyHashes.set(hasher, hash);
  }
  return hash;
};

/** One message for a wrong identifier, a wrong password, a customer without a password and a disabled one. */
const logonFailed = () => fail('Logon.Failed', 'The account or password is incorrect.');

export type PasswordLogonInput = {
  /** Account name, e-mail address or phone number. */
  readonly identifier: string;
  readonly password: string;
  readonly ip: string;
  readonly captcha?: { readonly id: string; readonly answer: string } | undefined;
};

/** A failure of the password form, with the CAPTCHA its next attempt must solve, when one is required. */
export type PasswordLogonFailure = (LogonFailed | CredentialsMissing | CodeDailyLimit | MethodDisabled | Failure<'Captcha.Required' | 'Captcha.Invalid'>) & {
  readonly captcha?: IssuedCaptcha;
};

/** Where a correct password (and second factor) leads: the logon is complete, or a new password is due first. */
export type PasswordStepOutcome = ({ readonly kind: 'active' } & LoggedOn) | ({ readonly kind: 'password-change' } & LoggedOn);

export type PasswordLogonOutcome = PasswordStepOutcome | ({ readonly kind: 'second-factor'; readonly code: CodeSentState } & LoggedOn);

/**
 * The customer proved who they are. A password an administrator set (at creation or by a reset) is
 * temporary: it opens only the page that replaces it (customer-password-change.ts), never an
 * application, so whoever learnt it from the administrator cannot use it after the customer has.
 */
const passwordAccepted = async (
  ports: CustomerLogonPorts,
  ctx: LogonContext,
  customer: Customer,
  methods: readonly AuthenticationMethod[],
): Promise<PasswordStepOutcome> =>
  customer.mustChangePassword
    ? { kind: 'password-change', ...(await createSession(ports, customer, 'password-change', methods)) }
    : { kind: 'active', ...(await completeLogon(ports, ctx, customer, methods, 'Password')) };

/** The CAPTCHA the password form must show now, if the failures of this identifier or client call for one. */
export const passwordFormCaptcha = async (
  ports: CaptchaPorts,
  ctx: LogonContext,
  input: { readonly identifier?: string | undefined; readonly ip: string },
): Promise<IssuedCaptcha | undefined> =>
  (await isCaptchaRequired(ports, { instanceId: ctx.instanceId, identifier: input.identifier ?? '', ip: input.ip }))
    ? issueCaptcha(ports, { instanceId: ctx.instanceId })
    : undefined;

const withNextCaptcha = async (
  ports: CaptchaPorts,
  ctx: LogonContext,
  input: PasswordLogonInput,
  failure: PasswordLogonFailure,
): Promise<Err<PasswordLogonFailure>> => {
  const captcha = await passwordFormCaptcha(ports, ctx, input);
  return err<PasswordLogonFailure>(captcha ? { ...failure, captcha } : failure);
};

/**
 * Password logon. The CAPTCHA gate comes before the password is looked at, so a guesser past two
 * failures cannot test passwords without solving one. An unknown identifier, a customer without a
 * password and a disabled customer cost one argon2 verification like a real attempt and fail with the
 * same message, and all count as failed logons, so neither the answer nor the CAPTCHA tells whether an
 * account exists, and the time taken differs by a key read or two at most (against an argon2 hash). After the password, an application with the SMS second factor gets
 * a 'second-factor' session and a code sent to the customer's phone; otherwise the logon is complete.
 */
export const logOnWithPassword = async (
  ports: CustomerLogonPorts,
  ctx: LogonContext,
  input: PasswordLogonInput,
): Promise<Result<PasswordLogonOutcome, PasswordLogonFailure>> => {
  const method = requireMethod(ctx, 'password');
  if (!method.ok) return method;
  const identifier = input.identifier.normalize('NFKC').trim();
  if (identifier.length === 0 || input.password.length === 0) {
    return withNextCaptcha(ports, ctx, input, { code: 'InvalidParameter.Credentials', message: 'Enter your account and password.' });
  }
  const subject = { instanceId: ctx.instanceId, identifier, ip: input.ip };
  const admitted = await admitLogonAttempt(ports, { ...subject, captcha: input.captcha });
  if (!admitted.ok) return withNextCaptcha(ports, ctx, input, admitted.error);

  const customer = identifier.length <= MAX_IDENTIFIER ? await findByLogonIdentifier(ports, ctx.instanceId, identifier) : undefined;
  const credential = customer ? await ports.customers.getCredential(ctx.instanceId, customer.id) : undefined;
  let matches = false;
  if (customer && credential && input.password.length <= MAX_PASSWORD) matches = await ports.hasher.verify(credential.hash, input.password);
  else await ports.hasher.verify(await dummyHash(ports.hasher), input.password.slice(0, MAX_PASSWORD));
  if (!customer || !credential || !matches || customer.status !== 'Enabled') {
    await recordFailedLogon(ports, subject);
    return withNextCaptcha(ports, ctx, input, logonFailed().error);
  }
  await recordSuccessfulLogon(ports, subject);
  // Parameters raised since this hash was made: rehash now, while the password is at hand. A lost race
  // (a reset meanwhile) keeps the newer credential.
  if (ports.hasher.needsRehash(credential.hash)) {
    await ports.customers.putCredential(credentialWith(customer, await ports.hasher.hash(input.password), credential), credential.version);
  }
  if (ctx.application.logonMethods.smsSecondFactor && customer.phone) {
    const code = await sendCodeFor(ports, ctx, { phone: customer.phone, purpose: 'SecondFactor', ip: input.ip });
    if (!code.ok) return code;
    const pending = await createSession(ports, customer, 'second-factor', ['pwd']);
    return ok({ kind: 'second-factor', code: code.value, ...pending });
  }
  return ok(await passwordAccepted(ports, ctx, customer, ['pwd']));
};

type SecondFactorState = { readonly session: CustomerSession; readonly customer: Customer & { readonly phone: E164 } };

const secondFactorSession = async (
  ports: Pick<CustomerLogonPorts, 'customerSessions' | 'customers' | 'secrets' | 'clock'>,
  ctx: LogonContext,
  token: string | undefined,
): Promise<Result<SecondFactorState, SessionMissing>> => {
  const missing = () => fail('Session.Missing', 'This verification step has expired. Sign in again.');
  if (!token || token.length > 128) return missing();
  const session = await ports.customerSessions.get(ctx.instanceId, ports.secrets.hash(token));
  if (!session || session.stage !== 'second-factor' || isSessionExpired(session, ports.clock.now())) return missing();
  const customer = await ports.customers.get(ctx.instanceId, session.customerId);
  if (!customer || customer.status !== 'Enabled' || !customer.phone) return missing();
  return ok({ session, customer: customer as Customer & { readonly phone: E164 } });
};

/** The second-factor page: where the code went. */
export const openSecondFactor = async (
  ports: Pick<CustomerLogonPorts, 'customerSessions' | 'customers' | 'secrets' | 'clock'>,
  ctx: LogonContext,
  token: string | undefined,
): Promise<Result<{ readonly maskedPhone: string }, SessionMissing>> => {
  const state = await secondFactorSession(ports, ctx, token);
  return state.ok ? ok({ maskedPhone: maskPhoneNumber(state.value.customer.phone) }) : state;
};

/** "Send a new code" on the second-factor page. */
export const resendSecondFactorCode = async (
  ports: CustomerLogonPorts,
  ctx: LogonContext,
  input: { readonly sessionToken: string | undefined; readonly ip: string },
): Promise<Result<CodeSentState, SessionMissing | CodeDailyLimit>> => {
  const state = await secondFactorSession(ports, ctx, input.sessionToken);
  if (!state.ok) return state;
  return sendCodeFor(ports, ctx, { phone: state.value.customer.phone, purpose: 'SecondFactor', ip: input.ip });
};

/**
 * The SMS second factor after a password. The code is the phone's (5 tries, single use); the session
 * moves on (to 'active', or to 'password-change' for a temporary password) under a new cookie value (a
 * new id at every privilege change, OWASP session management), and the 'second-factor' one is deleted.
 */
export const verifySecondFactor = async (
  ports: CustomerLogonPorts,
  ctx: LogonContext,
  input: { readonly sessionToken: string | undefined; readonly code: string },
): Promise<Result<PasswordStepOutcome, SessionMissing | CodeInvalid | CodeTooManyAttempts>> => {
  const state = await secondFactorSession(ports, ctx, input.sessionToken);
  if (!state.ok) return state;
  const { session, customer } = state.value;
  const verified = await verifyCode(ports, { instanceId: ctx.instanceId, phone: customer.phone, purpose: 'SecondFactor', code: input.code });
  if (!verified.ok) return verified;
  await ports.customerSessions.delete(ctx.instanceId, session.idHash);
  return ok(await passwordAccepted(ports, ctx, customer, ['pwd', 'sms']));
};
