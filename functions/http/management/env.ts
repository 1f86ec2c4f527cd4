import type { Logger } from '../../../adapters/log/json-logger';
import type { Principal } from '../../../domain/iam/principal';
import type { Container } from '../../wire';

/** Hono's typed context for the management API. */
export type ManagementEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
    principal: Principal;
  };
};

/** Resolves the container lazily, so a module can export its app before the container is built. */
export type Deps = () => Container;
