import { authenticate, authenticateBySecretHash, type InvalidApiKey } from '../iam/authenticate';
import type { IamPorts } from '../iam/iam-ports';
import type { Principal } from '../iam/principal';
import type { Clock } from '../shared/clock';
import { ok, type Result } from '../shared/result';
import { CONSOLE_SESSION_SECONDS, type ConsoleSession } from './console-session';
import type { ConsoleSessionRepository } from './ports';

export type ConsolePorts = Pick<IamPorts, 'apiKeys' | 'administrators' | 'accounts' | 'secrets'> & {
  readonly consoleSessions: ConsoleSessionRepository;
  readonly clock: Clock;
};

/** Signs in with an API key (the account's own or an administrator's): a session, and its cookie value. */
export const signInToConsole = async (
  ports: ConsolePorts,
  presentedKey: string,
): Promise<Result<{ readonly token: string; readonly session: ConsoleSession; readonly principal: Principal }, InvalidApiKey>> => {
  const principal = await authenticate(ports, presentedKey.trim());
  if (!principal.ok) return principal;
  const now = ports.clock.now();
  const token = ports.secrets.newOpaqueToken();
  const session: ConsoleSession = {
    idHash: ports.secrets.hash(token),
    keySecretHash: ports.secrets.hash(presentedKey.trim()),
    csrfToken: ports.secrets.newOpaqueToken(),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CONSOLE_SESSION_SECONDS * 1000).toISOString(),
  };
  await ports.consoleSessions.create(session);
  return ok({ token, session, principal: principal.value });
};

/** The session a cookie names and who it is now (policies read again); undefined when either is gone. */
export const resolveConsoleSession = async (
  ports: ConsolePorts,
  token: string | undefined,
): Promise<{ readonly session: ConsoleSession; readonly principal: Principal } | undefined> => {
  if (!token || token.length > 128) return undefined;
  const session = await ports.consoleSessions.get(ports.secrets.hash(token));
  if (!session) return undefined;
  const principal = await authenticateBySecretHash(ports, session.keySecretHash);
  if (!principal.ok) {
    await ports.consoleSessions.delete(session.idHash);
    return undefined;
  }
  return { session, principal: principal.value };
};

export const signOutOfConsole = async (ports: ConsolePorts, token: string | undefined): Promise<void> => {
  if (token && token.length <= 128) await ports.consoleSessions.delete(ports.secrets.hash(token));
};
