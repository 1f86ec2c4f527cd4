import { ok, type Result } from '../shared/result';
import type { TaskWork } from '../tasks/task';
import type { DirectoryPorts } from './directory-ports';

const BATCH = 500;

/**
 * Deletes what a deleted group left: its memberships, a batch at a time until none remain, then what
 * else referred to it (access assignments). Idempotent: re-running after a crash picks up whatever
 * is left.
 */
export const purgeGroupMemberships = async (
  ports: Pick<DirectoryPorts, 'memberships' | 'groupDependencies'>,
  work: Extract<TaskWork, { type: 'PurgeGroupMemberships' }>,
): Promise<Result<void, never>> => {
  for (;;) {
    const { done } = await ports.memberships.purge(work.directoryId, work.groupId, BATCH);
    if (done) break;
  }
  await ports.groupDependencies.release(work.directoryId, work.groupId);
  return ok(undefined);
};
