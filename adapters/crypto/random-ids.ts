import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type {
  AccessConfigurationId,
  AccountId,
  ApplicationId,
  CustomerId,
  InstanceId,
  OrderId,
  AdministratorId,
  ApiKeyId,
  DirectoryId,
  FolderId,
  GroupId,
  IdGenerator,
  ResourceDirectoryId,
  ScimCredentialId,
  TaskId,
  UserId,
} from '../../domain/shared/ids';

const ulid = monotonicFactory();

/** Lower-case base36 from 10 random bytes: about 80 bits, safe from guessing and collisions. */
const token = (): string => BigInt(`0x${randomBytes(10).toString('hex')}`).toString(36).padStart(16, '0');

/** Random identifiers in the shapes Alibaba Cloud uses (`rd-…`, `fd-…`, 16-digit account ids). */
export const randomIds: IdGenerator = {
  // 16 digits, no leading zero: 10^15 + (64 random bits mod 9·10^15); the modulo bias is below 10^-3.
  accountId: () => String(10n ** 15n + (randomBytes(8).readBigUInt64BE() % (9n * 10n ** 15n))) as AccountId,
  resourceDirectoryId: () => `rd-${token().slice(0, 10)}` as ResourceDirectoryId,
  folderId: () => `fd-${token().slice(0, 10)}` as FolderId,
  administratorId: () => `adm-${token()}` as AdministratorId,
  apiKeyId: () => `AK${token().toUpperCase()}` as ApiKeyId,
  taskId: () => `t-${ulid()}` as TaskId,
  directoryId: () => `d-${token().slice(0, 12)}` as DirectoryId,
  userId: () => `u-${token()}` as UserId,
  groupId: () => `g-${token()}` as GroupId,
  scimCredentialId: () => `scimcred-${token()}` as ScimCredentialId,
  accessConfigurationId: () => `ac-${token()}${token().slice(0, 4)}` as AccessConfigurationId,
  instanceId: () => `idaas_${token()}${token().slice(0, 10)}` as InstanceId,
  orderId: () => String(10n ** 15n + (randomBytes(8).readBigUInt64BE() % (9n * 10n ** 15n))) as OrderId,
  applicationId: () => `app_${token()}${token().slice(0, 10)}` as ApplicationId,
  customerId: () => `user_${token()}${token().slice(0, 10)}` as CustomerId,
};
