import { sweepTasks } from '../../domain/tasks/sweep-tasks';
import { invocationLogger, type InvocationContext } from '../invocation-logger';
import { container, type Container } from '../wire';

/** Scheduled every few minutes: re-sends tasks whose message was lost. */
export const createSweeperHandler = (deps: () => Container) => async (_event?: unknown, context?: InvocationContext): Promise<{ resent: number }> => {
  const c = deps();
  const result = await sweepTasks(c);
  invocationLogger(c.logger, context, { job: 'tasks-sweeper' }).log('info', 'tasks swept', result);
  return result;
};

export const handler = createSweeperHandler(container);
