import type { Customer } from './customer';
import type { CustomerProfile } from './oidc/id-token-claims';

/**
 * What of a customer becomes OIDC claims (OIDC Core §5.1): sub is the customer id (stable, never
 * reassigned, unlike the account name, which the customer may change), preferred_username the account
 * name, name the display name.
 *
 * email_verified and phone_number_verified are false: an administrator or an import may set either
 * without proof, and which logon proved which value (an SMS code proves the phone) is not recorded per
 * customer. A relying party must not take an unverified address as proof of ownership (OIDC Core §5.7).
 */
export const customerProfile = (customer: Customer): CustomerProfile => ({
  sub: customer.id,
  preferredUsername: customer.username,
  ...(customer.displayName === undefined ? {} : { name: customer.displayName }),
  ...(customer.email === undefined ? {} : { email: customer.email, emailVerified: false }),
  ...(customer.phone === undefined ? {} : { phoneNumber: customer.phone, phoneNumberVerified: false }),
});

/** A customer tokens may still be issued or answered for: one that exists and is enabled. */
export const isActiveCustomer = (customer: Customer | undefined): customer is Customer => customer !== undefined && customer.status === 'Enabled';
