import { authorize, type Forbidden, type Principal } from '../iam/principal';
import type { Changes } from '../shared/changes';
import type { DirectoryId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { ConcurrentModification } from '../shared/store-outcomes';
import { byPrincipal, openDirectory, type Actor, type DirectoryAccessError } from './actor';
import {
  changeQuotas,
  checkDirectoryName,
  deletionBlockers,
  newDirectory,
  type Directory,
  type DirectoryNameError,
  type DirectoryRegion,
  type QuotaError,
  type Quotas,
} from './directory';
import type { DirectoryPorts } from './directory-ports';
import type { DirectoryExists, DirectoryNameTaken, DirectoryNotEmpty } from './ports';

export type NoResourceDirectory = Failure<'EntityNotExists.ResourceDirectory'>;
export type ManagementAccountOnly = Failure<'Forbidden.ManagementAccountOnly'>;

/**
 * Enables CloudSSO for the caller's resource directory by creating its directory. Only the
 * management account (or an administrator holding the permission, e.g. AliyunCloudSSOFullAccess).
 */
export const createDirectory = async (
  ports: DirectoryPorts,
  principal: Principal,
  input: { readonly name?: string | undefined; readonly region: DirectoryRegion },
): Promise<Result<Directory, Forbidden | NoResourceDirectory | DirectoryNameError | DirectoryNameTaken | DirectoryExists>> => {
  const allowed = authorize(principal, 'cloudsso:CreateDirectory');
  if (!allowed.ok) return allowed;
  const account = await managementAccountOf(ports, principal);
  if (!account) {
    return fail('EntityNotExists.ResourceDirectory', 'CloudSSO needs a resource directory: enable it first; the management account then owns the directory.');
  }
  const directory = newDirectory(
    {
      id: ports.ids.directoryId(),
      name: input.name,
      region: input.region,
      managementAccountId: account.id,
      resourceDirectoryId: account.resourceDirectoryId,
    },
    ports.clock.now(),
  );
  if (!directory.ok) return directory;
  const saved = await ports.directories.create(directory.value);
  return saved.ok ? ok(directory.value) : saved;
};

/** What a management account needs before CloudSSO can be enabled: its resource directory. */
const managementAccountOf = async (ports: DirectoryPorts, principal: Principal) => {
  const account = await ports.accounts.get(principal.accountId);
  return account?.type === 'ManagementAccount' && account.resourceDirectoryId ? { ...account, resourceDirectoryId: account.resourceDirectoryId } : undefined;
};

/**
 * Alibaba's EnableService: turns CloudSSO on for the management account, which may then create its
 * directory. Idempotent. Creating the directory (createDirectory) enables the service as well.
 */
export const enableService = async (ports: DirectoryPorts, principal: Principal): Promise<Result<void, Forbidden | NoResourceDirectory>> => {
  const allowed = authorize(principal, 'cloudsso:EnableService');
  if (!allowed.ok) return allowed;
  const account = await managementAccountOf(ports, principal);
  if (!account) return fail('EntityNotExists.ResourceDirectory', 'CloudSSO needs a resource directory: enable it first; the management account then enables CloudSSO.');
  await ports.directories.enableService(account.id, ports.clock.now().toISOString());
  return ok(undefined);
};

export type ServiceStatus = {
  readonly status: 'Enabled' | 'Disabled';
  readonly directoryId?: DirectoryId;
  /** Whether the caller could enable CloudSSO now (a management account with a resource directory). */
  readonly prerequisitesMet: boolean;
};

/** CloudSSO's service status for the caller: enabled once EnableService ran or its directory exists. */
export const getServiceStatus = async (ports: DirectoryPorts, principal: Principal): Promise<Result<ServiceStatus, Forbidden>> => {
  const allowed = authorize(principal, 'cloudsso:GetServiceStatus');
  if (!allowed.ok) return allowed;
  const directory = await ports.directories.findByManagementAccount(principal.accountId);
  if (directory) return ok({ status: 'Enabled', directoryId: directory.id, prerequisitesMet: true });
  const [enabledAt, account] = await Promise.all([ports.directories.serviceEnabledAt(principal.accountId), managementAccountOf(ports, principal)]);
  return ok({ status: enabledAt ? 'Enabled' : 'Disabled', prerequisitesMet: account !== undefined });
};

export const listDirectories = async (ports: DirectoryPorts, principal: Principal): Promise<Result<Directory[], Forbidden>> => {
  const allowed = authorize(principal, 'cloudsso:ListDirectories');
  if (!allowed.ok) return allowed;
  const directory = await ports.directories.findByManagementAccount(principal.accountId);
  return ok(directory ? [directory] : []);
};

export const getDirectory = (ports: DirectoryPorts, principal: Principal, id: DirectoryId) =>
  openDirectory(ports, byPrincipal(principal), id, 'cloudsso:GetDirectory');

export const renameDirectory = async (
  ports: DirectoryPorts,
  principal: Principal,
  id: DirectoryId,
  name: string,
): Promise<Result<Directory, DirectoryAccessError | DirectoryNameError | DirectoryNameTaken | ConcurrentModification>> => {
  const current = await openDirectory(ports, byPrincipal(principal), id, 'cloudsso:UpdateDirectory');
  if (!current.ok) return current;
  const checked = checkDirectoryName(name);
  if (!checked.ok) return checked;
  const next = { ...current.value, name, updatedAt: ports.clock.now().toISOString(), version: current.value.version + 1 };
  const saved = await ports.directories.update(next, current.value);
  return saved.ok ? ok(next) : saved;
};

export const setScimSynchronization = async (
  ports: DirectoryPorts,
  principal: Principal,
  id: DirectoryId,
  enabled: boolean,
): Promise<Result<Directory, DirectoryAccessError | ConcurrentModification | DirectoryNameTaken>> => {
  const current = await openDirectory(ports, byPrincipal(principal), id, 'cloudsso:SetSCIMSynchronizationStatus');
  if (!current.ok) return current;
  const next = { ...current.value, scimSynchronization: enabled, updatedAt: ports.clock.now().toISOString(), version: current.value.version + 1 };
  const saved = await ports.directories.update(next, current.value);
  return saved.ok ? ok(next) : saved;
};

/** Raising quotas is the management account's own decision, as with cloud quota increases. */
export const setQuotas = async (
  ports: DirectoryPorts,
  principal: Principal,
  id: DirectoryId,
  quotas: Changes<Quotas>,
): Promise<Result<Directory, DirectoryAccessError | ManagementAccountOnly | QuotaError | ConcurrentModification | DirectoryNameTaken>> => {
  if (principal.kind !== 'account') {
    return fail('Forbidden.ManagementAccountOnly', 'Only the management account itself can change directory quotas.');
  }
  const current = await openDirectory(ports, byPrincipal(principal), id, 'cloudsso:UpdateDirectory');
  if (!current.ok) return current;
  const next = changeQuotas(current.value, quotas, ports.clock.now());
  if (!next.ok) return next;
  const saved = await ports.directories.update(next.value, current.value);
  if (saved.ok) return ok(next.value);
  // A concurrent create may have pushed a count above the new quota: say which, not just "retry".
  return saved;
};

export const deleteDirectory = async (
  ports: DirectoryPorts,
  principal: Principal,
  id: DirectoryId,
): Promise<Result<void, DirectoryAccessError | DirectoryNotEmpty>> => {
  const current = await openDirectory(ports, byPrincipal(principal), id, 'cloudsso:DeleteDirectory');
  if (!current.ok) return current;
  const blockers = deletionBlockers(current.value);
  if (blockers.length > 0) {
    return fail('DeletionConflict.Directory', `The directory still holds ${blockers.join(', ')}; delete them first.`);
  }
  return ports.directories.delete(current.value);
};

export type DirectoryStatistics = {
  readonly directoryId: DirectoryId;
  readonly users: { readonly count: number; readonly quota: number };
  readonly groups: { readonly count: number; readonly quota: number };
  readonly accessConfigurations: { readonly count: number; readonly quota: number };
  readonly scimCredentials: { readonly count: number; readonly quota: number };
  readonly scimSynchronization: 'Enabled' | 'Disabled';
  /** Unfinished asynchronous tasks among the directory's latest 100. */
  readonly tasksInProgress: number;
};

export const getDirectoryStatistics = async (
  ports: DirectoryPorts,
  principal: Principal,
  id: DirectoryId,
): Promise<Result<DirectoryStatistics, DirectoryAccessError>> => {
  const current = await openDirectory(ports, byPrincipal(principal), id, 'cloudsso:GetDirectoryStatistics');
  if (!current.ok) return current;
  const d = current.value;
  const pair = (k: keyof Quotas) => ({ count: d.counts[k], quota: d.quotas[k] });
  const recent = await ports.tasks.list({ kind: 'directory', id: d.id }, { limit: 100 });
  const tasksInProgress = recent.ok ? recent.value.items.filter((t) => t.status === 'InProgress').length : 0;
  return ok({
    directoryId: d.id,
    users: pair('users'),
    groups: pair('groups'),
    accessConfigurations: pair('accessConfigurations'),
    scimCredentials: pair('scimCredentials'),
    scimSynchronization: d.scimSynchronization ? 'Enabled' : 'Disabled',
    tasksInProgress,
  });
};

/** The directory as any actor may read it (SCIM reads its own for counts). */
export const readDirectory = (ports: DirectoryPorts, actor: Actor, id: DirectoryId) =>
  openDirectory(ports, actor, id, 'cloudsso:GetDirectory');
