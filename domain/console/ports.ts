import type { ConsoleSession } from './console-session';

/** Console sessions by the hash of their cookie value. `get` returns nothing for an expired session. */
export interface ConsoleSessionRepository {
  create(session: ConsoleSession): Promise<void>;
  get(idHash: string): Promise<ConsoleSession | undefined>;
  delete(idHash: string): Promise<void>;
}
