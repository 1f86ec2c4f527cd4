import { Hono } from 'hono';
import type { ServerlessConfig } from '../serverless-config';
import { httpRoutes } from '../serverless-config';

import type { FetchApp } from '../../functions/http';

/**
 * Routes requests to function apps exactly as serverless.yml tells API Gateway to: `{proxy+}` is
 * greedy, `ANY` matches every method, and the most specific (longest literal) route wins. A path no
 * function claims gets API Gateway's own 404, so a route missing from serverless.yml fails locally
 * too.
 */
export const createGateway = (config: ServerlessConfig, apps: Record<string, FetchApp>): Hono => {
  const routes = httpRoutes(config)
    .map((r) => {
      const app = apps[r.fn];
      if (!app) throw new Error(`serverless.yml routes to function ${r.fn}, which has no app`);
      const literal = r.path.replace(/\{[^}]+\}/g, '');
      const pattern = r.path
        .split(/(\{[^}]+\})/)
        .map((part) =>
          part === '{proxy+}' ? '.+' : part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('');
      return { ...r, app, regex: new RegExp(`^${pattern}$`), weight: literal.length };
    })
    .sort((a, b) => b.weight - a.weight);

  const gateway = new Hono();
  gateway.all('*', (c) => {
    const path = new URL(c.req.url).pathname;
    const route = routes.find((r) => (r.method === 'ANY' || r.method === c.req.method) && r.regex.test(path));
    if (!route) return c.json({ message: 'Not Found' }, 404);
    // The env carries the caller's socket (its IP), as API Gateway's requestContext does in Lambda.
    return route.app.fetch(c.req.raw, c.env as Record<string, unknown> | undefined);
  });
  return gateway;
};
