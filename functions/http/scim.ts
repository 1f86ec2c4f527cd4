import { handle } from 'hono/aws-lambda';
import { withScimReadCache } from '../../adapters/cache/scim-read-cache';
import { container, type Container } from '../wire';
import { createScimBase } from './scim/app';
import { registerDiscovery } from './scim/discovery';
import { registerGroups } from './scim/groups';
import { registerUsers } from './scim/users';

/** The SCIM 2.0 server (RFC 7643, RFC 7644) that Entra ID and Okta provision a directory through. */
export const createScimApp = (base: () => Container, options: { readonly cacheTtlMs?: number } = {}) => {
  let cached: Container | undefined;
  let from: Container | undefined;
  const deps = () => {
    const current = base();
    if (cached === undefined || from !== current) [from, cached] = [current, withScimReadCache(current, options.cacheTtlMs)];
    return cached;
  };
  const app = createScimBase(deps);
  registerDiscovery(app);
  registerUsers(app, deps);
  registerGroups(app, deps);
  return app;
};

export const app = createScimApp(container);
export const handler = handle(app);
