import type { DirectoryUser } from '../directory/user';
import type { CloudAccount } from '../org/cloud-account';
import type { AccessConfigurationId, AccountId, DirectoryId, GroupId } from '../shared/ids';
import { isInForce, type AccessAssignment, type AccessPrincipal } from './access-assignment';
import type { AccessConfiguration } from './access-configuration';
import type { AccessPorts } from './access-ports';
import { accountsUnder, allPages, targetsReaching } from './resource-tree';

/** An account a user may open, with the access configurations it may open it with. */
export type AccessibleAccount = {
  readonly accountId: AccountId;
  readonly displayName: string;
  readonly accessConfigurations: readonly { readonly id: AccessConfigurationId; readonly name: string; readonly description: string }[];
};

/**
 * The portal's list: every (account, configuration) an assignment in force gives the user, directly
 * or through a group, and that is provisioned. Store reads grow with the user's groups, the folders
 * assigned and the accounts found, never with the directory's size (see `npm run bench`).
 */
export const accessibleAccounts = async (ports: AccessPorts, user: DirectoryUser): Promise<AccessibleAccount[]> => {
  const d = user.directoryId;
  const now = ports.clock.now();
  const groupIds = await allPages((page) => ports.memberships.listGroupsOf(d, user.id, page));
  const principals: AccessPrincipal[] = [{ type: 'User', id: user.id }, ...groupIds.map((id) => ({ type: 'Group' as const, id }))];
  const assignments = (await Promise.all(principals.map((p) => allPages((page) => ports.accessAssignments.listByPrincipal(d, p, page))))).flat();
  const inForce = assignments.filter((a) => isInForce(a, now));
  if (inForce.length === 0) return [];

  const directory = await ports.directories.get(d);
  if (!directory) return [];
  const pairs = new Map<string, { accountId: AccountId; accessConfigurationId: AccessConfigurationId }>();
  const folderAccounts = new Map<string, Promise<CloudAccount[]>>();
  for (const a of inForce) {
    const accounts =
      a.target.type === 'RD-Account'
        ? [a.target.id]
        : (
            await (folderAccounts.get(a.target.id) ??
              folderAccounts.set(a.target.id, accountsUnder(ports, directory.resourceDirectoryId, a.target.id)).get(a.target.id)!)
          ).map((acc) => acc.id);
    for (const accountId of accounts) pairs.set(`${accountId}#${a.accessConfigurationId}`, { accountId, accessConfigurationId: a.accessConfigurationId });
  }
  const [provisionings, configurations] = await Promise.all([
    ports.provisionings.getMany(d, [...pairs.values()]),
    ports.accessConfigurations.getMany(d, [...new Set(inForce.map((a) => a.accessConfigurationId))]),
  ]);
  const provisioned = provisionings.filter((p) => p.state === 'Provisioned');
  const byId = new Map(configurations.map((c) => [c.id, c]));
  const accountIds = [...new Set(provisioned.map((p) => p.accountId))];
  const accounts = (await ports.accounts.getMany(accountIds)).filter(
    (a) => a.status === 'Active' && a.resourceDirectoryId === directory.resourceDirectoryId,
  );
  return accounts
    .map((account) => ({
      accountId: account.id,
      displayName: account.displayName,
      accessConfigurations: provisioned
        .filter((p) => p.accountId === account.id)
        .map((p) => byId.get(p.accessConfigurationId))
        .filter((c): c is AccessConfiguration => c !== undefined)
        .map((c) => ({ id: c.id, name: c.name, description: c.description }))
        .sort((x, y) => x.name.localeCompare(y.name)),
    }))
    .sort((x, y) => x.displayName.localeCompare(y.displayName));
};

/**
 * Whether any assignment in force gives the configuration on the account, directly or through a
 * folder above it, to anyone: what decides that the role must exist there.
 */
export const assignedOnAccount = async (
  ports: AccessPorts,
  directoryId: DirectoryId,
  accessConfigurationId: AccessConfigurationId,
  account: CloudAccount,
): Promise<boolean> => {
  const now = ports.clock.now();
  for (const target of await targetsReaching(ports, account)) {
    const holders = await ports.accessAssignments.onTarget(directoryId, accessConfigurationId, target);
    if (holders.some((a) => isInForce(a, now))) return true;
  }
  return false;
};

/**
 * Whether the user holds the configuration on the account right now: an assignment in force on the
 * account or a folder above it, to the user or to a group the user is a member of. Every decision rests
 * on strongly consistent reads, so a membership removed a moment ago no longer grants anything.
 */
export const holdsAccess = async (
  ports: AccessPorts,
  directoryId: DirectoryId,
  user: DirectoryUser,
  account: CloudAccount,
  accessConfigurationId: AccessConfigurationId,
): Promise<boolean> => {
  const now = ports.clock.now();
  let usersGroups: Set<GroupId> | undefined;
  for (const target of await targetsReaching(ports, account)) {
    const holders: AccessAssignment[] = (await ports.accessAssignments.onTarget(directoryId, accessConfigurationId, target)).filter((a) => isInForce(a, now));
    if (holders.some((a) => a.principal.type === 'User' && a.principal.id === user.id)) return true;
    let groups = holders.filter((a) => a.principal.type === 'Group').map((a) => a.principal.id as GroupId);
    // Many groups hold it here: narrow them to the user's groups first (one listing, from an index
    // that may lag), so the consistent checks below stay bounded by the user's groups, not the holders.
    if (groups.length > FEW_HOLDERS) {
      usersGroups ??= new Set(await allPages((page) => ports.memberships.listGroupsOf(directoryId, user.id, page)));
      groups = groups.filter((g) => usersGroups!.has(g));
    }
    // Each candidate confirmed by a strongly consistent read: a membership removed a moment ago no longer counts.
    const memberships = await Promise.all(groups.map((g) => ports.memberships.isMember(directoryId, g, user.id)));
    if (memberships.some(Boolean)) return true;
  }
  return false;
};

/** Up to this many holder groups are checked one by one; beyond, they are first narrowed to the user's. */
const FEW_HOLDERS = 8;
