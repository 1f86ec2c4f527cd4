import { removeExpiredAssignments } from '../../domain/access/access-assignment-use-cases';
import { invocationLogger, type InvocationContext } from '../invocation-logger';
import { container, type Container } from '../wire';

/** Scheduled every few minutes: removes time-bound access assignments past their end (and so their roles). */
export const createAccessExpiryHandler = (deps: () => Container) => async (_event?: unknown, context?: InvocationContext): Promise<{ removed: number }> => {
  const c = deps();
  let removed = 0;
  // A bounded batch per round; a backlog drains over the next runs.
  for (let round = 0; round < 10; round++) {
    const count = await removeExpiredAssignments(c, 100);
    removed += count;
    if (count < 100) break;
  }
  invocationLogger(c.logger, context, { job: 'access-expiry' }).log('info', 'expired access assignments removed', { removed });
  return { removed };
};

export const handler = createAccessExpiryHandler(container);
