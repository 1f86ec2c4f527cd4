import type { Action } from '../iam/policies';
import { authorize, type Forbidden, type Principal } from '../iam/principal';
import type { InstanceId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import { usable, type Instance, type InstanceStateError } from './instance';
import { roleAllows } from './instance-administrator';
import type { InstanceAdministratorRepository, InstanceRepository } from './ports';

export type InstanceMissing = Failure<'EntityNotExists.Instance'>;
export type InstanceAccessError = Forbidden | InstanceMissing;

const missing = (id: InstanceId): InstanceMissing => ({ code: 'EntityNotExists.Instance', message: `Instance ${id} does not exist.` });

/**
 * The first step of every instance-scoped operation. The account owner may do anything on its
 * instances; an administrator either holds an IDaaS policy (which reaches every instance of the
 * account) or a role on this very instance. To anyone else, including administrators of another
 * instance, the instance does not exist: its id reveals nothing.
 */
export const openInstance = async (
  ports: { readonly instances: InstanceRepository; readonly instanceAdministrators: InstanceAdministratorRepository },
  principal: Principal,
  instanceId: InstanceId,
  action: Action,
): Promise<Result<Instance, InstanceAccessError>> => {
  const instance = await ports.instances.get(instanceId);
  if (!instance || instance.accountId !== principal.accountId) return fail(missing(instanceId).code, missing(instanceId).message);
  if (principal.kind === 'account') return ok(instance);
  const byPolicy = authorize(principal, action);
  if (byPolicy.ok) return ok(instance);
  const role = await ports.instanceAdministrators.get(instanceId, principal.administratorId);
  if (role && roleAllows(role.role, action)) return ok(instance);
  // Holding a role or a read policy, the caller knows the instance exists: say what is missing.
  if (role || authorize(principal, 'idaas:GetInstance').ok) return byPolicy;
  return fail(missing(instanceId).code, missing(instanceId).message);
};

/** As openInstance, for a change: the instance must also be in service (Running, not released). */
export const openInstanceForChange = async (
  ports: Parameters<typeof openInstance>[0],
  principal: Principal,
  instanceId: InstanceId,
  action: Action,
): Promise<Result<Instance, InstanceAccessError | InstanceStateError>> => {
  const opened = await openInstance(ports, principal, instanceId, action);
  return opened.ok ? usable(opened.value) : opened;
};
