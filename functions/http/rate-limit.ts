import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../../adapters/log/json-logger';
import type { Metrics } from '../../domain/shared/metrics';
import type { RateLimiter } from '../../domain/shared/rate-limiter';
import { clientScope, requestLimitKey, type Limit, type RequestLimitName, type RequestLimitSource } from '../../domain/shared/request-limits';
import { clientIp } from './client-ip';

/** What a refusal tells the protocol's renderer: which limit was reached, and when to come back. */
export type Throttled = { readonly name: RequestLimitName; readonly limit: Limit; readonly retryAfterSeconds: number };

/** One limit and what it counts by: a scope, or `undefined` when this request is not counted. */
export type LimitRule = { readonly name: RequestLimitName; readonly scope: (c: Context) => string | undefined };

export type RateLimitDeps = {
  readonly rateLimiter: RateLimiter;
  readonly requestLimits: RequestLimitSource;
  readonly metrics?: Metrics;
};

/** Counts by the caller's network: the platform's address, never a header (client-ip.ts). */
export const byClientNetwork = (c: Context): string => clientScope(clientIp(c));

/**
 * Checks the rules in order and refuses with the protocol's own 429 at the first limit reached; every
 * refusal carries `Retry-After` (RFC 9110 §10.2.3, seconds) whatever the renderer writes. Put the
 * per-client rules before the per-tenant ones: a client over its own limit then does not use up its
 * tenant's allowance.
 */
export const rateLimit =
  (
    deps: () => RateLimitDeps,
    rules: readonly LimitRule[] | ((c: Context) => readonly LimitRule[]),
    refuse: (c: Context, throttled: Throttled) => Response | Promise<Response>,
  ): MiddlewareHandler =>
  async (c, next) => {
    const { rateLimiter, requestLimits, metrics } = deps();
    for (const rule of typeof rules === 'function' ? rules(c) : rules) {
      const limit = requestLimits.limit(rule.name);
      const scope = limit && rule.scope(c);
      if (!limit || scope === undefined) continue;
      const decision = await rateLimiter.consume(requestLimitKey(rule.name, scope), limit);
      if (decision.allowed) continue;
      const throttled: Throttled = { name: rule.name, limit, retryAfterSeconds: decision.retryAfterSeconds };
      (c.get('logger') as Logger | undefined)?.log('warn', 'rate limited', { limit: rule.name, scope, retryAfterSeconds: decision.retryAfterSeconds });
      metrics?.record('RateLimited', 1, 'Count', { Limit: rule.name });
      const response = await refuse(c, throttled);
      response.headers.set('Retry-After', String(decision.retryAfterSeconds));
      return response;
    }
    return next();
  };

/** "1 minute", "30 seconds": Retry-After in words for the pages people read. */
export const inWords = (seconds: number): string => {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} minutes`;
  return `${Math.round(seconds / 3600)} hours`;
};

/** "100 requests per second", "6000 requests per 60 seconds": the limit as a message states it. */
export const describeLimit = (limit: Limit): string =>
  `${limit.requests} request${limit.requests === 1 ? '' : 's'} per ${limit.perSeconds === 1 ? 'second' : `${limit.perSeconds} seconds`}`;
