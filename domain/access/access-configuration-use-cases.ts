import { openDirectory, type Actor, type DirectoryAccessError } from '../directory/actor';
import type { Changes } from '../shared/changes';
import type { AccessConfigurationId, DirectoryId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { ConcurrentModification, InvalidNextToken } from '../shared/store-outcomes';
import { newTask } from '../tasks/task';
import {
  changeAccessConfiguration,
  newAccessConfiguration,
  withPolicies,
  type AccessConfiguration,
  type AccessConfigurationFields,
  type AccessConfigurationInputError,
  type EditableFields,
} from './access-configuration';
import type { AccessPorts, ConfigurationNameTaken, ConfigurationQuotaExceeded } from './access-ports';
import { defaultAccessSettings } from './access-settings';
import { addSystemPolicy, removePolicy, setInlinePolicy, type PermissionPolicies, type PolicyError } from './permission-policies';

export type ConfigurationMissing = Failure<'EntityNotExists.AccessConfiguration'>;
export type ConfigurationInUse = Failure<'DeletionConflict.AccessConfiguration.AccessAssignment' | 'DeletionConflict.AccessConfiguration.Provisioning'>;

const missing = (id: string) => fail('EntityNotExists.AccessConfiguration', `Access configuration ${id} does not exist.`);

const openConfiguration = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: AccessConfigurationId,
  action: Parameters<typeof openDirectory>[3],
): Promise<Result<AccessConfiguration, DirectoryAccessError | ConfigurationMissing>> => {
  const directory = await openDirectory(ports, actor, directoryId, action);
  if (!directory.ok) return directory;
  const configuration = await ports.accessConfigurations.get(directoryId, id);
  return configuration ? ok(configuration) : missing(id);
};

export const createAccessConfiguration = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  fields: AccessConfigurationFields,
): Promise<Result<AccessConfiguration, DirectoryAccessError | AccessConfigurationInputError | ConfigurationNameTaken | ConfigurationQuotaExceeded>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:CreateAccessConfiguration');
  if (!directory.ok) return directory;
  const configuration = newAccessConfiguration(directoryId, ports.ids.accessConfigurationId(), fields, ports.clock.now());
  if (!configuration.ok) return configuration;
  const saved = await ports.accessConfigurations.create(configuration.value);
  return saved.ok ? ok(configuration.value) : saved;
};

export const getAccessConfiguration = (ports: AccessPorts, actor: Actor, directoryId: DirectoryId, id: AccessConfigurationId) =>
  openConfiguration(ports, actor, directoryId, id, 'cloudsso:GetAccessConfiguration');

export const listAccessConfigurations = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  page: PageRequest,
): Promise<Result<Page<AccessConfiguration>, DirectoryAccessError | InvalidNextToken>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:ListAccessConfigurations');
  if (!directory.ok) return directory;
  return ports.accessConfigurations.list(directoryId, page);
};

/**
 * Saves a changed configuration. Provisioned accounts then read `ReprovisionRequired` (derived from
 * the revision); with the directory's auto re-provisioning on, a task re-provisions them in the same
 * transaction.
 */
const saveRevision = async (
  ports: AccessPorts,
  previous: AccessConfiguration,
  next: AccessConfiguration,
): Promise<Result<AccessConfiguration, ConcurrentModification>> => {
  const settings = (await ports.accessSettings.get(previous.directoryId)) ?? defaultAccessSettings(previous.directoryId);
  const task = settings.autoReprovision
    ? newTask(
        { kind: 'directory', id: previous.directoryId },
        ports.ids.taskId(),
        { type: 'ReprovisionAccessConfiguration', directoryId: previous.directoryId, accessConfigurationId: next.id, accessConfigurationName: next.name },
        ports.clock.now(),
      )
    : undefined;
  const saved = await ports.accessConfigurations.update(next, previous.version, task);
  if (!saved.ok) return saved;
  if (task) await ports.taskQueue.enqueue([{ scope: task.scope, taskId: task.id }]);
  return ok(next);
};

export const updateAccessConfiguration = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: AccessConfigurationId,
  changes: Changes<EditableFields>,
): Promise<Result<AccessConfiguration, DirectoryAccessError | ConfigurationMissing | AccessConfigurationInputError | ConcurrentModification>> => {
  const opened = await openConfiguration(ports, actor, directoryId, id, 'cloudsso:UpdateAccessConfiguration');
  if (!opened.ok) return opened;
  const next = changeAccessConfiguration(opened.value, changes, ports.clock.now());
  if (!next.ok) return next;
  return saveRevision(ports, opened.value, next.value);
};

export type PolicyChange =
  | { readonly op: 'add'; readonly type: 'System'; readonly name: string }
  | { readonly op: 'add'; readonly type: 'Inline'; readonly name: string; readonly document: string }
  | { readonly op: 'remove'; readonly type: 'System' | 'Inline'; readonly name: string };

const applyPolicyChange = (policies: PermissionPolicies, change: PolicyChange): Result<PermissionPolicies, PolicyError> => {
  if (change.op === 'remove') return removePolicy(policies, change.type, change.name);
  return change.type === 'System' ? addSystemPolicy(policies, change.name) : setInlinePolicy(policies, change.name, change.document);
};

/** AddPermissionPolicyToAccessConfiguration / RemovePermissionPolicyFromAccessConfiguration. */
export const changePermissionPolicies = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: AccessConfigurationId,
  change: PolicyChange,
): Promise<Result<AccessConfiguration, DirectoryAccessError | ConfigurationMissing | PolicyError | ConcurrentModification>> => {
  const action = change.op === 'add' ? 'cloudsso:AddPermissionPolicyToAccessConfiguration' : 'cloudsso:RemovePermissionPolicyFromAccessConfiguration';
  const opened = await openConfiguration(ports, actor, directoryId, id, action);
  if (!opened.ok) return opened;
  const policies = applyPolicyChange(opened.value.policies, change);
  if (!policies.ok) return policies;
  return saveRevision(ports, opened.value, withPolicies(opened.value, policies.value, ports.clock.now()));
};

/** Refused while the configuration is assigned anywhere or still provisioned in any account. */
export const deleteAccessConfiguration = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  id: AccessConfigurationId,
): Promise<Result<void, DirectoryAccessError | ConfigurationMissing | ConfigurationInUse | ConcurrentModification>> => {
  const opened = await openConfiguration(ports, actor, directoryId, id, 'cloudsso:DeleteAccessConfiguration');
  if (!opened.ok) return opened;
  if (await ports.accessAssignments.anyOfConfiguration(directoryId, id)) {
    return fail('DeletionConflict.AccessConfiguration.AccessAssignment', 'The access configuration is still assigned; delete its access assignments first.');
  }
  const provisioned = await ports.provisionings.accountsOf(directoryId, id);
  if (provisioned.length > 0) {
    return fail(
      'DeletionConflict.AccessConfiguration.Provisioning',
      `The access configuration is still provisioned in ${provisioned.length} accounts; deprovision it first.`,
    );
  }
  return ports.accessConfigurations.delete(opened.value);
};
