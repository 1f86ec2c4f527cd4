import { openDirectory, type Actor, type DirectoryAccessError } from '../directory/actor';
import type { AccessConfigurationId, AccountId, DirectoryId, TaskId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { InvalidNextToken } from '../shared/store-outcomes';
import type { TaskFilter } from '../tasks/ports';
import { newTask, taskRef, type Task } from '../tasks/task';
import { assignedOnAccount } from './entitlements';
import type { AccessPorts } from './access-ports';
import type { ConfigurationMissing } from './access-configuration-use-cases';
import type { TargetMissing } from './access-assignment-use-cases';
import { statusOf, type Provisioning, type ProvisioningStatus } from './provisioning';
import { accountInDirectory } from './resource-tree';

export type NotAssigned = Failure<'OperationNotSupported.NotAssigned'>;
export type StillAssigned = Failure<'DeletionConflict.AccessConfiguration.AccessAssignment'>;
export type TaskMissing = Failure<'EntityNotExists.Task'>;

/**
 * ProvisionAccessConfiguration / DeprovisionAccessConfiguration: an explicit request to bring one
 * account up to date (after `ReprovisionRequired`) or to take the role out once nothing is assigned.
 */
export const requestProvisioning = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  request: { readonly accessConfigurationId: AccessConfigurationId; readonly accountId: AccountId; readonly deprovision: boolean },
): Promise<Result<Task, DirectoryAccessError | ConfigurationMissing | TargetMissing | NotAssigned | StillAssigned>> => {
  const action = request.deprovision ? 'cloudsso:DeprovisionAccessConfiguration' : 'cloudsso:ProvisionAccessConfiguration';
  const directory = await openDirectory(ports, actor, directoryId, action);
  if (!directory.ok) return directory;
  const [configuration, account] = await Promise.all([
    ports.accessConfigurations.get(directoryId, request.accessConfigurationId),
    accountInDirectory(ports, directory.value.resourceDirectoryId, request.accountId),
  ]);
  if (!configuration) return fail('EntityNotExists.AccessConfiguration', `Access configuration ${request.accessConfigurationId} does not exist.`);
  if (!account) return fail('EntityNotExists.Account', `Account ${request.accountId} is not an active account of this resource directory.`);
  const assigned = await assignedOnAccount(ports, directoryId, configuration.id, account);
  if (request.deprovision && assigned) {
    return fail('DeletionConflict.AccessConfiguration.AccessAssignment', 'The access configuration is still assigned on this account; delete the assignments first.');
  }
  if (!request.deprovision && !assigned) {
    return fail('OperationNotSupported.NotAssigned', 'Nothing assigns this access configuration on this account; create an access assignment instead.');
  }
  const task = newTask(
    { kind: 'directory', id: directoryId },
    ports.ids.taskId(),
    {
      type: request.deprovision ? 'DeprovisionAccessConfiguration' : 'ProvisionAccessConfiguration',
      directoryId,
      accessConfigurationId: configuration.id,
      accessConfigurationName: configuration.name,
      target: { type: 'RD-Account', id: account.id },
      targetName: account.displayName,
    },
    ports.clock.now(),
  );
  await ports.tasks.create(task);
  await ports.taskQueue.enqueue([taskRef(task)]);
  return ok(task);
};

export type ProvisioningView = Provisioning & { readonly status: ProvisioningStatus; readonly accessConfigurationName: string | undefined };

/** ListAccessConfigurationProvisionings for one account, with each one's status. */
export const listProvisionings = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  accountId: AccountId,
  page: PageRequest,
): Promise<Result<Page<ProvisioningView>, DirectoryAccessError | InvalidNextToken>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:ListAccessConfigurationProvisionings');
  if (!directory.ok) return directory;
  const listed = await ports.provisionings.listByAccount(directoryId, accountId, page);
  if (!listed.ok) return listed;
  const configurations = new Map(
    (await ports.accessConfigurations.getMany(directoryId, listed.value.items.map((p) => p.accessConfigurationId))).map((c) => [c.id, c]),
  );
  return ok({
    ...listed.value,
    items: listed.value.items.map((p) => {
      const configuration = configurations.get(p.accessConfigurationId);
      return { ...p, status: statusOf(p, configuration), accessConfigurationName: configuration?.name };
    }),
  });
};

export const getAccessTask = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  taskId: TaskId,
): Promise<Result<Task, DirectoryAccessError | TaskMissing>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:GetTask');
  if (!directory.ok) return directory;
  const task = await ports.tasks.get({ kind: 'directory', id: directoryId }, taskId);
  return task ? ok(task) : fail('EntityNotExists.Task', `Task ${taskId} does not exist (tasks are kept 90 days).`);
};

export const listAccessTasks = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  filter: TaskFilter,
  page: PageRequest,
): Promise<Result<Page<Task>, DirectoryAccessError | InvalidNextToken>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:ListTasks');
  if (!directory.ok) return directory;
  return ports.tasks.list({ kind: 'directory', id: directoryId }, page, filter);
};
