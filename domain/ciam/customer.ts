import type { CustomerId, InstanceId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import { normalisePhoneNumber, type E164, type PhoneNumberInvalid } from './phone-number';

/**
 * A CIAM customer: one of an instance's end users. The product (IDaaS CIAM) calls them accounts; the
 * code says Customer so they are never confused with cloud accounts or CloudSSO directory users.
 * The password hash is not here: it lives in a CustomerCredential item of its own (customer-credential.ts),
 * so reading or presenting a customer can never carry it.
 */
export type CustomerStatus = 'Enabled' | 'Disabled';
export const CUSTOMER_STATUSES = ['Enabled', 'Disabled'] as const satisfies readonly CustomerStatus[];

/** How the customer came to be: the console (an administrator), the hosted sign-up page, or a migration. */
export type CustomerSource = 'Administrator' | 'SelfRegistration' | 'Import';
export const CUSTOMER_SOURCES = ['Administrator', 'SelfRegistration', 'Import'] as const satisfies readonly CustomerSource[];

export type Customer = {
  readonly instanceId: InstanceId;
  readonly id: CustomerId;
  /** The account name: 1–64 of `[A-Za-z0-9._@-]`, unique in the instance case-insensitively, kept as typed. */
  readonly username: string;
  readonly displayName?: string;
  /**
   * E.164, unique in the instance. Administrators and self-registration always give one (the product's
   * forms require it); an imported customer may come without.
   */
  readonly phone?: E164;
  /** Unique in the instance case-insensitively, kept as typed. */
  readonly email?: string;
  readonly status: CustomerStatus;
  readonly source: CustomerSource;
  /** When the current password was set; absent while the customer has no password (SMS-only logon). */
  readonly passwordChangedAt?: string;
  /** Set for passwords an administrator chose: the customer picks a new one at the next logon. */
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastLogonAt?: string;
  readonly version: number;
};

export const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
export const MAX_USERNAME = 64;
export const MAX_DISPLAY_NAME = 64;
// RFC 5321 §4.5.3.1.1 (local part ≤ 64 octets) and §4.5.3.1.3 (a path is ≤ 256 octets with its brackets).
export const MAX_EMAIL = 254;
const MAX_EMAIL_LOCAL = 64;

/** Numbers typed without `+<country code>` are read as Chinese numbers, as the product's console does. */
export const DEFAULT_PHONE_COUNTRY = 'CN';

export type UsernameInvalid = Failure<'InvalidParameter.Username'>;
export type CustomerInputError = Failure<'InvalidParameter.Username' | 'InvalidParameter.DisplayName' | 'InvalidParameter.Email'> | PhoneNumberInvalid;

export const checkUsername = (input: string): Result<string, UsernameInvalid> => {
  const username = input.trim();
  return USERNAME.test(username)
    ? ok(username)
    : fail('InvalidParameter.Username', `The account name must be 1-${MAX_USERNAME} characters of letters, digits, ".", "_", "-" and "@".`);
};

// Control characters would corrupt the console's tables and the JSON-lines export.
const CONTROL = /\p{Cc}/u;

export const checkDisplayName = (input: string): Result<string, Failure<'InvalidParameter.DisplayName'>> => {
  const name = input.trim();
  return name.length === 0 || [...name].length > MAX_DISPLAY_NAME || CONTROL.test(name)
    ? fail('InvalidParameter.DisplayName', `The display name must be 1-${MAX_DISPLAY_NAME} characters, without control characters.`)
    : ok(name);
};

// RFC 5322 §3.2.3 atext: the characters of a dot-atom.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*$`);
// RFC 5321 §4.1.2 Domain: LDH labels of at most 63 characters.
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * RFC 5322 §3.4.1 addr-spec, the part mail is actually delivered to: a dot-atom local part and a host
 * name. Quoted local parts and domain literals (`"a b"@x`, `a@[127.0.0.1]`) are valid addr-specs but
 * refused: no customer needs one, and they are a favourite of injection payloads. The domain needs at
 * least two labels (stricter than RFC 5322, which allows `a@localhost`), which catches `name@gmail`.
 */
export const checkEmail = (input: string): Result<string, Failure<'InvalidParameter.Email'>> => {
  const email = input.trim();
  const invalid = fail('InvalidParameter.Email', `${JSON.stringify(email.slice(0, 80))} is not an e-mail address (name@example.com, at most ${MAX_EMAIL} characters).`);
  if (email.length > MAX_EMAIL) return invalid;
  const at = email.lastIndexOf('@');
  if (at <= 0) return invalid;
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  if (local.length > MAX_EMAIL_LOCAL || !LOCAL_PART.test(local)) return invalid;
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return invalid;
  return ok(email);
};

/** What a person types into the account form, before it is checked. */
export type CustomerInput = {
  readonly username: string;
  readonly displayName?: string | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | undefined;
};

/** The checked, normalised form of `CustomerInput`. */
export type CustomerProfile = {
  readonly username: string;
  readonly displayName?: string;
  readonly phone?: E164;
  readonly email?: string;
};

/**
 * Checks and normalises a new customer's fields: text trimmed, the phone number in E.164.
 * `phoneRequired` is the form's rule (administrators and self-registration must give one).
 */
export const checkCustomerInput = (
  input: CustomerInput,
  options: { readonly phoneRequired: boolean; readonly defaultCountry?: string | undefined },
): Result<CustomerProfile, CustomerInputError> => {
  const username = checkUsername(input.username);
  if (!username.ok) return username;
  const displayName = input.displayName === undefined ? undefined : checkDisplayName(input.displayName);
  if (displayName && !displayName.ok) return displayName;
  let phone: E164 | undefined;
  if (input.phone !== undefined || options.phoneRequired) {
    // A number written with + keeps its own country calling code; the default only reads national numbers.
    const normalised = normalisePhoneNumber(input.phone ?? '', options.defaultCountry ?? DEFAULT_PHONE_COUNTRY);
    if (!normalised.ok) return normalised;
    phone = normalised.value;
  }
  const email = input.email === undefined ? undefined : checkEmail(input.email);
  if (email && !email.ok) return email;
  return ok({
    username: username.value,
    ...(displayName ? { displayName: displayName.value } : {}),
    ...(phone ? { phone } : {}),
    ...(email ? { email: email.value } : {}),
  });
};

export const newCustomer = (
  instanceId: InstanceId,
  id: CustomerId,
  profile: CustomerProfile,
  meta: {
    readonly source: CustomerSource;
    readonly now: Date;
    readonly status?: CustomerStatus | undefined;
    /** Set when the customer starts with a password. */
    readonly password?: { readonly changedAt: string; readonly mustChange: boolean } | undefined;
    /** A migration keeps the original account's dates; otherwise both are now. */
    readonly createdAt?: string | undefined;
    readonly lastLogonAt?: string | undefined;
  },
): Customer => {
  const at = meta.now.toISOString();
  return {
    instanceId,
    id,
    ...profile,
    status: meta.status ?? 'Enabled',
    source: meta.source,
    ...(meta.password ? { passwordChangedAt: meta.password.changedAt } : {}),
    mustChangePassword: meta.password?.mustChange ?? false,
    createdAt: meta.createdAt ?? at,
    updatedAt: at,
    ...(meta.lastLogonAt ? { lastLogonAt: meta.lastLogonAt } : {}),
    version: 1,
  };
};

/**
 * An administrator's edit. Omitted fields stay; `null` removes the display name or the e-mail. The phone
 * can be changed but not removed: the product's form requires one.
 */
export type CustomerChanges = {
  readonly displayName?: string | null | undefined;
  readonly phone?: string | undefined;
  readonly email?: string | null | undefined;
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const changeCustomer = (
  customer: Customer,
  changes: CustomerChanges,
  now: Date,
  defaultCountry: string = DEFAULT_PHONE_COUNTRY,
): Result<Customer, CustomerInputError> => {
  const next: Mutable<Customer> = { ...customer };
  if (changes.displayName === null) delete next.displayName;
  else if (changes.displayName !== undefined) {
    const name = checkDisplayName(changes.displayName);
    if (!name.ok) return name;
    next.displayName = name.value;
  }
  if (changes.phone !== undefined) {
    const phone = normalisePhoneNumber(changes.phone, defaultCountry);
    if (!phone.ok) return phone;
    next.phone = phone.value;
  }
  if (changes.email === null) delete next.email;
  else if (changes.email !== undefined) {
    const email = checkEmail(changes.email);
    if (!email.ok) return email;
    next.email = email.value;
  }
  return ok({ ...next, updatedAt: now.toISOString(), version: customer.version + 1 });
};

/** Enable or disable; undefined when the customer already has that status (nothing to write). */
export const withStatus = (customer: Customer, status: CustomerStatus, now: Date): Customer | undefined =>
  customer.status === status ? undefined : { ...customer, status, updatedAt: now.toISOString(), version: customer.version + 1 };

/** A new password was set (its hash goes to the credential item in the same write). */
export const withNewPassword = (customer: Customer, options: { readonly mustChange: boolean; readonly now: Date }): Customer => {
  const at = options.now.toISOString();
  return { ...customer, passwordChangedAt: at, mustChangePassword: options.mustChange, updatedAt: at, version: customer.version + 1 };
};
