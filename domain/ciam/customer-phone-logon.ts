import { fail, ok, type Failure, type Result } from '../shared/result';
import { checkUsername, DEFAULT_PHONE_COUNTRY, type UsernameInvalid } from './customer';
import { completeLogon, requireMethod, sendCodeFor, type CodeSentState, type CustomerLogonPorts, type LoggedOn, type LogonContext, type MethodDisabled } from './customer-logon';
import { checkCustomerPassword, type CustomerPasswordRejected } from './customer-password-policy';
import type { CustomerUniqueness } from './customer-ports';
import { registerCustomer } from './customer-use-cases';
import { verifyCode, type CodeDailyLimit, type CodeInvalid, type CodeTooManyAttempts } from './one-time-code-use-cases';
import { normalisePhoneNumber, type E164, type PhoneNumberInvalid } from './phone-number';

/**
 * Logon and self-registration with a code sent by SMS.
 *
 * What the pages reveal: asking for a code answers "code sent" for every valid number, whether or not
 * an account has it, and a wrong code answers alike for all. Only after a correct code (which only the
 * phone's holder can read) does a page say that the number has no account, or already has one: the
 * holder learns something about their own number, nobody else learns anything.
 */
export type NoAccount = Failure<'Logon.NoAccount'>;
export type RegistrationFailed = Failure<'Registration.Failed'>;
export type PhoneTaken = Failure<'Registration.PhoneTaken'>;
export type PasswordConfirmation = Failure<'InvalidParameter.PasswordConfirmation'>;

const noAccount = (ctx: LogonContext) =>
  fail('Logon.NoAccount', `No account with this phone number can sign in to ${ctx.application.name}. Sign in another way, or ask the app's provider.`);

/** A number as the pages read it: national numbers in the default country (China, as the product). */
export const phoneFromForm = (input: string): Result<E164, PhoneNumberInvalid> => normalisePhoneNumber(input, DEFAULT_PHONE_COUNTRY);

/**
 * "Send code" on the phone logon form: to any valid number (see above). With self-registration off,
 * an unknown number gets the same answer and a code that can never log on.
 */
export const sendLogonCode = async (
  ports: CustomerLogonPorts,
  ctx: LogonContext,
  input: { readonly phone: string; readonly ip: string },
): Promise<Result<CodeSentState, MethodDisabled | PhoneNumberInvalid | CodeDailyLimit>> => {
  const method = requireMethod(ctx, 'phoneCode');
  if (!method.ok) return method;
  const phone = phoneFromForm(input.phone);
  if (!phone.ok) return phone;
  return sendCodeFor(ports, ctx, { phone: phone.value, purpose: 'Logon', ip: input.ip });
};

export type PhoneLogonOutcome = LoggedOn & { readonly registered: boolean };

/**
 * Logon with an SMS code, the product's single form that "logs you in or registers you": a known,
 * enabled customer logs on; an unknown number registers (self-registration on) with its digits as the
 * account name; otherwise the number cannot log on. Never a second factor: the code is already the
 * phone, and asking for it again would prove the same thing twice.
 */
export const logOnWithPhoneCode = async (
  ports: CustomerLogonPorts,
  ctx: LogonContext,
  input: { readonly phone: string; readonly code: string },
): Promise<Result<PhoneLogonOutcome, MethodDisabled | PhoneNumberInvalid | CodeInvalid | CodeTooManyAttempts | NoAccount | RegistrationFailed>> => {
  const method = requireMethod(ctx, 'phoneCode');
  if (!method.ok) return method;
  const phone = phoneFromForm(input.phone);
  if (!phone.ok) return phone;
  const verified = await verifyCode(ports, { instanceId: ctx.instanceId, phone: phone.value, purpose: 'Logon', code: input.code });
  if (!verified.ok) return verified;
  const known = await ports.customers.findByPhone(ctx.instanceId, phone.value);
  if (known) return known.status === 'Enabled' ? ok({ ...(await completeLogon(ports, ctx, known, ['sms'], 'PhoneCode')), registered: false }) : noAccount(ctx);
  if (!ctx.application.logonMethods.selfRegistration) return noAccount(ctx);
  const registered = await registerCustomer(ports, ctx.instanceId, { phone: phone.value });
  if (registered.ok) return ok({ ...(await completeLogon(ports, ctx, registered.value, ['sms'], 'Registration')), registered: true });
  if (registered.error.code === 'EntityAlreadyExists.PhoneNumber') {
    // A concurrent registration of the same number won: that account is this phone's.
    const winner = await ports.customers.findByPhone(ctx.instanceId, phone.value);
    if (winner?.status === 'Enabled') return ok({ ...(await completeLogon(ports, ctx, winner, ['sms'], 'PhoneCode')), registered: false });
    return noAccount(ctx);
  }
  // Someone chose this number's digits as their account name: the holder must pick a name of their own.
  return fail('Registration.Failed', 'Your account could not be created automatically. Use "Create an account" to choose an account name.');
};

export type RegistrationInput = {
  readonly phone: string;
  readonly code: string;
  /** Optional: the phone number's digits when absent. */
  readonly username?: string | undefined;
  /** Optional: without one the customer logs on with SMS codes. */
  readonly password?: string | undefined;
  readonly confirm?: string | undefined;
};

export type RegistrationError =
  | MethodDisabled
  | PhoneNumberInvalid
  | UsernameInvalid
  | PasswordConfirmation
  | CustomerPasswordRejected
  | CodeInvalid
  | CodeTooManyAttempts
  | PhoneTaken
  | RegistrationFailed
  | CustomerUniqueness;

/** "Create an account", first step: a code to the number (self-registration on only). */
export const sendRegistrationCode = async (
  ports: CustomerLogonPorts,
  ctx: LogonContext,
  input: { readonly phone: string; readonly ip: string },
): Promise<Result<CodeSentState, MethodDisabled | PhoneNumberInvalid | CodeDailyLimit>> => {
  const method = requireMethod(ctx, 'selfRegistration');
  if (!method.ok) return method;
  const phone = phoneFromForm(input.phone);
  if (!phone.ok) return phone;
  return sendCodeFor(ports, ctx, { phone: phone.value, purpose: 'Register', ip: input.ip });
};

/**
 * "Create an account", second step: the code, and optionally an account name and a password. All that
 * can be checked without the code is checked first, so a typo does not use the code up; an account
 * name that is taken is said so (any sign-up form does), whether the number has an account only after
 * the code. The new customer is logged on.
 */
export const registerWithPhoneCode = async (
  ports: CustomerLogonPorts,
  ctx: LogonContext,
  input: RegistrationInput,
): Promise<Result<LoggedOn, RegistrationError>> => {
  const method = requireMethod(ctx, 'selfRegistration');
  if (!method.ok) return method;
  const phone = phoneFromForm(input.phone);
  if (!phone.ok) return phone;
  const chosen = input.username?.trim() ? checkUsername(input.username) : undefined;
  if (chosen && !chosen.ok) return chosen;
  const username = chosen?.value ?? phone.value.slice(1);
  const password = input.password ? input.password : undefined;
  if (password !== undefined) {
    if (password !== input.confirm) return fail('InvalidParameter.PasswordConfirmation', 'The two passwords differ; type the same password twice.');
    const strong = checkCustomerPassword(password, username);
    if (!strong.ok) return strong;
  }
  if (chosen && (await ports.customers.findByUsername(ctx.instanceId, username))) {
    return fail('EntityAlreadyExists.Username', `The account name ${username} is taken; choose another.`);
  }
  const verified = await verifyCode(ports, { instanceId: ctx.instanceId, phone: phone.value, purpose: 'Register', code: input.code });
  if (!verified.ok) return verified;
  const taken = () => fail('Registration.PhoneTaken', 'This phone number already has an account. Sign in with it instead.');
  if (await ports.customers.findByPhone(ctx.instanceId, phone.value)) return taken();
  const registered = await registerCustomer(ports, ctx.instanceId, { phone: phone.value, username, ...(password !== undefined ? { password } : {}) });
  if (registered.ok) return ok(await completeLogon(ports, ctx, registered.value, ['sms'], 'Registration'));
  const e = registered.error;
  if (e.code === 'EntityAlreadyExists.PhoneNumber') return taken();
  if (e.code === 'EntityAlreadyExists.Username' || e.code === 'EntityAlreadyExists.Email') {
    return fail('EntityAlreadyExists.Username', `The account name ${username} is taken; ask for a new code and choose another name.`);
  }
  return fail('Registration.Failed', `Your account could not be created: ${e.message}`);
};
