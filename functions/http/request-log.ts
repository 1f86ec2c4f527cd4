import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../adapters/log/json-logger';
import type { Container } from '../wire';

export type RequestLogVariables = {
  requestId: string;
  logger: Logger;
  /** The tenant the request works on (`directory/d-…`), once known: set by the audit middleware. */
  auditTenant?: string;
};

/**
 * A request id on every response (`X-Request-Id`) and one JSON access-log line per request. In
 * Lambda the id is API Gateway's, which ties our logs to its access logs. `describe` adds who called.
 */
export const requestLog =
  <V extends RequestLogVariables>(
    deps: () => Pick<Container, 'logger'>,
    describe: (vars: Partial<V>) => Record<string, unknown> | undefined = () => undefined,
  ): MiddlewareHandler<{ Variables: V }> =>
  async (c, next) => {
    const env = c.env as { requestContext?: { requestId?: string } } | undefined;
    const requestId = env?.requestContext?.requestId ?? randomUUID();
    const logger = deps().logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('logger', logger);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    logger.log(c.res.status >= 500 ? 'error' : 'info', 'request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
      ...(c.var.auditTenant ? { tenant: c.var.auditTenant } : {}),
      ...describe(c.var as Partial<V>),
    });
  };
