import { authorize, type Forbidden, type Principal } from '../iam/principal';
import type { InstanceId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { ok, type Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import { newTask, taskRef } from '../tasks/task';
import type { CiamPorts } from './ciam-ports';
import { markRunning, purchase, release, type Instance, type InstanceStateError, type Order, type PurchaseError, type PurchaseRequest } from './instance';
import { openInstance, type InstanceAccessError } from './instance-access';

/**
 * Buys an instance: the order, the instance (Initializing) and the `instance.purchased` work are
 * written together; the work generates the instance's signing keys and makes it Running.
 */
export const purchaseInstance = async (
  ports: CiamPorts,
  principal: Principal,
  request: PurchaseRequest,
): Promise<Result<{ instance: Instance; order: Order }, Forbidden | PurchaseError>> => {
  const allowed = authorize(principal, 'idaas:CreateInstance');
  if (!allowed.ok) return allowed;
  const now = ports.clock.now();
  const bought = purchase(principal.accountId, request, { instanceId: ports.ids.instanceId(), orderId: ports.ids.orderId() }, now);
  if (!bought.ok) return bought;
  const { instance, order } = bought.value;
  const task = newTask({ kind: 'instance', id: instance.id }, ports.ids.taskId(), { type: 'InstancePurchased', instanceId: instance.id }, now);
  await ports.instances.create(instance, order, task);
  await ports.taskQueue.enqueue([taskRef(task)]);
  return ok({ instance, order });
};

/** The account's instances for its owner and IDaaS policy holders; only their own for instance administrators. */
export const listInstances = async (
  ports: CiamPorts,
  principal: Principal,
  page: PageRequest,
): Promise<Result<Page<Instance>, InvalidNextToken>> => {
  if (principal.kind === 'account' || authorize(principal, 'idaas:ListInstances').ok) {
    return ports.instances.listByAccount(principal.accountId, page);
  }
  // An instance administrator holds roles on a handful of instances: one page holds them all.
  const ids = await ports.instanceAdministrators.instancesOf(principal.administratorId);
  const found = await Promise.all(ids.map((id) => ports.instances.get(id)));
  const mine = found.filter((i): i is Instance => i !== undefined && i.accountId === principal.accountId);
  return ok({ items: mine.sort((a, b) => b.createdAt.localeCompare(a.createdAt)) });
};

export const getInstance = (ports: CiamPorts, principal: Principal, id: InstanceId) => openInstance(ports, principal, id, 'idaas:GetInstance');

export const listOrders = async (ports: CiamPorts, principal: Principal, id: InstanceId): Promise<Result<readonly Order[], InstanceAccessError>> => {
  const instance = await openInstance(ports, principal, id, 'idaas:ListOrders');
  if (!instance.ok) return instance;
  return ok(await ports.instances.listOrders(id));
};

/** Release is final: the instance stops answering logons; its data stays for billing. */
export const releaseInstance = async (
  ports: CiamPorts,
  principal: Principal,
  id: InstanceId,
): Promise<Result<Instance, InstanceAccessError | InstanceStateError | ConcurrentModification>> => {
  const opened = await openInstance(ports, principal, id, 'idaas:DeleteInstance');
  if (!opened.ok) return opened;
  const now = ports.clock.now();
  const released = release(opened.value, now);
  if (!released.ok) return released;
  const order: Order = {
    id: ports.ids.orderId(),
    accountId: opened.value.accountId,
    instanceId: id,
    type: 'Release',
    region: opened.value.region,
    edition: opened.value.edition,
    hourlyFee: '0',
    currency: 'USD',
    createdAt: now.toISOString(),
  };
  const saved = await ports.instances.release(released.value, opened.value.version, order);
  return saved.ok ? ok(released.value) : saved;
};

export type InstanceInitializationPorts = Pick<CiamPorts, 'instances' | 'clock'> & {
  /** Makes sure the instance has an active signing key (creates one the first time). */
  readonly ensureSigningKeys: (instanceId: InstanceId) => Promise<void>;
};

/**
 * The `instance.purchased` work: keys first, then Running. Idempotent, so a redelivered message or a
 * retry after a crash between the two steps does the right thing.
 */
export const initializeInstance = async (ports: InstanceInitializationPorts, work: { readonly instanceId: InstanceId }): Promise<Result<void, never>> => {
  for (let attempt = 0; attempt < 5; attempt++) {
    const instance = await ports.instances.get(work.instanceId);
    if (!instance) throw new Error(`instance ${work.instanceId} of an instance.purchased task does not exist`);
    if (instance.status !== 'Initializing') return ok(undefined);
    await ports.ensureSigningKeys(instance.id);
    const running = markRunning(instance, ports.clock.now());
    if (!running) return ok(undefined);
    if ((await ports.instances.update(running, instance.version)).ok) return ok(undefined);
  }
  throw new Error(`instance ${work.instanceId} kept changing while it was initialized`);
};
