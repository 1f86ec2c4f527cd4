import type { Customer, CustomerSource, CustomerStatus } from '../../domain/ciam/customer';
import type { CustomerCredential } from '../../domain/ciam/customer-credential';
import type { CustomerFilter, CustomerRepository, CustomerUniqueness } from '../../domain/ciam/customer-ports';
import type { E164 } from '../../domain/ciam/phone-number';
import type { CustomerId, InstanceId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, invalidNextToken, type ConcurrentModification, type InvalidNextToken } from '../../domain/shared/store-outcomes';
import { deleteGuard, failedGuard, guardChanges, putGuard, type Guard as GuardOf } from './guards';
import {
  customerCredentialKey,
  customerEmailGuardKey,
  customerKey,
  customerNameGuardKey,
  customerPhoneGuardKey,
  customersOfInstance,
  GSI1,
  type Key,
} from './keys';
import type { Item, Table, TransactItem } from './table';
import { versionedUpdate } from './versioned-update';

/** Every attribute, optional ones as undefined: `versionedUpdate` removes what an update cleared. */
const fields = (c: Customer) => ({
  kind: 'Customer',
  instanceId: c.instanceId,
  id: c.id,
  username: c.username,
  displayName: c.displayName,
  phone: c.phone,
  email: c.email,
  status: c.status,
  source: c.source,
  passwordChangedAt: c.passwordChangedAt,
  mustChangePassword: c.mustChangePassword,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  lastLogonAt: c.lastLogonAt,
  v: c.version,
});

/** What an update writes: all but `lastLogonAt`, which only `recordLogon` moves (an edit's copy may be older). */
const editableFields = (c: Customer) => {
  const { lastLogonAt: _kept, ...rest } = fields(c);
  return rest;
};

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const customerFromItem = (i: Item): Customer => {
  const optional = (name: string) => (typeof i[name] === 'string' ? { [name]: i[name] as string } : {});
  return {
    instanceId: i.instanceId as InstanceId,
    id: i.id as CustomerId,
    username: i.username as string,
    ...optional('displayName'),
    ...(typeof i.phone === 'string' ? { phone: i.phone as E164 } : {}),
    ...optional('email'),
    status: i.status as CustomerStatus,
    source: i.source as CustomerSource,
    ...optional('passwordChangedAt'),
    mustChangePassword: i.mustChangePassword === true,
    createdAt: i.createdAt as string,
    updatedAt: i.updatedAt as string,
    ...optional('lastLogonAt'),
    version: i.v as number,
  };
};

const credentialItem = (c: CustomerCredential): Item => ({
  ...customerCredentialKey(c.instanceId, c.customerId),
  kind: 'CustomerPassword',
  instanceId: c.instanceId,
  customerId: c.customerId,
  hash: c.hash,
  v: c.version,
});

const credentialFromItem = (i: Item): CustomerCredential => ({
  instanceId: i.instanceId as InstanceId,
  customerId: i.customerId as CustomerId,
  hash: i.hash as string,
  version: i.v as number,
});

type Guard = GuardOf<CustomerUniqueness['code']> & { readonly name?: true };

/** The guards a customer holds: its account name (also its listing entry), phone and e-mail. */
const guardsOf = (c: Customer): Guard[] => [
  { key: customerNameGuardKey(c.instanceId, c.username), code: 'EntityAlreadyExists.Username', what: `account name ${c.username}`, name: true },
  ...(c.phone ? [{ key: customerPhoneGuardKey(c.instanceId, c.phone), code: 'EntityAlreadyExists.PhoneNumber' as const, what: `phone number ${c.phone}` }] : []),
  ...(c.email ? [{ key: customerEmailGuardKey(c.instanceId, c.email), code: 'EntityAlreadyExists.Email' as const, what: `e-mail ${c.email}` }] : []),
];

/**
 * The name guard doubles as the instance's listing entry (gsi1, by lower-cased name) and carries the
 * status for the listing's filter; the customer item stays out of the index, so logons never write it.
 */
const putCustomerGuard = (g: Guard, c: Customer): TransactItem =>
  putGuard(g, 'CustomerGuard', {
    customerId: c.id,
    ...(g.name ? { gsi1pk: customersOfInstance(c.instanceId), gsi1sk: c.username.toLowerCase(), status: c.status } : {}),
  });

const taken = (g: Guard): CustomerUniqueness => ({ code: g.code, message: `Another account of this instance already has the ${g.what}.` });

/** Customers, guards and credentials: one partition each (keys.ts explains why). */
export class DynamoCustomerRepository implements CustomerRepository {
  constructor(private readonly table: Table) {}

  async get(instanceId: InstanceId, id: CustomerId): Promise<Customer | undefined> {
    const item = await this.table.get(customerKey(instanceId, id));
    return item ? customerFromItem(item) : undefined;
  }

  private async viaGuard(instanceId: InstanceId, key: Key): Promise<Customer | undefined> {
    const guard = await this.table.get(key);
    return guard ? this.get(instanceId, guard.customerId as CustomerId) : undefined;
  }

  findByUsername(instanceId: InstanceId, username: string) {
    return this.viaGuard(instanceId, customerNameGuardKey(instanceId, username));
  }

  findByPhone(instanceId: InstanceId, phone: E164) {
    return this.viaGuard(instanceId, customerPhoneGuardKey(instanceId, phone));
  }

  findByEmail(instanceId: InstanceId, email: string) {
    return this.viaGuard(instanceId, customerEmailGuardKey(instanceId, email));
  }

  async list(instanceId: InstanceId, filter: CustomerFilter, request: PageRequest): Promise<Result<Page<Customer>, InvalidNextToken>> {
    const pk = customersOfInstance(instanceId);
    const prefix = filter.usernamePrefix ? filter.usernamePrefix.toLowerCase() : undefined;
    const out = await this.table.page(
      {
        IndexName: GSI1,
        KeyConditionExpression: prefix === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ...(filter.status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: { ':pk': pk, ...(prefix === undefined ? {} : { ':prefix': prefix }), ...(filter.status ? { ':status': filter.status } : {}) },
        partition: { attribute: 'gsi1pk', value: pk },
      },
      request,
    );
    if (!out.ok) return err(invalidNextToken());
    const found = new Map(
      (await this.table.getMany(out.page.items.map((g) => customerKey(instanceId, g.customerId as CustomerId)))).map((i) => [i.id as string, customerFromItem(i)]),
    );
    // The index lags the table a moment: a customer deleted (or whose status changed) since is left out.
    const items = out.page.items
      .map((g) => found.get(g.customerId as string))
      .filter((c): c is Customer => c !== undefined && (!filter.status || c.status === filter.status));
    return ok({ ...out.page, items });
  }

  async create(customer: Customer, credential: CustomerCredential | undefined): Promise<Result<void, CustomerUniqueness>> {
    const guards = guardsOf(customer);
    const out = await this.table.transact([
      { Put: { Item: { ...customerKey(customer.instanceId, customer.id), ...defined(fields(customer)) }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ...guards.map((g) => putCustomerGuard(g, customer)),
      ...(credential ? [{ Put: { Item: credentialItem(credential), ConditionExpression: 'attribute_not_exists(pk)' } }] : []),
    ]);
    if (out.ok) return ok(undefined);
    const guard = failedGuard(out.failed, guards, 1);
    // Ids are 130 random bits: a colliding customer or credential is a broken generator, not an outcome.
    if (!guard) throw new Error(`customer ${customer.id} of instance ${customer.instanceId} already exists`);
    return err(taken(guard));
  }

  async update(customer: Customer, previous: Customer, credential?: CustomerCredential): Promise<Result<void, ConcurrentModification | CustomerUniqueness>> {
    const { added, dropped } = guardChanges(guardsOf(previous), guardsOf(customer));
    const nameKept = !added.some((g) => g.name);
    const out = await this.table.transact([
      { Update: versionedUpdate(customerKey(customer.instanceId, customer.id), editableFields(customer), previous.version) },
      ...added.map((g) => putCustomerGuard(g, customer)),
      ...dropped.map(deleteGuard),
      ...(nameKept && customer.status !== previous.status
        ? [
            {
              Update: {
                Key: customerNameGuardKey(customer.instanceId, customer.username),
                UpdateExpression: 'SET #status = :status',
                ConditionExpression: 'customerId = :id',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':status': customer.status, ':id': customer.id },
              },
            },
          ]
        : []),
      ...(credential ? [{ Put: { Item: credentialItem(credential) } }] : []),
    ]);
    if (out.ok) return ok(undefined);
    const guard = failedGuard(out.failed, added, 1);
    return guard ? err(taken(guard)) : err(concurrentModification(`Account ${customer.id}`));
  }

  async delete(customer: Customer): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.transact([
      {
        Delete: {
          Key: customerKey(customer.instanceId, customer.id),
          ConditionExpression: 'v = :v',
          ExpressionAttributeValues: { ':v': customer.version },
        },
      },
      ...guardsOf(customer).map(deleteGuard),
      { Delete: { Key: customerCredentialKey(customer.instanceId, customer.id) } },
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`Account ${customer.id}`));
  }

  async getCredential(instanceId: InstanceId, id: CustomerId): Promise<CustomerCredential | undefined> {
    const item = await this.table.get(customerCredentialKey(instanceId, id));
    return item ? credentialFromItem(item) : undefined;
  }

  async getCredentials(instanceId: InstanceId, ids: readonly CustomerId[]): Promise<readonly CustomerCredential[]> {
    return (await this.table.getMany(ids.map((id) => customerCredentialKey(instanceId, id)))).map(credentialFromItem);
  }

  async recordLogon(instanceId: InstanceId, id: CustomerId, at: string): Promise<void> {
    // A lost condition (customer gone, or a later logon already recorded) is nothing to report.
    await this.table.update({
      Key: customerKey(instanceId, id),
      UpdateExpression: 'SET lastLogonAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastLogonAt) OR lastLogonAt < :at)',
      ExpressionAttributeValues: { ':at': at },
    });
  }

  async putCredential(credential: CustomerCredential, expectedVersion: number | undefined): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.transact([
      // A credential without its customer would outlive a concurrent delete.
      { ConditionCheck: { Key: customerKey(credential.instanceId, credential.customerId), ConditionExpression: 'attribute_exists(pk)' } },
      {
        Put: {
          Item: credentialItem(credential),
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'v = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
        },
      },
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`The password of account ${credential.customerId}`));
  }
}
