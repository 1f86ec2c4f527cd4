import { z } from 'zod';
import type { Directory } from '../../../../domain/directory/directory';
import { DIRECTORY_REGIONS } from '../../../../domain/directory/directory';
import {
  createDirectory,
  deleteDirectory,
  enableService,
  getDirectory,
  getServiceStatus,
  listDirectories,
  renameDirectory,
} from '../../../../domain/directory/directory-use-cases';
import { getStatisticsWithSso } from '../../../../domain/logon/logon-settings-use-cases';
import { MAX_INLINE_POLICIES, MAX_SYSTEM_POLICIES } from '../../../../domain/access/permission-policies';
import type { DirectoryId } from '../../../../domain/shared/ids';
import { ok } from '../../../../domain/shared/result';
import { operation } from '../rpc-operation';
import { pop } from '../rpc-params';

/** A directory as CloudSSO's API shows it (`Directory` in GetDirectory, CreateDirectory, …). */
export const popDirectory = (d: Directory) => ({
  DirectoryId: d.id,
  DirectoryName: d.name,
  Region: d.region,
  CreateTime: d.createdAt,
  UpdateTime: d.updatedAt,
});

/** The directory every CloudSSO operation but the service's and the directory listing's names. */
export const DirectoryIdParam = { DirectoryId: pop.id<DirectoryId>() };

/** The service and the directory: EnableService … GetDirectoryStatistics. */
export const directoryOperations = [
  operation({
    action: 'EnableService',
    params: z.object({}),
    audit: 'cloudsso:EnableService',
    run: async ({ deps, principal }) => {
      const out = await enableService(deps, principal);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'GetServiceStatus',
    params: z.object({}),
    run: async ({ deps, principal }) => {
      const out = await getServiceStatus(deps, principal);
      if (!out.ok) return out;
      const directory = out.value.directoryId ? await deps.directories.get(out.value.directoryId) : undefined;
      return ok({
        ServiceStatus: {
          AccountId: principal.accountId,
          Status: out.value.status,
          RegionsInUse: directory ? [directory.region] : [],
          ...(out.value.status === 'Disabled' ? { PrerequisiteCheckResult: out.value.prerequisitesMet ? 'Success' : 'Failed' } : {}),
        },
      });
    },
  }),
  operation({
    // The directory's region is the endpoint's in Alibaba Cloud; here it is RegionId (cn-shanghai by default).
    action: 'CreateDirectory',
    params: z.object({ DirectoryName: pop.string(64).optional(), RegionId: z.enum(DIRECTORY_REGIONS).optional() }),
    audit: 'cloudsso:CreateDirectory',
    run: async ({ deps, principal }, p) => {
      const out = await createDirectory(deps, principal, { name: p.DirectoryName, region: p.RegionId ?? 'cn-shanghai' });
      return out.ok ? ok({ Directory: popDirectory(out.value) }) : out;
    },
  }),
  operation({
    action: 'GetDirectory',
    params: z.object(DirectoryIdParam),
    run: async ({ deps, principal }, p) => {
      const out = await getDirectory(deps, principal, p.DirectoryId);
      return out.ok ? ok({ Directory: popDirectory(out.value) }) : out;
    },
  }),
  operation({
    action: 'ListDirectories',
    params: z.object({}),
    run: async ({ deps, principal }) => {
      const out = await listDirectories(deps, principal);
      return out.ok ? ok({ Directories: out.value.map(popDirectory) }) : out;
    },
  }),
  operation({
    action: 'UpdateDirectory',
    params: z.object({ ...DirectoryIdParam, NewDirectoryName: pop.string(64) }),
    audit: 'cloudsso:UpdateDirectory',
    run: async ({ deps, principal }, p) => {
      const out = await renameDirectory(deps, principal, p.DirectoryId, p.NewDirectoryName);
      return out.ok ? ok({ Directory: popDirectory(out.value) }) : out;
    },
  }),
  operation({
    action: 'DeleteDirectory',
    params: z.object(DirectoryIdParam),
    audit: 'cloudsso:DeleteDirectory',
    run: async ({ deps, principal }, p) => {
      const out = await deleteDirectory(deps, principal, p.DirectoryId);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'GetDirectoryStatistics',
    params: z.object(DirectoryIdParam),
    run: async ({ deps, principal }, p) => {
      const out = await getStatisticsWithSso(deps, principal, p.DirectoryId);
      if (!out.ok) return out;
      const s = out.value;
      const directory = await deps.directories.get(p.DirectoryId);
      return ok({
        DirectoryStatistics: {
          DirectoryId: s.directoryId,
          ...(directory ? { DirectoryName: directory.name, Region: directory.region } : {}),
          UserCount: s.users.count,
          UserQuota: s.users.quota,
          GroupCount: s.groups.count,
          GroupQuota: s.groups.quota,
          AccessConfigurationCount: s.accessConfigurations.count,
          AccessConfigurationQuota: s.accessConfigurations.quota,
          SCIMServerCredentialCount: s.scimCredentials.count,
          SCIMSyncEnabled: s.scimSynchronization === 'Enabled',
          SSOEnabled: s.ssoStatus === 'Enabled',
          InProgressTaskCount: s.tasksInProgress,
          SystemPolicyPerAccessConfigurationQuota: MAX_SYSTEM_POLICIES,
          InlinePolicyPerAccessConfigurationQuota: MAX_INLINE_POLICIES,
        },
      });
    },
  }),
];
