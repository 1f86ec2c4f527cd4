import { z } from '@hono/zod-openapi';
import { DIRECTORY_REGIONS } from '../../../domain/directory/directory';
import { USER_LIMITS, USER_NAME } from '../../../domain/directory/user-rules';

export const DirectoryIdParam = z.string().regex(/^d-[a-z0-9]{1,32}$/).openapi({ example: 'd-0a1b2c3d4e5f' });
export const UserIdParam = z.string().regex(/^u-[a-z0-9]{1,40}$/).openapi({ example: 'u-00a1b2c3d4e5f6g7' });
export const GroupIdParam = z.string().regex(/^g-[a-z0-9]{1,40}$/).openapi({ example: 'g-00a1b2c3d4e5f6g7' });
export const CredentialIdParam = z.string().regex(/^scimcred-[a-z0-9]{1,40}$/);

export const Directory = z
  .object({
    id: z.string(),
    name: z.string(),
    region: z.enum(DIRECTORY_REGIONS),
    managementAccountId: z.string(),
    resourceDirectoryId: z.string(),
    scimSynchronization: z.enum(['Enabled', 'Disabled']),
    scimBaseUrl: z.string().openapi({ description: 'Point the IdP here, with a SCIM credential as bearer token.' }),
    quotas: z.object({ users: z.number(), groups: z.number(), accessConfigurations: z.number(), scimCredentials: z.number() }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Directory');

const Tag = z.strictObject({ key: z.string().min(1).max(128), value: z.string().max(128) });

export const User = z
  .object({
    id: z.string(),
    userName: z.string(),
    displayName: z.string().optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    email: z.string().optional(),
    description: z.string().optional(),
    status: z.enum(['Enabled', 'Disabled']),
    provisionType: z.enum(['Manual', 'Synchronized']),
    externalId: z.string().optional(),
    tags: z.array(z.object({ key: z.string(), value: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('User');

export const NewUser = z.strictObject({
  userName: z.string().regex(USER_NAME).openapi({ example: 'alice@example.com' }),
  displayName: z.string().min(1).max(USER_LIMITS.displayName).optional(),
  firstName: z.string().min(1).max(USER_LIMITS.firstName).optional(),
  lastName: z.string().min(1).max(USER_LIMITS.lastName).optional(),
  email: z.string().min(3).max(USER_LIMITS.email).optional(),
  description: z.string().min(1).max(USER_LIMITS.description).optional(),
  status: z.enum(['Enabled', 'Disabled']).default('Enabled'),
  tags: z.array(Tag).max(USER_LIMITS.tags).optional(),
});

export const UserChanges = NewUser.partial()
  .omit({ status: true })
  .refine((b) => Object.keys(b).length > 0, 'Give at least one field to change.');

export const Group = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    provisionType: z.enum(['Manual', 'Synchronized']),
    externalId: z.string().optional(),
    memberCount: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Group');

export const ScimCredential = z
  .object({
    id: z.string(),
    type: z.literal('BearerToken'),
    status: z.enum(['Enabled', 'Disabled']),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .openapi('SCIMCredential');

export const Statistics = z
  .object({
    directoryId: z.string(),
    users: z.object({ count: z.number(), quota: z.number() }),
    groups: z.object({ count: z.number(), quota: z.number() }),
    accessConfigurations: z.object({ count: z.number(), quota: z.number() }),
    scimCredentials: z.object({ count: z.number(), quota: z.number() }),
    scimSynchronization: z.enum(['Enabled', 'Disabled']),
    ssoStatus: z.enum(['Enabled', 'Disabled']),
    tasksInProgress: z.number().int(),
  })
  .openapi('DirectoryStatistics');
