import type { CustomerId, InstanceId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import type { Failure, Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import type { Customer, CustomerStatus } from './customer';
import type { CustomerCredential } from './customer-credential';
import type { E164 } from './phone-number';

/** Another customer of the same instance already holds the account name, phone number or e-mail. */
export type CustomerUniqueness = Failure<'EntityAlreadyExists.Username' | 'EntityAlreadyExists.PhoneNumber' | 'EntityAlreadyExists.Email'>;

export type CustomerFilter = {
  readonly status?: CustomerStatus | undefined;
  /** Matched case-insensitively against the account name. */
  readonly usernamePrefix?: string | undefined;
};

/**
 * An instance's customers and their password credentials. Every method names the instance: a
 * customer id, account name, phone number or e-mail of one instance finds nothing in another.
 *
 * Error contract: the Result failures below are the only expected outcomes; any other failure
 * (throttling, network) is thrown. Account names and e-mails are compared case-insensitively.
 */
export interface CustomerRepository {
  get(instanceId: InstanceId, id: CustomerId): Promise<Customer | undefined>;
  /** Key lookups through the uniqueness guards: two reads each, whatever the instance's size. */
  findByUsername(instanceId: InstanceId, username: string): Promise<Customer | undefined>;
  findByPhone(instanceId: InstanceId, phone: E164): Promise<Customer | undefined>;
  findByEmail(instanceId: InstanceId, email: string): Promise<Customer | undefined>;
  /**
   * By account name (lower-cased), optionally filtered. A page may hold fewer than `limit` customers
   * (one deleted while the page was read); continue while there is a `nextToken`. The listing may lag
   * a just-made change by a moment (it reads an index).
   */
  list(instanceId: InstanceId, filter: CustomerFilter, page: PageRequest): Promise<Result<Page<Customer>, InvalidNextToken>>;
  /** The customer, its guards and (when given) its credential in one transaction. */
  create(customer: Customer, credential: CustomerCredential | undefined): Promise<Result<void, CustomerUniqueness>>;
  /**
   * Writes `customer` if the stored version is still `previous.version`, moving the guards whose values
   * changed (new ones taken, old ones freed) and, when given, replacing the credential, all in one
   * transaction. The credential is written unconditionally: the customer's version already orders the
   * administrators' writes, and its version number makes a concurrent `putCredential` fail.
   */
  update(customer: Customer, previous: Customer, credential?: CustomerCredential): Promise<Result<void, ConcurrentModification | CustomerUniqueness>>;
  /** The customer (if still at its version), its guards and its credential, in one transaction. */
  delete(customer: Customer): Promise<Result<void, ConcurrentModification>>;
  getCredential(instanceId: InstanceId, id: CustomerId): Promise<CustomerCredential | undefined>;
  /** Many at once (an export page); customers without a password have none. Order not kept. */
  getCredentials(instanceId: InstanceId, ids: readonly CustomerId[]): Promise<readonly CustomerCredential[]>;
  /**
   * Writes a credential on its own (a rehash after logon). `expectedVersion` undefined creates it;
   * otherwise the stored version must still be `expectedVersion`. The customer must exist.
   */
  putCredential(credential: CustomerCredential, expectedVersion: number | undefined): Promise<Result<void, ConcurrentModification>>;
  /**
   * Notes a logon's time as the customer's `lastLogonAt`, without a version change (a logon is no edit
   * and must not make an administrator's concurrent edit fail). Never moves it back; a customer deleted
   * meanwhile is ignored. Optional: a store that cannot do it cheaply leaves it out.
   */
  recordLogon?(instanceId: InstanceId, id: CustomerId, at: string): Promise<void>;
}
