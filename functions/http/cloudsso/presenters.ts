import type { Directory } from '../../../domain/directory/directory';
import type { DirectoryGroup } from '../../../domain/directory/group';
import type { ScimCredential } from '../../../domain/directory/scim-credential';
import type { DirectoryUser } from '../../../domain/directory/user';

export const presentDirectory = (d: Directory, origin: string) => ({
  id: d.id,
  name: d.name,
  region: d.region,
  managementAccountId: d.managementAccountId,
  resourceDirectoryId: d.resourceDirectoryId,
  scimSynchronization: d.scimSynchronization ? ('Enabled' as const) : ('Disabled' as const),
  // CloudSSO-style: one SCIM endpoint; the bearer token says which directory.
  scimBaseUrl: `${origin}/scim/v2`,
  quotas: d.quotas,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

const opt = <K extends string>(key: K, value: string | undefined) => (value !== undefined ? { [key]: value } : {});

export const presentUser = (u: DirectoryUser) => ({
  id: u.id,
  userName: u.userName,
  ...opt('displayName', u.displayName),
  ...opt('firstName', u.firstName),
  ...opt('lastName', u.lastName),
  ...opt('email', u.email),
  ...opt('description', u.description),
  status: u.status,
  provisionType: u.provisionType,
  ...opt('externalId', u.externalId),
  tags: u.tags.map((t) => ({ key: t.key, value: t.value })),
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});

export const presentGroup = (g: DirectoryGroup) => ({
  id: g.id,
  name: g.name,
  ...opt('description', g.description),
  provisionType: g.provisionType,
  ...opt('externalId', g.externalId),
  memberCount: g.memberCount,
  createdAt: g.createdAt,
  updatedAt: g.updatedAt,
});

export const presentCredential = (c: ScimCredential) => ({
  id: c.id,
  type: c.type,
  status: c.status,
  createdAt: c.createdAt,
  expiresAt: c.expiresAt,
});
