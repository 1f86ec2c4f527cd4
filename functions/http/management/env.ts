import type { RequestLogVariables } from '../request-log';
import type { Principal } from '../../../domain/iam/principal';
import type { Container } from '../../wire';

/** Hono's typed context for the management API. */
export type ManagementEnv = {
  Variables: RequestLogVariables & { principal: Principal };
};

/** Resolves the container lazily, so a module can export its app before the container is built. */
export type Deps = () => Container;
