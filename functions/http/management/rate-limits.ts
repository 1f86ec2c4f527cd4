import type { Context, MiddlewareHandler } from 'hono';
import { byClientNetwork, describeLimit, rateLimit, type Throttled } from '../rate-limit';
import type { ApiErrorCode } from './api-error';
import type { Deps, ManagementEnv } from './env';

type Render = (c: Context<ManagementEnv>, code: ApiErrorCode, message: string) => Response;

/**
 * Alibaba Cloud's flow-control codes: `Throttling` when the caller's network sent too much (counted
 * before authentication, so requests with bad keys are limited too), `Throttling.User` when the
 * account did. Both are 429 with Retry-After, in the API's `{code, message, requestId}` shape.
 */
const refuse = (render: Render, code: 'Throttling' | 'Throttling.User', who: string) => (c: Context, t: Throttled) =>
  render(c as Context<ManagementEnv>, code, `Request was denied due to flow control: ${who} exceeded ${describeLimit(t.limit)}; retry after ${t.retryAfterSeconds} s.`);

/** `management.ip`: every `/api/…` request, before authentication. */
export const limitManagementClients = (deps: Deps, render: Render): MiddlewareHandler<ManagementEnv> =>
  rateLimit(deps, [{ name: 'management.ip', scope: byClientNetwork }], refuse(render, 'Throttling', 'your network'));

/** `management.account`: every authenticated request, per cloud account (root keys and administrators). */
export const limitManagementAccounts = (deps: Deps, render: Render): MiddlewareHandler<ManagementEnv> =>
  rateLimit(
    deps,
    [{ name: 'management.account', scope: (c) => (c as Context<ManagementEnv>).get('principal')?.accountId }],
    refuse(render, 'Throttling.User', 'this account'),
  );
