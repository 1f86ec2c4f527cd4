import { randomBytes, randomInt } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type {
  AccountId,
  AdministratorId,
  ApiKeyId,
  FolderId,
  IdGenerator,
  ResourceDirectoryId,
  TaskId,
} from '../../domain/shared/ids';

const ulid = monotonicFactory();

/** Lower-case base36 from 10 random bytes: about 80 bits, safe from guessing and collisions. */
const token = (): string => BigInt(`0x${randomBytes(10).toString('hex')}`).toString(36).padStart(16, '0');

/** Random identifiers in the shapes Alibaba Cloud uses (`rd-…`, `fd-…`, 16-digit account ids). */
export const randomIds: IdGenerator = {
  accountId: () => `${randomInt(1, 10)}${String(randomInt(0, 1e15)).padStart(15, '0')}` as AccountId,
  resourceDirectoryId: () => `rd-${token().slice(0, 10)}` as ResourceDirectoryId,
  folderId: () => `fd-${token().slice(0, 10)}` as FolderId,
  administratorId: () => `adm-${token()}` as AdministratorId,
  apiKeyId: () => `AK${token().toUpperCase()}` as ApiKeyId,
  taskId: () => `t-${ulid()}` as TaskId,
};
