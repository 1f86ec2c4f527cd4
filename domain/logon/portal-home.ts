import type { LogonPorts } from './logon-ports';
import type { Resolved } from './portal-logon';

export type PortalHome = {
  readonly groups: readonly string[];
  readonly mfaDevices: number;
  /** The accounts the user may access; filled in when access assignments land. */
  readonly accounts: readonly { accountId: string; displayName: string; accessConfigurations: string[] }[];
};

/** What the portal's home page shows a signed-in user. */
export const portalHome = async (ports: LogonPorts, r: Resolved): Promise<PortalHome> => {
  const { directoryId, id } = r.user;
  const [groupIds, devices] = await Promise.all([ports.memberships.listGroupsOf(directoryId, id, { limit: 100 }), ports.mfaDevices.list(directoryId, id)]);
  const groups = groupIds.ok ? await ports.groups.getMany(directoryId, groupIds.value.items) : [];
  return { groups: groups.map((g) => g.name).sort(), mfaDevices: devices.length, accounts: [] };
};
