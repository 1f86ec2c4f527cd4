import { z } from '@hono/zod-openapi';
import type { CloudAccount } from '../../../domain/org/cloud-account';

/** A cloud account as the API shows it: shared by the IAM (who am I) and org (members) areas. */
export const AccountSchema = z
  .object({
    id: z.string().openapi({ example: '1234567890123456' }),
    displayName: z.string(),
    type: z.enum(['Standalone', 'ManagementAccount', 'ResourceAccount']),
    enterpriseVerified: z.boolean(),
    resourceDirectoryId: z.string().optional(),
    folderId: z.string().optional(),
    status: z.enum(['Active', 'Removing']),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Account');

export const presentAccount = (a: CloudAccount) => ({
  id: a.id,
  displayName: a.displayName,
  type: a.type,
  enterpriseVerified: a.enterpriseVerified,
  ...(a.resourceDirectoryId ? { resourceDirectoryId: a.resourceDirectoryId } : {}),
  ...(a.folderId ? { folderId: a.folderId } : {}),
  status: a.status,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});
