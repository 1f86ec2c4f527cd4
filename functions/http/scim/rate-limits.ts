import type { Context, MiddlewareHandler } from 'hono';
import type { ScimError } from '../../../domain/scim/scim-error';
import { byClientNetwork, describeLimit, rateLimit, type RateLimitDeps, type Throttled } from '../rate-limit';
import type { ScimEnv } from './env';

type Render = (c: Context, error: ScimError) => Response;

const WHO = { 'scim.ip': 'your network', 'scim.credential': 'this SCIM token', 'scim.directory': 'this directory' } as const;

/** RFC 7644 §3.12 lists 429 among SCIM's errors; the body is the usual Error message, no scimType. */
const refuse = (render: Render) => (c: Context, t: Throttled) =>
  render(c, {
    status: 429,
    detail: `Too many requests for ${WHO[t.name as keyof typeof WHO]} (${describeLimit(t.limit)}); retry after ${t.retryAfterSeconds} s.`,
  });

/** `scim.ip`: every request, discovery included, before the token is looked up (bad tokens count). */
export const limitScimClients = (deps: () => RateLimitDeps, render: Render): MiddlewareHandler<ScimEnv> =>
  rateLimit(deps, [{ name: 'scim.ip', scope: byClientNetwork }], refuse(render));

/** `scim.credential`, then `scim.directory`: authenticated requests (discovery has no token and is not counted). */
export const limitScimTokens = (deps: () => RateLimitDeps, render: Render): MiddlewareHandler<ScimEnv> =>
  rateLimit(
    deps,
    [
      { name: 'scim.credential', scope: (c) => (c as Context<ScimEnv>).get('credential')?.id },
      { name: 'scim.directory', scope: (c) => (c as Context<ScimEnv>).get('credential')?.directoryId },
    ],
    refuse(render),
  );
