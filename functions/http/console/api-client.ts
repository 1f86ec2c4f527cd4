import type { Context } from 'hono';
import type { Principal } from '../../../domain/iam/principal';
import type { Container } from '../../wire';
import { createCiamApp } from '../ciam';
import { createCloudSsoApp } from '../cloudsso';
import { createIamApp } from '../iam';
import { createOrgApp } from '../org';

/** A management API answer as the console reads it. */
export type ApiAnswer = { readonly status: number; readonly ok: boolean; readonly json: any; readonly headers: Headers; readonly text: string };

export type ConsoleApi = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) => Promise<ApiAnswer>;

/**
 * The console is a client of the management API, called in process: every page reads and every form
 * writes through the very routes (validation, authorization, audit, error codes) that REST callers
 * use. The call carries the session's principal in the env, which only this process can set; its
 * audit events say `Console` and `ConsoleSession`, with the user's own address and browser.
 */
export const createConsoleApiClient = (deps: () => Container) => {
  const apps: readonly [RegExp, { fetch: (request: Request, env?: unknown) => Response | Promise<Response> }][] = [
    [/^\/api\/v1\/cloudsso(\/|$)/, createCloudSsoApp(deps)],
    [/^\/api\/v1\/ciam(\/|$)/, createCiamApp(deps)],
    [/^\/api\/v1\/(resource-directory|tasks)(\/|$|\?)/, createOrgApp(deps)],
    [/^\/api\/v1\//, createIamApp(deps)],
  ];
  return (c: Context, principal: Principal): ConsoleApi =>
    async (method, path, body) => {
      const app = apps.find(([pattern]) => pattern.test(path))?.[1];
      if (!app) throw new Error(`the console called ${path}, which no management app serves`);
      const headers: Record<string, string> = { 'user-agent': c.req.header('user-agent') ?? 'atrium-console' };
      // The URLs the API hands out (portal, SCIM base, metadata) are built from the request's origin: the browser's.
      for (const name of ['host', 'x-forwarded-proto']) {
        const value = c.req.header(name);
        if (value) headers[name] = value;
      }
      const init: RequestInit = { method, headers };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      const env = { ...((c.env as Record<string, unknown> | undefined) ?? {}), consolePrincipal: principal };
      const res = await app.fetch(new Request(new URL(path, c.req.url), init), env);
      const text = await res.text();
      const json = (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : undefined;
      return { status: res.status, ok: res.status < 400, json, headers: res.headers, text };
    };
};
