import type { IdGenerator } from '../../domain/shared/ids';
import { currentAuditScope } from './audit-scope';

/** The resource type an id names, for the ids a call creates. Tasks and orders are records of a call, not its subject. */
const CREATED: Partial<Record<keyof IdGenerator, string>> = {
  accountId: 'Account',
  resourceDirectoryId: 'ResourceDirectory',
  folderId: 'Folder',
  administratorId: 'Administrator',
  apiKeyId: 'ApiKey',
  directoryId: 'Directory',
  userId: 'User',
  groupId: 'Group',
  scimCredentialId: 'ScimCredential',
  accessConfigurationId: 'AccessConfiguration',
  instanceId: 'Instance',
  applicationId: 'Application',
  customerId: 'Customer',
};

/**
 * Ids drawn during an audited call name what the call creates: the new user of CreateUser is in its
 * event's resources although the request could not name it. The record is written with the change,
 * and ids are drawn before it, so this is the only moment to learn them.
 */
export const auditedIds = (ids: IdGenerator): IdGenerator => {
  const wrapped = { ...ids } as Record<keyof IdGenerator, () => string>;
  for (const [method, type] of Object.entries(CREATED) as [keyof IdGenerator, string][]) {
    const draw = ids[method].bind(ids) as () => string;
    wrapped[method] = () => {
      const id = draw();
      currentAuditScope()?.addResources([{ type, id }]);
      return id;
    };
  }
  return wrapped as unknown as IdGenerator;
};
