import { fail, ok, type Failure, type Result } from '../shared/result';

/**
 * The customer password policy. Customers choose their own passwords on the hosted pages, so the rule
 * is the one NIST SP 800-63B §5.1.1.2 recommends over composition rules: a minimum length, a generous
 * maximum, and no password that is the account name itself.
 *
 * Lengths count Unicode code points after NFKC, the form the hasher hashes (adapters/crypto/argon2-hasher),
 * so "ｐａｓｓ" and "pass" are the same length and the same password. The maximum bounds hashing work.
 */
export const CUSTOMER_PASSWORD_MIN = 8;
export const CUSTOMER_PASSWORD_MAX = 128;

export type CustomerPasswordRejected = Failure<'InvalidParameter.Password'>;

export const checkCustomerPassword = (password: string, username: string): Result<void, CustomerPasswordRejected> => {
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  if (length < CUSTOMER_PASSWORD_MIN || length > CUSTOMER_PASSWORD_MAX) {
    return fail('InvalidParameter.Password', `The password must be ${CUSTOMER_PASSWORD_MIN}-${CUSTOMER_PASSWORD_MAX} characters long.`);
  }
  // Account names are matched case-insensitively, so "Alice.Smith" may not be the password of alice.smith.
  if (normalised.toLowerCase() === username.trim().toLowerCase()) {
    return fail('InvalidParameter.Password', 'The password must not be the account name.');
  }
  return ok(undefined);
};
