import type { AccountId, AdministratorId, InstanceId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import type { Failure, Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import type { Task } from '../tasks/task';
import type { Instance, Order } from './instance';
import type { InstanceAdministrator } from './instance-administrator';

/** Instances and their orders. Every read names the owning account or the instance itself. */
export interface InstanceRepository {
  get(id: InstanceId): Promise<Instance | undefined>;
  /** The account's instances, newest first. */
  listByAccount(accountId: AccountId, page: PageRequest): Promise<Result<Page<Instance>, InvalidNextToken>>;
  /**
   * Instance, order, the `instance.purchased` task and billing's record of the instance in one
   * transaction: a crash leaves all or none, and no instance runs unbilled.
   */
  create(instance: Instance, order: Order, purchased: Task): Promise<void>;
  /** Writes the instance if its stored version is still `expectedVersion`. */
  update(instance: Instance, expectedVersion: number): Promise<Result<void, ConcurrentModification>>;
  /** The release: the instance, its release order and billing's release time in one transaction, checked against the version. */
  release(instance: Instance, expectedVersion: number, order: Order): Promise<Result<void, ConcurrentModification>>;
  listOrders(instanceId: InstanceId): Promise<readonly Order[]>;
}

export type InstanceAdministratorExists = Failure<'EntityAlreadyExists.InstanceAdministrator'>;

/** Who administers an instance: listed per instance, and per administrator (which instances they see). */
export interface InstanceAdministratorRepository {
  get(instanceId: InstanceId, administratorId: AdministratorId): Promise<InstanceAdministrator | undefined>;
  list(instanceId: InstanceId): Promise<readonly InstanceAdministrator[]>;
  /** The instances an administrator holds a role on. */
  instancesOf(administratorId: AdministratorId): Promise<readonly InstanceId[]>;
  add(admin: InstanceAdministrator): Promise<Result<void, InstanceAdministratorExists>>;
  /** Idempotent. */
  remove(instanceId: InstanceId, administratorId: AdministratorId): Promise<void>;
}
