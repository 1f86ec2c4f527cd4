import type { Principal } from '../iam/principal';
import type { CustomerId, InstanceId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import type { CiamPorts } from './ciam-ports';
import {
  changeCustomer,
  checkCustomerInput,
  checkEmail,
  checkUsername,
  DEFAULT_PHONE_COUNTRY,
  newCustomer,
  withNewPassword,
  withStatus,
  type Customer,
  type CustomerChanges,
  type CustomerInput,
  type CustomerInputError,
  type CustomerStatus,
} from './customer';
import { checkImportedHash, credentialWith, type PasswordHashInvalid } from './customer-credential';
import { checkCustomerPassword, type CustomerPasswordRejected } from './customer-password-policy';
import type { CustomerFilter, CustomerUniqueness } from './customer-ports';
import { usable, type InstanceStateError } from './instance';
import { openInstance, openInstanceForChange, type InstanceAccessError, type InstanceMissing } from './instance-access';
import { normalisePhoneNumber } from './phone-number';

/** What the customer use cases read and write; the container satisfies it. */
export type CustomerPorts = Pick<CiamPorts, 'instances' | 'instanceAdministrators' | 'customers' | 'hasher' | 'clock' | 'ids'>;

export type CustomerMissing = Failure<'EntityNotExists.Customer'>;

const missing = (id: CustomerId) => fail('EntityNotExists.Customer', `Account ${id} does not exist in this instance.`);

/** Reads are allowed on any instance the caller may see; writes need it in service. */
const openForWrite = openInstanceForChange;

export type CreateCustomerInput = CustomerInput & {
  readonly phone: string;
  readonly password: string;
  /** Defaults to true: a password an administrator chose is known to someone other than the customer. */
  readonly mustChangePassword?: boolean | undefined;
};

/** The console's "create account": account name, password and phone number required. */
export const createCustomer = async (
  ports: CustomerPorts,
  principal: Principal,
  instanceId: InstanceId,
  input: CreateCustomerInput,
): Promise<Result<Customer, InstanceAccessError | InstanceStateError | CustomerInputError | CustomerPasswordRejected | CustomerUniqueness>> => {
  const instance = await openForWrite(ports, principal, instanceId, 'idaas:CreateUser');
  if (!instance.ok) return instance;
  const profile = checkCustomerInput(input, { phoneRequired: true });
  if (!profile.ok) return profile;
  // Checked before hashing: a refused password should not cost a slow hash.
  const strong = checkCustomerPassword(input.password, profile.value.username);
  if (!strong.ok) return strong;
  const now = ports.clock.now();
  const customer = newCustomer(instanceId, ports.ids.customerId(), profile.value, {
    source: 'Administrator',
    now,
    password: { changedAt: now.toISOString(), mustChange: input.mustChangePassword ?? true },
  });
  const saved = await ports.customers.create(customer, credentialWith(customer, await ports.hasher.hash(input.password), undefined));
  return saved.ok ? ok(customer) : saved;
};

export const listCustomers = async (
  ports: CustomerPorts,
  principal: Principal,
  instanceId: InstanceId,
  filter: CustomerFilter,
  page: PageRequest,
): Promise<Result<Page<Customer>, InstanceAccessError | InvalidNextToken>> => {
  const opened = await openInstance(ports, principal, instanceId, 'idaas:ListUsers');
  if (!opened.ok) return opened;
  return ports.customers.list(instanceId, filter, page);
};

export const getCustomer = async (
  ports: CustomerPorts,
  principal: Principal,
  instanceId: InstanceId,
  customerId: CustomerId,
): Promise<Result<Customer, InstanceAccessError | CustomerMissing>> => {
  const opened = await openInstance(ports, principal, instanceId, 'idaas:GetUser');
  if (!opened.ok) return opened;
  const customer = await ports.customers.get(instanceId, customerId);
  return customer ? ok(customer) : missing(customerId);
};

/** Display name, phone and e-mail; a changed phone or e-mail moves its uniqueness guard in the same write. */
export const updateCustomer = async (
  ports: CustomerPorts,
  principal: Principal,
  instanceId: InstanceId,
  customerId: CustomerId,
  changes: CustomerChanges,
): Promise<Result<Customer, InstanceAccessError | InstanceStateError | CustomerMissing | CustomerInputError | CustomerUniqueness | ConcurrentModification>> => {
  const instance = await openForWrite(ports, principal, instanceId, 'idaas:UpdateUser');
  if (!instance.ok) return instance;
  const current = await ports.customers.get(instanceId, customerId);
  if (!current) return missing(customerId);
  const next = changeCustomer(current, changes, ports.clock.now());
  if (!next.ok) return next;
  const saved = await ports.customers.update(next.value, current);
  return saved.ok ? ok(next.value) : saved;
};

/** A disabled customer keeps its data and guards but cannot log on. Setting the current status is a no-op. */
export const setCustomerStatus = async (
  ports: CustomerPorts,
  principal: Principal,
  instanceId: InstanceId,
  customerId: CustomerId,
  status: CustomerStatus,
): Promise<Result<Customer, InstanceAccessError | InstanceStateError | CustomerMissing | CustomerUniqueness | ConcurrentModification>> => {
  const instance = await openForWrite(ports, principal, instanceId, status === 'Enabled' ? 'idaas:EnableUser' : 'idaas:DisableUser');
  if (!instance.ok) return instance;
  const current = await ports.customers.get(instanceId, customerId);
  if (!current) return missing(customerId);
  const next = withStatus(current, status, ports.clock.now());
  if (!next) return ok(current);
  const saved = await ports.customers.update(next, current);
  return saved.ok ? ok(next) : saved;
};

/** The customer, its guards (its name, phone and e-mail become free) and its password go together. */
export const deleteCustomer = async (
  ports: CustomerPorts,
  principal: Principal,
  instanceId: InstanceId,
  customerId: CustomerId,
): Promise<Result<void, InstanceAccessError | InstanceStateError | CustomerMissing | ConcurrentModification>> => {
  const instance = await openForWrite(ports, principal, instanceId, 'idaas:DeleteUser');
  if (!instance.ok) return instance;
  const current = await ports.customers.get(instanceId, customerId);
  if (!current) return missing(customerId);
  return ports.customers.delete(current);
};

/** An administrator sets a new password; by default the customer must change it at the next logon. */
export const resetCustomerPassword = async (
  ports: CustomerPorts,
  principal: Principal,
  instanceId: InstanceId,
  customerId: CustomerId,
  input: { readonly password: string; readonly mustChangePassword?: boolean | undefined },
): Promise<Result<Customer, InstanceAccessError | InstanceStateError | CustomerMissing | CustomerPasswordRejected | CustomerUniqueness | ConcurrentModification>> => {
  const instance = await openForWrite(ports, principal, instanceId, 'idaas:SetUserPassword');
  if (!instance.ok) return instance;
  const current = await ports.customers.get(instanceId, customerId);
  if (!current) return missing(customerId);
  const strong = checkCustomerPassword(input.password, current.username);
  if (!strong.ok) return strong;
  const [previous, hash] = await Promise.all([ports.customers.getCredential(instanceId, customerId), ports.hasher.hash(input.password)]);
  const next = withNewPassword(current, { mustChange: input.mustChangePassword ?? true, now: ports.clock.now() });
  const saved = await ports.customers.update(next, current, credentialWith(current, hash, previous));
  return saved.ok ? ok(next) : saved;
};

/** One customer of an export, with its password hash (absent for customers without a password). */
export type ExportedCustomer = { readonly customer: Customer; readonly passwordHash?: string };

/**
 * A page of the instance's customers with their argon2id hashes, to move them to another instance or
 * system without making them reset their passwords. Hashes leave the platform only here, so the action
 * is one read-only roles do not hold (idaas:ExportUsers is neither Get* nor List*).
 */
export const exportCustomers = async (
  ports: CustomerPorts,
  principal: Principal,
  instanceId: InstanceId,
  page: PageRequest,
): Promise<Result<Page<ExportedCustomer>, InstanceAccessError | InvalidNextToken>> => {
  const opened = await openInstance(ports, principal, instanceId, 'idaas:ExportUsers');
  if (!opened.ok) return opened;
  const listed = await ports.customers.list(instanceId, {}, page);
  if (!listed.ok) return listed;
  const credentials = await ports.customers.getCredentials(instanceId, listed.value.items.map((c) => c.id));
  const hashes = new Map(credentials.map((c) => [c.customerId, c.hash]));
  return ok({
    ...listed.value,
    items: listed.value.items.map((customer) => {
      const passwordHash = hashes.get(customer.id);
      return passwordHash === undefined ? { customer } : { customer, passwordHash };
    }),
  });
};

/** One customer to import: an export line's fields, or another system's account. */
export type CustomerImportRecord = CustomerInput & {
  readonly status?: CustomerStatus | undefined;
  /** A clear password, hashed here. */
  readonly password?: string | undefined;
  /** An argon2id PHC hash, kept as it is: customers keep their passwords. */
  readonly passwordHash?: string | undefined;
  readonly mustChangePassword?: boolean | undefined;
  readonly passwordChangedAt?: string | undefined;
  readonly createdAt?: string | undefined;
  readonly lastLogonAt?: string | undefined;
};

export type CustomerImportOutcome =
  | { readonly index: number; readonly customerId: CustomerId }
  | { readonly index: number; readonly error: Failure };

export const MAX_IMPORT_RECORDS = 1000;
/**
 * Clear passwords cost an argon2id hash each (about 85 ms on one Lambda core, argon2-hasher.ts): 64 of
 * them take about 5.5 s of the function's 10 s. Hashes in `passwordHash` cost nothing and are not limited.
 */
export const MAX_IMPORT_CLEAR_PASSWORDS = 64;
/** Transactions in flight at once: a thousand records in well under a second, without a burst of throttling. */
const IMPORT_CONCURRENCY = 16;

export type ImportBatchInvalid = Failure<'InvalidParameter.Records'>;

/**
 * Imports up to 1000 customers. Each record succeeds or fails on its own (a taken account name fails
 * that record only), so a partly failed batch can be fixed and re-sent: records already imported then
 * fail with EntityAlreadyExists and nothing is duplicated. Only a malformed batch is refused as a whole.
 */
export const importCustomers = async (
  ports: CustomerPorts,
  principal: Principal,
  instanceId: InstanceId,
  records: readonly CustomerImportRecord[],
): Promise<Result<readonly CustomerImportOutcome[], InstanceAccessError | InstanceStateError | ImportBatchInvalid>> => {
  const instance = await openForWrite(ports, principal, instanceId, 'idaas:ImportUsers');
  if (!instance.ok) return instance;
  if (records.length === 0 || records.length > MAX_IMPORT_RECORDS) {
    return fail('InvalidParameter.Records', `An import holds 1-${MAX_IMPORT_RECORDS} records; this one has ${records.length}.`);
  }
  const clear = records.filter((r) => r.password !== undefined).length;
  if (clear > MAX_IMPORT_CLEAR_PASSWORDS) {
    return fail(
      'InvalidParameter.Records',
      `At most ${MAX_IMPORT_CLEAR_PASSWORDS} records of an import may carry a clear password (this one has ${clear}): send them in smaller batches, or send argon2id hashes in passwordHash.`,
    );
  }
  const now = ports.clock.now();
  return ok(
    await mapBounded(records, IMPORT_CONCURRENCY, async (record, index): Promise<CustomerImportOutcome> => {
      const imported = await importOne(ports, instanceId, record, now);
      return imported.ok ? { index, customerId: imported.value.id } : { index, error: imported.error };
    }),
  );
};

type TimestampInvalid = Failure<'InvalidParameter.Timestamp'>;

// ISO 8601 in UTC, as every timestamp here is written.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

const checkTimestamp = (name: string, value: string | undefined, now: Date): Result<string | undefined, TimestampInvalid> => {
  if (value === undefined) return ok(undefined);
  const at = Date.parse(value);
  if (!ISO_UTC.test(value) || Number.isNaN(at)) return fail('InvalidParameter.Timestamp', `${name} must be an ISO 8601 UTC time such as 2024-05-01T08:00:00Z.`);
  if (at > now.getTime()) return fail('InvalidParameter.Timestamp', `${name} is in the future.`);
  return ok(new Date(at).toISOString());
};

const importOne = async (
  ports: CustomerPorts,
  instanceId: InstanceId,
  record: CustomerImportRecord,
  now: Date,
): Promise<Result<Customer, CustomerInputError | CustomerPasswordRejected | PasswordHashInvalid | TimestampInvalid | CustomerUniqueness>> => {
  // Another system's accounts need not have a phone number; when they do, it must be valid and free.
  const profile = checkCustomerInput(record, { phoneRequired: false });
  if (!profile.ok) return profile;
  if (record.password !== undefined && record.passwordHash !== undefined) {
    return fail('InvalidParameter.PasswordHash', 'Give either password or passwordHash, not both.');
  }
  const given = record.passwordHash !== undefined ? checkImportedHash(record.passwordHash) : ok(undefined);
  if (!given.ok) return given;
  if (record.password !== undefined) {
    const strong = checkCustomerPassword(record.password, profile.value.username);
    if (!strong.ok) return strong;
  }
  const hasPassword = record.password !== undefined || record.passwordHash !== undefined;
  if (!hasPassword && record.passwordChangedAt !== undefined) {
    return fail('InvalidParameter.Timestamp', 'passwordChangedAt needs a password or passwordHash.');
  }
  const changedAt = checkTimestamp('passwordChangedAt', record.passwordChangedAt, now);
  if (!changedAt.ok) return changedAt;
  const createdAt = checkTimestamp('createdAt', record.createdAt, now);
  if (!createdAt.ok) return createdAt;
  const lastLogonAt = checkTimestamp('lastLogonAt', record.lastLogonAt, now);
  if (!lastLogonAt.ok) return lastLogonAt;
  const customer = newCustomer(instanceId, ports.ids.customerId(), profile.value, {
    source: 'Import',
    now,
    status: record.status,
    // An imported password is the customer's own, not one an administrator chose: no change is forced.
    password: hasPassword ? { changedAt: changedAt.value ?? now.toISOString(), mustChange: record.mustChangePassword ?? false } : undefined,
    createdAt: createdAt.value,
    lastLogonAt: lastLogonAt.value,
  });
  const hash = given.value ?? (record.password !== undefined ? await ports.hasher.hash(record.password) : undefined);
  const saved = await ports.customers.create(customer, hash === undefined ? undefined : credentialWith(customer, hash, undefined));
  return saved.ok ? ok(customer) : saved;
};

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the items' order. */
const mapBounded = async <T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

export type RegistrationInput = {
  /** Verified by the caller first (a one-time code sent to it). */
  readonly phone: string;
  /** Defaults to the phone number's digits (E.164 without "+", which the account-name alphabet lacks). */
  readonly username?: string | undefined;
  /** Optional: a customer may log on with SMS codes only. */
  readonly password?: string | undefined;
  readonly email?: string | undefined;
  readonly displayName?: string | undefined;
};

/**
 * Self-registration on the hosted pages (no administrator: the instance is named by the page's host).
 * The phone number is required and must already be verified by the caller; the customer starts
 * Enabled with source SelfRegistration.
 */
export const registerCustomer = async (
  ports: Pick<CustomerPorts, 'instances' | 'customers' | 'hasher' | 'clock' | 'ids'>,
  instanceId: InstanceId,
  input: RegistrationInput,
  options: { readonly defaultCountry?: string | undefined } = {},
): Promise<Result<Customer, InstanceMissing | InstanceStateError | CustomerInputError | CustomerPasswordRejected | CustomerUniqueness>> => {
  const instance = await ports.instances.get(instanceId);
  if (!instance) return fail('EntityNotExists.Instance', `Instance ${instanceId} does not exist.`);
  const inService = usable(instance);
  if (!inService.ok) return inService;
  const defaultCountry = options.defaultCountry ?? DEFAULT_PHONE_COUNTRY;
  const phone = normalisePhoneNumber(input.phone, defaultCountry);
  if (!phone.ok) return phone;
  const profile = checkCustomerInput({ ...input, phone: phone.value, username: input.username ?? phone.value.slice(1) }, { phoneRequired: true, defaultCountry });
  if (!profile.ok) return profile;
  if (input.password !== undefined) {
    const strong = checkCustomerPassword(input.password, profile.value.username);
    if (!strong.ok) return strong;
  }
  const now = ports.clock.now();
  const customer = newCustomer(instanceId, ports.ids.customerId(), profile.value, {
    source: 'SelfRegistration',
    now,
    password: input.password === undefined ? undefined : { changedAt: now.toISOString(), mustChange: false },
  });
  const hash = input.password === undefined ? undefined : await ports.hasher.hash(input.password);
  const saved = await ports.customers.create(customer, hash === undefined ? undefined : credentialWith(customer, hash, undefined));
  return saved.ok ? ok(customer) : saved;
};

/**
 * The customer a logon identifier names: an e-mail address, a phone number (read as the logon page
 * reads it, national numbers in `defaultCountry`) or an account name. An identifier shaped like an
 * e-mail or a phone number is looked up as that first, then as an account name: the account-name
 * alphabet includes "@" and digits, and a name chosen to look like someone's e-mail or number must not
 * capture the logons of the customer who owns that e-mail or number.
 */
export const findByLogonIdentifier = async (
  ports: Pick<CustomerPorts, 'customers'>,
  instanceId: InstanceId,
  identifier: string,
  defaultCountry: string = DEFAULT_PHONE_COUNTRY,
): Promise<Customer | undefined> => {
  const text = identifier.normalize('NFKC').trim();
  const email = text.includes('@') ? checkEmail(text) : undefined;
  if (email?.ok) {
    const byEmail = await ports.customers.findByEmail(instanceId, email.value);
    if (byEmail) return byEmail;
  } else if (!text.includes('@')) {
    const phone = normalisePhoneNumber(text, defaultCountry);
    if (phone.ok) {
      const byPhone = await ports.customers.findByPhone(instanceId, phone.value);
      if (byPhone) return byPhone;
    }
  }
  const username = checkUsername(text);
  return username.ok ? ports.customers.findByUsername(instanceId, username.value) : undefined;
};
