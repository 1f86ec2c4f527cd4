import type { AccessPorts } from '../access/access-ports';
import { accessibleAccounts, type AccessibleAccount } from '../access/entitlements';
import type { LogonPorts } from './logon-ports';
import type { Resolved } from './portal-logon';

export type PortalHome = {
  readonly groups: readonly string[];
  readonly mfaDevices: number;
  /** The accounts the user may open, each with the access configurations it may open it with. */
  readonly accounts: readonly AccessibleAccount[];
};

/** What the portal's home page shows a signed-in user. */
export const portalHome = async (ports: LogonPorts & AccessPorts, r: Resolved): Promise<PortalHome> => {
  const { directoryId, id } = r.user;
  const [groupIds, devices, accounts] = await Promise.all([
    ports.memberships.listGroupsOf(directoryId, id, { limit: 100 }),
    ports.mfaDevices.list(directoryId, id),
    accessibleAccounts(ports, r.user),
  ]);
  const groups = groupIds.ok ? await ports.groups.getMany(directoryId, groupIds.value.items) : [];
  return { groups: groups.map((g) => g.name).sort(), mfaDevices: devices.length, accounts };
};
