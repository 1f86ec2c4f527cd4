import { sweepTasks } from '../../domain/tasks/sweep-tasks';
import { container, type Container } from '../wire';

/** Scheduled every few minutes: re-sends tasks whose message was lost. */
export const createSweeperHandler = (deps: () => Container) => async (): Promise<{ resent: number }> => {
  const c = deps();
  const result = await sweepTasks(c);
  c.logger.log('info', 'tasks swept', result);
  return result;
};

export const handler = createSweeperHandler(container);
