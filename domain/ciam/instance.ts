import type { AccountId, InstanceId, OrderId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import { editionOffer, REGIONS, type Deployment, type Edition } from './catalogue';

/**
 * A CIAM instance: bought by a cloud account in a region at an edition. It is Initializing until the
 * `instance.purchased` work has run (its signing keys exist), then Running; Released is final and the
 * instance then answers no logons.
 */
export type InstanceStatus = 'Initializing' | 'Running' | 'Released';

export type Instance = {
  readonly id: InstanceId;
  readonly accountId: AccountId;
  readonly description: string;
  readonly region: string;
  readonly edition: Edition;
  readonly deployment: Deployment;
  readonly status: InstanceStatus;
  readonly orderId: OrderId;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly releasedAt?: string;
  readonly version: number;
};

/** The purchase record: what was bought at which price, kept as bought even if the catalogue changes. */
export type Order = {
  readonly id: OrderId;
  readonly accountId: AccountId;
  readonly instanceId: InstanceId;
  readonly type: 'Purchase' | 'Release';
  readonly region: string;
  readonly edition: Edition;
  readonly hourlyFee: string;
  readonly currency: 'USD';
  readonly createdAt: string;
};

export type PurchaseRequest = {
  readonly region: string;
  readonly edition: Edition;
  readonly deployment?: Deployment | undefined;
  readonly description?: string | undefined;
};

export type PurchaseError = Failure<'InvalidParameter.Region' | 'InvalidParameter.Description'>;
export type InstanceStateError = Failure<'OperationConflict.InstanceReleased' | 'OperationConflict.InstanceInitializing'>;

export const MAX_DESCRIPTION = 128;

export const purchase = (
  accountId: AccountId,
  request: PurchaseRequest,
  ids: { readonly instanceId: InstanceId; readonly orderId: OrderId },
  now: Date,
): Result<{ instance: Instance; order: Order }, PurchaseError> => {
  if (!REGIONS.includes(request.region)) {
    return fail('InvalidParameter.Region', `Region ${request.region} is not offered; choose one of ${REGIONS.join(', ')}.`);
  }
  const description = (request.description ?? '').trim();
  if (description.length > MAX_DESCRIPTION) return fail('InvalidParameter.Description', `The description is longer than ${MAX_DESCRIPTION} characters.`);
  const at = now.toISOString();
  const offer = editionOffer(request.edition);
  const instance: Instance = {
    id: ids.instanceId,
    accountId,
    description,
    region: request.region,
    edition: request.edition,
    deployment: request.deployment ?? 'Online',
    status: 'Initializing',
    orderId: ids.orderId,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const order: Order = {
    id: ids.orderId,
    accountId,
    instanceId: ids.instanceId,
    type: 'Purchase',
    region: request.region,
    edition: request.edition,
    hourlyFee: offer.hourlyFee,
    currency: 'USD',
    createdAt: at,
  };
  return ok({ instance, order });
};

/** Initializing → Running; already Running is a no-op (the work may run twice), Released stays. */
export const markRunning = (instance: Instance, now: Date): Instance | undefined =>
  instance.status === 'Initializing' ? { ...instance, status: 'Running', updatedAt: now.toISOString(), version: instance.version + 1 } : undefined;

export const release = (instance: Instance, now: Date): Result<Instance, InstanceStateError> => {
  if (instance.status === 'Released') return fail('OperationConflict.InstanceReleased', `Instance ${instance.id} is already released.`);
  const at = now.toISOString();
  return ok({ ...instance, status: 'Released', releasedAt: at, updatedAt: at, version: instance.version + 1 });
};

/** Changing an instance's configuration needs it in service: not while it initializes, never after release. */
export const usable = (instance: Instance): Result<Instance, InstanceStateError> =>
  instance.status === 'Released'
    ? fail('OperationConflict.InstanceReleased', `Instance ${instance.id} has been released.`)
    : instance.status === 'Initializing'
      ? fail('OperationConflict.InstanceInitializing', `Instance ${instance.id} is still initializing; try again in a few seconds.`)
      : ok(instance);
