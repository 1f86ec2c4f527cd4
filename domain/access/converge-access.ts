import type { AccessConfigurationId, AccountId, DirectoryId } from '../shared/ids';
import { ok, type Failure, type Result } from '../shared/result';
import type { TaskWork } from '../tasks/task';
import { ROLE_PREFIX, roleNameOf, samlProviderNameOf } from './access-configuration';
import type { AccessPorts } from './access-ports';
import type { SamlProviderSpec } from './cloud';
import { idpEntityId } from './idp-entity';
import { assignedOnAccount } from './entitlements';
import { accountInDirectory, accountsUnder, allPages, targetsReaching } from './resource-tree';

/** The provider in an account that trusts the directory's IdP: every published certificate. */
const samlProviderSpec = (directoryId: DirectoryId, accountId: AccountId, certificates: readonly string[]): SamlProviderSpec => ({
  accountId,
  name: samlProviderNameOf(directoryId),
  idpEntityId: idpEntityId(directoryId),
  certificates,
  description: `CloudSSO directory ${directoryId}`,
});

type AccessWorkItem = Extract<TaskWork, { accessConfigurationId: AccessConfigurationId }>;

/**
 * Brings one account to what the assignments say for one access configuration: the role exists (at the
 * configuration's current revision) while any assignment in force reaches the account, and is gone
 * otherwise. Level-triggered: it reads the desired state every time, so duplicates, reordering and
 * retries after a crash converge to the same place. Cloud failures throw (the task is retried).
 */
export const convergeAccount = async (
  ports: AccessPorts,
  directoryId: DirectoryId,
  accountId: AccountId,
  accessConfigurationId: AccessConfigurationId,
): Promise<void> => {
  const [directory, configuration, existing] = await Promise.all([
    ports.directories.get(directoryId),
    ports.accessConfigurations.get(directoryId, accessConfigurationId),
    ports.provisionings.get(directoryId, accountId, accessConfigurationId),
  ]);
  const account = directory ? await accountInDirectory(ports, directory.resourceDirectoryId, accountId) : undefined;
  const now = ports.clock.now();
  const wanted = configuration !== undefined && account !== undefined && (await assignedOnAccount(ports, directoryId, accessConfigurationId, account));

  if (wanted && configuration) {
    const providerName = samlProviderNameOf(directoryId);
    await ports.cloud.putSamlProvider(samlProviderSpec(directoryId, accountId, await ports.idpCertificates(directoryId)));
    await ports.cloud.putRole({
      accountId,
      name: roleNameOf(configuration.name),
      samlProviderName: providerName,
      maxSessionDuration: configuration.sessionDuration,
      policies: configuration.policies,
      description: configuration.description,
    });
    const saved = await ports.provisionings.save(
      {
        directoryId,
        accountId,
        accessConfigurationId,
        roleName: roleNameOf(configuration.name),
        revision: configuration.revision,
        state: 'Provisioned',
        updatedAt: now.toISOString(),
      },
      configuration.revision,
    );
    // The configuration changed or went while the role was written: go round again with fresh reads.
    if (!saved.ok) throw new Error(`Access configuration ${accessConfigurationId} changed during provisioning; retrying.`);
    return;
  }

  const roleName = existing?.roleName ?? (configuration ? roleNameOf(configuration.name) : undefined);
  if (!roleName) return;
  try {
    await ports.cloud.deleteRole(accountId, roleName);
    const remaining = await ports.cloud.listRoles(accountId, ROLE_PREFIX);
    if (remaining.length === 0) await ports.cloud.deleteSamlProvider(accountId, samlProviderNameOf(directoryId));
  } catch (error) {
    if (existing) {
      const reason = error instanceof Error ? error.message : String(error);
      await ports.provisionings.markFailed({ ...existing, state: 'DeprovisionFailed', failureReason: reason, updatedAt: now.toISOString() });
    }
    throw error;
  }
  if (existing) await ports.provisionings.delete(directoryId, accountId, accessConfigurationId);
};

/** The accounts a piece of access work touches. */
const accountsOf = async (ports: AccessPorts, work: AccessWorkItem): Promise<AccountId[]> => {
  if (work.type === 'ReprovisionAccessConfiguration') return ports.provisionings.accountsOf(work.directoryId, work.accessConfigurationId);
  if (work.target.type === 'RD-Account') return [work.target.id];
  const directory = await ports.directories.get(work.directoryId);
  if (!directory) return [];
  const accounts = await accountsUnder(ports, directory.resourceDirectoryId, work.target.id);
  // Accounts that left the folder since still hold the role until converged: include them too.
  const provisioned = await ports.provisionings.accountsOf(work.directoryId, work.accessConfigurationId);
  return [...new Set([...accounts.map((a) => a.id), ...provisioned])];
};

/** The handler of every access task type. */
export const runAccessWork = async (ports: AccessPorts, work: AccessWorkItem): Promise<Result<void, Failure>> => {
  for (const accountId of await accountsOf(ports, work)) {
    await convergeAccount(ports, work.directoryId, accountId, work.accessConfigurationId);
  }
  return ok(undefined);
};

/**
 * An account joined the resource directory or moved between folders: converge every configuration
 * that a folder above it is assigned, and every one it holds now (a move may take access away).
 */
export const reconcileAccountAccess = async (
  ports: AccessPorts,
  work: Extract<TaskWork, { type: 'ReconcileAccountAccess' }>,
): Promise<Result<void, Failure>> => {
  const account = await ports.accounts.get(work.accountId);
  if (!account?.resourceDirectoryId) return ok(undefined);
  const rd = await ports.resourceDirectories.get(account.resourceDirectoryId);
  const directory = rd ? await ports.directories.findByManagementAccount(rd.managementAccountId) : undefined;
  if (!directory) return ok(undefined);
  const configurations = new Set<AccessConfigurationId>();
  for (const target of await targetsReaching(ports, account)) {
    for (const a of await allPages((page) => ports.accessAssignments.listByTarget(directory.id, target, page))) configurations.add(a.accessConfigurationId);
  }
  for (const p of await allPages((page) => ports.provisionings.listByAccount(directory.id, account.id, page))) configurations.add(p.accessConfigurationId);
  for (const id of configurations) await convergeAccount(ports, directory.id, account.id, id);
  return ok(undefined);
};

/** Re-writes the SAML provider of every account where the directory has a role, with the published certificates. */
export const updateSamlProviders = async (
  ports: AccessPorts,
  work: Extract<TaskWork, { type: 'UpdateSamlProviders' }>,
): Promise<Result<void, Failure>> => {
  const configurations = await allPages((page) => ports.accessConfigurations.list(work.directoryId, page));
  const accounts = new Set<AccountId>();
  for (const c of configurations) for (const a of await ports.provisionings.accountsOf(work.directoryId, c.id)) accounts.add(a);
  const certificates = await ports.idpCertificates(work.directoryId);
  for (const accountId of accounts) await ports.cloud.putSamlProvider(samlProviderSpec(work.directoryId, accountId, certificates));
  return ok(undefined);
};
