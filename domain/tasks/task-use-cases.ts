import { authorize, type Forbidden, type Principal } from '../iam/principal';
import type { AccountRepository } from '../org/ports';
import type { TaskId } from '../shared/ids';
import type { Page, PageRequest } from '../shared/page';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { InvalidNextToken } from '../shared/store-outcomes';
import type { TaskRepository } from './ports';
import type { Task, TaskScope } from './task';

export type TaskMissing = Failure<'EntityNotExists.Task'>;

/** The caller's task scope: its resource directory (later also its CloudSSO directory). */
const scopeOf = async (accounts: AccountRepository, principal: Principal): Promise<TaskScope | undefined> => {
  const account = await accounts.get(principal.accountId);
  return account?.type === 'ManagementAccount' && account.resourceDirectoryId
    ? { kind: 'resourceDirectory', id: account.resourceDirectoryId }
    : undefined;
};

type Ports = { readonly accounts: AccountRepository; readonly tasks: TaskRepository };

export const getTask = async (ports: Ports, principal: Principal, id: TaskId): Promise<Result<Task, Forbidden | TaskMissing>> => {
  const allowed = authorize(principal, 'resourcemanager:GetTask');
  if (!allowed.ok) return allowed;
  const scope = await scopeOf(ports.accounts, principal);
  const task = scope ? await ports.tasks.get(scope, id) : undefined;
  return task ? ok(task) : fail('EntityNotExists.Task', `Task ${id} does not exist.`);
};

export const listTasks = async (
  ports: Ports,
  principal: Principal,
  page: PageRequest,
): Promise<Result<Page<Task>, Forbidden | InvalidNextToken>> => {
  const allowed = authorize(principal, 'resourcemanager:ListTasks');
  if (!allowed.ok) return allowed;
  const scope = await scopeOf(ports.accounts, principal);
  return scope ? ports.tasks.list(scope, page) : ok({ items: [] });
};
