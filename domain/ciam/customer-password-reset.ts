import { fail, ok, type Result } from '../shared/result';
import type { ConcurrentModification } from '../shared/store-outcomes';
import { withNewPassword } from './customer';
import { credentialWith } from './customer-credential';
import { completeLogon, requireMethod, sendCodeFor, type CodeSentState, type CustomerLogonPorts, type LoggedOn, type LogonContext, type MethodDisabled } from './customer-logon';
import { checkCustomerPassword, type CustomerPasswordRejected } from './customer-password-policy';
import { phoneFromForm, type NoAccount, type PasswordConfirmation } from './customer-phone-logon';
import { verifyCode, type CodeDailyLimit, type CodeInvalid, type CodeTooManyAttempts } from './one-time-code-use-cases';
import type { PhoneNumberInvalid } from './phone-number';

/**
 * "Forgot your password?" on the password form: a code to the customer's phone, then a new password.
 * Part of password logon, so it answers only where password logon is on. Like the phone logon, the
 * pages say nothing about the number until the code is right (customer-phone-logon.ts).
 */
export const sendPasswordResetCode = async (
  ports: CustomerLogonPorts,
  ctx: LogonContext,
  input: { readonly phone: string; readonly ip: string },
): Promise<Result<CodeSentState, MethodDisabled | PhoneNumberInvalid | CodeDailyLimit>> => {
  const method = requireMethod(ctx, 'password');
  if (!method.ok) return method;
  const phone = phoneFromForm(input.phone);
  if (!phone.ok) return phone;
  return sendCodeFor(ports, ctx, { phone: phone.value, purpose: 'ResetPassword', ip: input.ip });
};

export type PasswordResetError =
  | MethodDisabled
  | PhoneNumberInvalid
  | PasswordConfirmation
  | CustomerPasswordRejected
  | CodeInvalid
  | CodeTooManyAttempts
  | NoAccount
  | ConcurrentModification;

// A reset racing an administrator's edit is retried on a fresh read; more than this is no race.
const UPDATE_ATTEMPTS = 3;

/**
 * Sets a new password per the customer password policy, ends every other session of the customer (a
 * reset is what someone does who fears their password is known) and logs the customer on, by the code.
 * The length rule is checked before the code is used up; the "not the account name" rule only after it,
 * or the answer would tell a stranger which account name a number belongs to.
 */
export const resetPasswordWithPhoneCode = async (
  ports: CustomerLogonPorts,
  ctx: LogonContext,
  input: { readonly phone: string; readonly code: string; readonly password: string; readonly confirm: string },
): Promise<Result<LoggedOn, PasswordResetError>> => {
  const method = requireMethod(ctx, 'password');
  if (!method.ok) return method;
  const phone = phoneFromForm(input.phone);
  if (!phone.ok) return phone;
  if (input.password !== input.confirm) return fail('InvalidParameter.PasswordConfirmation', 'The two passwords differ; type the same password twice.');
  const shaped = checkCustomerPassword(input.password, '');
  if (!shaped.ok) return shaped;
  const verified = await verifyCode(ports, { instanceId: ctx.instanceId, phone: phone.value, purpose: 'ResetPassword', code: input.code });
  if (!verified.ok) return verified;
  const noAccount = () => fail('Logon.NoAccount', `No account with this phone number can sign in to ${ctx.application.name}.`);

  let hash: string | undefined;
  for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
    const customer = await ports.customers.findByPhone(ctx.instanceId, phone.value);
    if (!customer || customer.status !== 'Enabled') return noAccount();
    const strong = checkCustomerPassword(input.password, customer.username);
    if (!strong.ok) return fail(strong.error.code, `${strong.error.message} Ask for a new code and choose another password.`);
    const previous = await ports.customers.getCredential(ctx.instanceId, customer.id);
    hash ??= await ports.hasher.hash(input.password);
    const next = withNewPassword(customer, { mustChange: false, now: ports.clock.now() });
    const saved = await ports.customers.update(next, customer, credentialWith(customer, hash, previous));
    if (saved.ok) {
      await ports.customerSessions.deleteAllFor(ctx.instanceId, customer.id);
      return ok(await completeLogon(ports, ctx, next, ['sms'], 'PhoneCode'));
    }
    if (saved.error.code !== 'ConcurrentModification') throw new Error(`a password reset changed no unique field yet got ${saved.error.code}`);
  }
  return fail('ConcurrentModification', 'Your account was being changed at the same moment; ask for a new code and try again.');
};
