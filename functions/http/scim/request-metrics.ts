import type { MiddlewareHandler } from 'hono';
import type { Container } from '../../wire';

/**
 * The `Status` dimension of `ScimRequests`: the status class (`2xx`, `4xx`, `5xx`), except 429, which
 * stands alone so rate limiting (an IdP pushing too fast) is not mistaken for bad requests.
 */
export const scimStatusLabel = (status: number): string => (status === 429 ? '429' : `${Math.floor(status / 100)}xx`);

/** Counts every SCIM response by status, whatever answered it (authentication, limits, handlers, errors). */
export const scimRequestMetrics =
  (deps: () => Pick<Container, 'metrics'>): MiddlewareHandler =>
  async (c, next) => {
    await next();
    deps().metrics.record('ScimRequests', 1, 'Count', { Status: scimStatusLabel(c.res.status) });
  };
