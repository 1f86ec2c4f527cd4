import { ok, type Failure, type Result } from '../shared/result';
import type { TaskWork } from '../tasks/task';
import type { OrgPorts } from './org-ports';

/**
 * Finishes removing a member account. Idempotent: an account already gone counts as removed, so a
 * duplicate message or a retry after a crash does nothing twice.
 */
export const removeResourceAccount = async (
  ports: Pick<OrgPorts, 'accounts' | 'resourceDirectories'>,
  work: Extract<TaskWork, { type: 'RemoveResourceAccount' }>,
): Promise<Result<void, Failure<'Account.NotRemoving'>>> => {
  const account = await ports.accounts.get(work.accountId);
  if (!account) return ok(undefined);
  if (account.status !== 'Removing') {
    return { ok: false, error: { code: 'Account.NotRemoving', message: `Account ${account.id} is no longer being removed.` } };
  }
  const done = await ports.resourceDirectories.finishRemoval(account);
  // A concurrent writer changed the account: throw so the queue retries with a fresh read.
  if (!done.ok) throw new Error(done.error.message);
  return ok(undefined);
};
