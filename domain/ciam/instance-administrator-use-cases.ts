import type { Principal } from '../iam/principal';
import type { AdministratorId, InstanceId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { CiamPorts } from './ciam-ports';
import type { InstanceStateError } from './instance';
import { newInstanceAdministrator, type InstanceAdministrator, type InstanceAdministratorInputError, type InstanceRole } from './instance-administrator';
import { openInstance, openInstanceForChange, type InstanceAccessError } from './instance-access';
import type { InstanceAdministratorExists } from './ports';

export type AdministratorMissing = Failure<'EntityNotExists.Administrator'>;
export type InstanceAdministratorMissing = Failure<'EntityNotExists.InstanceAdministrator'>;

/** Gives a RAM user of the instance's own account a role on the instance. */
export const addInstanceAdministrator = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  input: { readonly administratorId: string; readonly accountName?: string | undefined; readonly externalId?: string | undefined; readonly role: InstanceRole },
): Promise<Result<InstanceAdministrator, InstanceAccessError | InstanceStateError | AdministratorMissing | InstanceAdministratorInputError | InstanceAdministratorExists>> => {
  const opened = await openInstanceForChange(ports, principal, instanceId, 'idaas:AddInstanceAdministrator');
  if (!opened.ok) return opened;
  const administrator = await ports.administrators.get(opened.value.accountId, input.administratorId as AdministratorId);
  if (!administrator) return fail('EntityNotExists.Administrator', `Administrator ${input.administratorId} does not exist in this account.`);
  const admin = newInstanceAdministrator(
    instanceId,
    { administratorId: administrator.id, administratorName: administrator.name, accountName: input.accountName, externalId: input.externalId, role: input.role },
    ports.clock.now(),
  );
  if (!admin.ok) return admin;
  const added = await ports.instanceAdministrators.add(admin.value);
  return added.ok ? ok(admin.value) : added;
};

export const listInstanceAdministrators = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
): Promise<Result<readonly InstanceAdministrator[], InstanceAccessError>> => {
  const opened = await openInstance(ports, principal, instanceId, 'idaas:ListInstanceAdministrators');
  if (!opened.ok) return opened;
  return ok(await ports.instanceAdministrators.list(instanceId));
};

export const removeInstanceAdministrator = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  administratorId: string,
): Promise<Result<void, InstanceAccessError | InstanceAdministratorMissing>> => {
  const opened = await openInstance(ports, principal, instanceId, 'idaas:RemoveInstanceAdministrator');
  if (!opened.ok) return opened;
  const existing = await ports.instanceAdministrators.get(instanceId, administratorId as AdministratorId);
  if (!existing) return fail('EntityNotExists.InstanceAdministrator', `Administrator ${administratorId} holds no role on instance ${instanceId}.`);
  await ports.instanceAdministrators.remove(instanceId, existing.administratorId);
  return ok(undefined);
};
