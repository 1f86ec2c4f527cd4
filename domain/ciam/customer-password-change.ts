import { fail, ok, type Failure, type Result } from '../shared/result';
import type { ConcurrentModification } from '../shared/store-outcomes';
import type { Customer } from './customer';
import { withNewPassword } from './customer';
import { credentialWith } from './customer-credential';
import { completeLogon, type CustomerLogonPorts, type LoggedOn, type LogonContext, type SessionMissing } from './customer-logon';
import { checkCustomerPassword, type CustomerPasswordRejected } from './customer-password-policy';
import { isSessionExpired, type CustomerSession } from './customer-session';
import type { PasswordConfirmation } from './customer-phone-logon';

/**
 * The forced password change: a customer whose password an administrator set (mustChangePassword)
 * signed in with it, and now chooses their own before any application sees them. The step has its
 * own short 'password-change' session, so the temporary password alone opens nothing else, and the
 * logon completes only once the new password is stored.
 *
 * Only password logon leads here: a phone-code logon never used the temporary password, and the
 * flag stays until the customer next signs in with one (as Auth0 and Cognito treat a temporary password).
 */
export type PasswordUnchanged = Failure<'InvalidParameter.PasswordUnchanged'>;

export type PasswordChangeError = SessionMissing | PasswordConfirmation | CustomerPasswordRejected | PasswordUnchanged | ConcurrentModification;

type PasswordChangeState = { readonly session: CustomerSession; readonly customer: Customer };

// A change racing an administrator's edit is retried on a fresh read; more than this is no race.
const UPDATE_ATTEMPTS = 3;

const passwordChangeSession = async (
  ports: Pick<CustomerLogonPorts, 'customerSessions' | 'customers' | 'secrets' | 'clock'>,
  ctx: LogonContext,
  token: string | undefined,
): Promise<Result<PasswordChangeState, SessionMissing>> => {
  const missing = () => fail('Session.Missing', 'This step has expired. Sign in again with your password.');
  if (!token || token.length > 128) return missing();
  const session = await ports.customerSessions.get(ctx.instanceId, ports.secrets.hash(token));
  if (!session || session.stage !== 'password-change' || isSessionExpired(session, ports.clock.now())) return missing();
  const customer = await ports.customers.get(ctx.instanceId, session.customerId);
  if (!customer || customer.status !== 'Enabled') return missing();
  return ok({ session, customer });
};

/** The password-change page: whose password it is (the page shows the account name). */
export const openPasswordChange = async (
  ports: Pick<CustomerLogonPorts, 'customerSessions' | 'customers' | 'secrets' | 'clock'>,
  ctx: LogonContext,
  token: string | undefined,
): Promise<Result<{ readonly username: string }, SessionMissing>> => {
  const state = await passwordChangeSession(ports, ctx, token);
  return state.ok ? ok({ username: state.value.customer.username }) : state;
};

/**
 * Stores the customer's own password (policy-checked, not the temporary one again), clears the flag,
 * and completes the logon under a new session id; the pending step's session is deleted.
 */
export const changeTemporaryPassword = async (
  ports: CustomerLogonPorts,
  ctx: LogonContext,
  input: { readonly sessionToken: string | undefined; readonly password: string; readonly confirm: string },
): Promise<Result<LoggedOn, PasswordChangeError>> => {
  const state = await passwordChangeSession(ports, ctx, input.sessionToken);
  if (!state.ok) return state;
  if (input.password !== input.confirm) return fail('InvalidParameter.PasswordConfirmation', 'The two passwords differ; type the same password twice.');
  let customer = state.value.customer;
  const strong = checkCustomerPassword(input.password, customer.username);
  if (!strong.ok) return strong;

  let hash: string | undefined;
  for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
    const previous = await ports.customers.getCredential(ctx.instanceId, customer.id);
    // The administrator knows the temporary password: keeping it would defeat the change.
    if (previous && (await ports.hasher.verify(previous.hash, input.password))) {
      return fail('InvalidParameter.PasswordUnchanged', 'Choose a password different from the one you were given.');
    }
    hash ??= await ports.hasher.hash(input.password);
    const next = withNewPassword(customer, { mustChange: false, now: ports.clock.now() });
    const saved = await ports.customers.update(next, customer, credentialWith(customer, hash, previous));
    if (saved.ok) {
      await ports.customerSessions.delete(ctx.instanceId, state.value.session.idHash);
      return ok(await completeLogon(ports, ctx, next, state.value.session.methods, 'Password'));
    }
    if (saved.error.code !== 'ConcurrentModification') throw new Error(`a password change changed no unique field yet got ${saved.error.code}`);
    const fresh = await passwordChangeSession(ports, ctx, input.sessionToken);
    if (!fresh.ok) return fresh;
    customer = fresh.value.customer;
  }
  return fail('ConcurrentModification', 'Your account was being changed at the same moment; try again.');
};
