import { openDirectory, type Actor, type DirectoryAccessError } from '../directory/actor';
import type { Directory } from '../directory/directory';
import type { AccessConfigurationId, DirectoryId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { InvalidNextToken } from '../shared/store-outcomes';
import { newTask, taskRef, type Task } from '../tasks/task';
import { newAssignment, samePrincipal, sameTarget, type AccessAssignment, type AccessPrincipal, type AccessTarget, type AssignmentInputError } from './access-assignment';
import type { AccessPorts, AssignmentExists, AssignmentMissing } from './access-ports';
import type { ConfigurationMissing } from './access-configuration-use-cases';
import { accountInDirectory, allPages } from './resource-tree';

export type PrincipalMissing = Failure<'EntityNotExists.User' | 'EntityNotExists.Group'>;
export type TargetMissing = Failure<'EntityNotExists.Account' | 'EntityNotExists.Folder'>;
export type ListFilterMissing = Failure<'MissingParameter.Filter'>;

export type AssignmentRequest = {
  readonly accessConfigurationId: AccessConfigurationId;
  readonly target: AccessTarget;
  readonly principal: AccessPrincipal;
};

type Named = { readonly configurationName: string; readonly targetName: string; readonly principalName: string };

/** Resolves the three parts of an assignment to their display names, refusing any that does not exist. */
const resolve = async (
  ports: AccessPorts,
  directory: Directory,
  request: AssignmentRequest,
): Promise<Result<Named, ConfigurationMissing | PrincipalMissing | TargetMissing>> => {
  const d = directory.id;
  const [configuration, principalName, targetName] = await Promise.all([
    ports.accessConfigurations.get(d, request.accessConfigurationId),
    request.principal.type === 'User'
      ? ports.users.get(d, request.principal.id).then((u) => u?.userName)
      : ports.groups.get(d, request.principal.id).then((g) => g?.name),
    request.target.type === 'RD-Account'
      ? accountInDirectory(ports, directory.resourceDirectoryId, request.target.id).then((a) => a?.displayName)
      : ports.resourceDirectories.getFolder(directory.resourceDirectoryId, request.target.id).then((f) => f?.name),
  ]);
  if (!configuration) return fail('EntityNotExists.AccessConfiguration', `Access configuration ${request.accessConfigurationId} does not exist.`);
  if (principalName === undefined) {
    return request.principal.type === 'User'
      ? fail('EntityNotExists.User', `User ${request.principal.id} does not exist.`)
      : fail('EntityNotExists.Group', `Group ${request.principal.id} does not exist.`);
  }
  if (targetName === undefined) {
    return request.target.type === 'RD-Account'
      ? fail('EntityNotExists.Account', `Account ${request.target.id} is not an active account of this resource directory.`)
      : fail('EntityNotExists.Folder', `Folder ${request.target.id} does not exist in this resource directory.`);
  }
  return ok({ configurationName: configuration.name, targetName, principalName });
};

const assignmentTask = (ports: AccessPorts, type: 'CreateAccessAssignment' | 'DeleteAccessAssignment', request: AssignmentRequest, directoryId: DirectoryId, names: Named): Task =>
  newTask(
    { kind: 'directory', id: directoryId },
    ports.ids.taskId(),
    {
      type,
      directoryId,
      accessConfigurationId: request.accessConfigurationId,
      accessConfigurationName: names.configurationName,
      target: request.target,
      targetName: names.targetName,
      principal: request.principal,
      principalName: names.principalName,
    },
    ports.clock.now(),
  );

/** Assigns, and provisions the configuration into the target's accounts asynchronously: returns the task. */
export const createAccessAssignment = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  request: AssignmentRequest & { readonly expiresAt?: Date | undefined },
): Promise<Result<Task, DirectoryAccessError | ConfigurationMissing | PrincipalMissing | TargetMissing | AssignmentInputError | AssignmentExists>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:CreateAccessAssignment');
  if (!directory.ok) return directory;
  const names = await resolve(ports, directory.value, request);
  if (!names.ok) return names;
  const assignment = newAssignment({ directoryId, ...request }, ports.clock.now());
  if (!assignment.ok) return assignment;
  const task = assignmentTask(ports, 'CreateAccessAssignment', request, directoryId, names.value);
  const saved = await ports.accessAssignments.create(assignment.value, task);
  if (!saved.ok) return saved;
  await ports.taskQueue.enqueue([taskRef(task)]);
  return ok(task);
};

/** Removes an assignment; the task deprovisions the role where no other assignment still needs it. */
export const deleteAccessAssignment = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  request: AssignmentRequest,
): Promise<Result<Task, DirectoryAccessError | AssignmentMissing>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:DeleteAccessAssignment');
  if (!directory.ok) return directory;
  return removeAssignment(ports, directory.value, request);
};

const removeAssignment = async (ports: AccessPorts, directory: Directory, request: AssignmentRequest): Promise<Result<Task, AssignmentMissing>> => {
  const existing = await ports.accessAssignments.get(directory.id, request.accessConfigurationId, request.target, request.principal);
  if (!existing) return fail('EntityNotExists.AccessAssignment', 'There is no such access assignment.');
  // Names for the task list; a principal or target deleted since shows its id.
  const names = await resolve(ports, directory, request);
  const task = assignmentTask(
    ports,
    'DeleteAccessAssignment',
    request,
    directory.id,
    names.ok ? names.value : { configurationName: request.accessConfigurationId, targetName: request.target.id, principalName: request.principal.id },
  );
  const deleted = await ports.accessAssignments.delete(existing, task);
  if (!deleted.ok) return deleted;
  await ports.taskQueue.enqueue([taskRef(task)]);
  return ok(task);
};

export type AssignmentFilter = {
  readonly accessConfigurationId?: AccessConfigurationId | undefined;
  readonly target?: AccessTarget | undefined;
  readonly principal?: AccessPrincipal | undefined;
};

const matches = (a: AccessAssignment, f: AssignmentFilter) =>
  (!f.accessConfigurationId || a.accessConfigurationId === f.accessConfigurationId) &&
  (!f.target || sameTarget(a.target, f.target)) &&
  (!f.principal || samePrincipal(a.principal, f.principal));

/** By principal, by target or by configuration (one query each); the other filters narrow the page. */
export const listAccessAssignments = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  filter: AssignmentFilter,
  page: PageRequest,
): Promise<Result<Page<AccessAssignment>, DirectoryAccessError | InvalidNextToken | ListFilterMissing>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:ListAccessAssignments');
  if (!directory.ok) return directory;
  const listed = filter.principal
    ? await ports.accessAssignments.listByPrincipal(directoryId, filter.principal, page)
    : filter.target
      ? await ports.accessAssignments.listByTarget(directoryId, filter.target, page)
      : filter.accessConfigurationId
        ? await ports.accessAssignments.listByConfiguration(directoryId, filter.accessConfigurationId, page)
        : fail('MissingParameter.Filter', 'Give a principal, a target or an access configuration to list assignments by.');
  if (!listed.ok) return listed;
  return ok({ ...listed.value, items: listed.value.items.filter((a) => matches(a, filter)) });
};

/** Time-bound assignments past their end are removed (their roles deprovisioned) by the expiry job. */
export const removeExpiredAssignments = async (ports: AccessPorts, limit = 100): Promise<number> => {
  const expired = await ports.accessAssignments.expired(ports.clock.now(), limit);
  let removed = 0;
  for (const assignment of expired) {
    const directory = await ports.directories.get(assignment.directoryId);
    if (!directory) continue;
    const out = await removeAssignment(ports, directory, assignment);
    if (out.ok) removed++;
  }
  return removed;
};

/**
 * Removes every assignment of a principal that is gone (a user or group deleted by SCIM); each
 * removal's task deprovisions what nothing else needs.
 */
export const removeAssignmentsOf = async (ports: AccessPorts, directoryId: DirectoryId, principal: AccessPrincipal): Promise<number> => {
  const directory = await ports.directories.get(directoryId);
  if (!directory) return 0;
  const assignments = await allPages((page) => ports.accessAssignments.listByPrincipal(directoryId, principal, page));
  let removed = 0;
  for (const assignment of assignments) if ((await removeAssignment(ports, directory, assignment)).ok) removed++;
  return removed;
};
