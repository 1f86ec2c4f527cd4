import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { timingSafeEqual } from 'node:crypto';
import { errorFields } from '../../../adapters/log/json-logger';
import { resolveConsoleSession, signInToConsole, signOutOfConsole } from '../../../domain/console/console-sign-in';
import { principalLabel } from '../../../domain/iam/principal';
import type { Container } from '../../wire';
import { requestLog } from '../request-log';
import { principalActor } from '../audit/audit-middleware';
import { clientIp } from '../client-ip';
import { createConsoleApiClient } from './api-client';
import { Card, Csrf, Flash } from './components';
import { may, type ConsoleContext, type ConsoleEnv } from './env';
import { ConsoleLayout, type NavSection } from './layout';

const SESSION_COOKIE = 'atrium_console';
const LOGIN_CSRF_COOKIE = 'atrium_console_login';
const secure = (host: string | undefined) => !/^(127\.|localhost|\[::1\])/.test(host ?? '');
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** What a console page module adds: its routes, and its links in the navigation. */
export type ConsoleModule = {
  readonly register: (app: Hono<ConsoleEnv>, helpers: ConsoleHelpers) => void;
  readonly nav: (c: ConsoleContext) => NavSection | undefined;
};

export type ConsoleHelpers = {
  /** Renders a page in the console frame, with the navigation the principal may use. */
  readonly page: (c: ConsoleContext, title: string, body: unknown, status?: number) => Response | Promise<Response>;
  readonly deps: () => Container;
};

/**
 * The management console: server-rendered pages (hono/jsx) that work without JavaScript, over the
 * management API called in process (api-client.ts). Sign-in takes an API key (the account's own or
 * an administrator's); the session is server-side and keeps only the key's hash; the cookie is
 * opaque, HttpOnly, SameSite=Strict; every POST carries the session's CSRF token.
 */
export const createConsoleApp = (deps: () => Container, modules: readonly ConsoleModule[] = []) => {
  const app = new Hono<ConsoleEnv>();
  const client = createConsoleApiClient(deps);
  app.use('*', requestLog<ConsoleEnv['Variables']>(deps, (v) => (v.principal ? { principal: principalLabel(v.principal) } : undefined)));
  app.use('*', bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.text('Request too large', 413) }));
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  });

  const navOf = (c: ConsoleContext): NavSection[] => [
    { title: 'Console', links: [{ href: '/console', label: 'Overview' }] },
    ...modules.map((m) => m.nav(c)).filter((s): s is NavSection => s !== undefined),
  ];
  const page: ConsoleHelpers['page'] = (c, title, body, status = 200) =>
    c.html(
      <ConsoleLayout title={title} current={c.req.path} signedInAs={principalLabel(c.get('principal'))} csrf={c.get('consoleSession').csrfToken} nav={navOf(c)}>
        {body as never}
      </ConsoleLayout>,
      status as 200,
    );

  app.onError((error, c) => {
    c.get('logger')?.log('error', 'console error', errorFields(error));
    return c.html(
      <ConsoleLayout title="Something went wrong">
        <div class="card narrow">
          <h1>Something went wrong</h1>
          <p>Please try again. Reference: {c.get('requestId')}</p>
          <a href="/console">Back to the console</a>
        </div>
      </ConsoleLayout>,
      500,
    );
  });

  const signInPage = (c: ConsoleContext, csrf: string, error?: string, status = 200) =>
    c.html(
      <ConsoleLayout title="Sign in">
        <div class="card narrow">
          <h1>Sign in to the console</h1>
          <p class="muted">Use an API key: your account's own, or an administrator's. The console keeps only its hash.</p>
          <Flash error={error} />
          <form method="post" action="/console/sign-in">
            <input type="hidden" name="csrf" value={csrf} />
            <label for="apiKey">API key</label>
            <input id="apiKey" name="apiKey" type="password" autocomplete="off" required aria-invalid={error ? 'true' : undefined} />
            <button type="submit">Sign in</button>
          </form>
        </div>
      </ConsoleLayout>,
      status as 200,
    );

  app.get('/console/sign-in', (c) => {
    let csrf = getCookie(c, LOGIN_CSRF_COOKIE);
    if (!csrf || csrf.length > 128) {
      csrf = deps().secrets.newOpaqueToken();
      setCookie(c, LOGIN_CSRF_COOKIE, csrf, { path: '/console', httpOnly: true, sameSite: 'Strict', secure: secure(c.req.header('host')) });
    }
    return signInPage(c as ConsoleContext, csrf);
  });

  app.post('/console/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const cookie = getCookie(c, LOGIN_CSRF_COOKIE);
    // Login CSRF: the form must come from our own page (double submit of a cookie we set).
    if (!cookie || typeof form.csrf !== 'string' || !same(form.csrf, cookie)) {
      return signInPage(c as ConsoleContext, cookie ?? '', 'This form expired. Reload the page and sign in again.', 403);
    }
    const signed = await signInToConsole(deps(), typeof form.apiKey === 'string' ? form.apiKey : '');
    if (!signed.ok) return signInPage(c as ConsoleContext, cookie, 'That API key is unknown or inactive.', 401);
    // A sign-in is a logon: the account's trail has it (an unknown key names no account to file it under).
    await deps().auditRecorder.record(
      deps().auditRecorder.newEvent({
        tenant: { type: 'account', id: signed.value.principal.accountId },
        actor: { ...principalActor(signed.value.principal), authenticatedBy: 'ApiKey' },
        source: { ip: clientIp(c), ...(c.req.header('user-agent') ? { userAgent: c.req.header('user-agent')!.slice(0, 256) } : {}) },
        channel: 'Console',
        action: 'console:SignIn',
        resources: [],
        result: 'Success',
        requestId: c.get('requestId'),
      }),
    );
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/console' });
    setCookie(c, SESSION_COOKIE, signed.value.token, { path: '/console', httpOnly: true, sameSite: 'Strict', secure: secure(c.req.header('host')) });
    return c.redirect('/console', 303);
  });

  // Everything else needs a session; a POST also needs its CSRF token.
  const requireSession: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    if (c.req.path === '/console/sign-in') return next();
    const resolved = await resolveConsoleSession(deps(), getCookie(c, SESSION_COOKIE));
    if (!resolved) {
      deleteCookie(c, SESSION_COOKIE, { path: '/console' });
      return c.redirect('/console/sign-in', 303);
    }
    c.set('principal', resolved.principal);
    c.set('consoleSession', resolved.session);
    c.set('api', client(c, resolved.principal));
    c.set('form', {});
    if (c.req.method === 'POST') {
      const form = (await c.req.parseBody({ all: true })) as Record<string, string | string[]>;
      const token = form.csrf;
      if (typeof token !== 'string' || !same(token, resolved.session.csrfToken)) {
        return page(c, 'Form expired', <Flash error="This form is no longer valid. Go back, reload the page and try again." />, 403);
      }
      c.set('form', form);
    }
    return next();
  };
  app.use('/console', requireSession);
  app.use('/console/*', requireSession);

  app.post('/console/sign-out', async (c) => {
    await signOutOfConsole(deps(), getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/console' });
    return c.redirect('/console/sign-in', 303);
  });

  app.get('/console', async (c) => {
    const principal = c.get('principal');
    const api = c.get('api');
    const sso = may(principal, 'cloudsso:GetServiceStatus') ? await api('GET', '/api/v1/cloudsso/service') : undefined;
    const instances = may(principal, 'idaas:ListInstances') || principal.kind === 'administrator' ? await api('GET', '/api/v1/ciam/instances') : undefined;
    return page(
      c,
      'Overview',
      <>
        <h1>Overview</h1>
        <Card title="Who you are">
          <p>
            {principal.kind === 'account' ? (
              <>
                The cloud account <code>{principal.accountId}</code> itself: everything is allowed.
              </>
            ) : (
              <>
                Administrator <strong>{principal.name}</strong> of account <code>{principal.accountId}</code>, holding {principal.policies.length ? principal.policies.join(', ') : 'no policies'}.
              </>
            )}
          </p>
        </Card>
        {sso?.ok && (
          <Card title="CloudSSO">
            {sso.json.status === 'Enabled' ? (
              <p>
                Enabled. <a href="/console/cloudsso">Open the directory</a>.
              </p>
            ) : (
              <p>
                Not enabled. <a href="/console/cloudsso">Enable CloudSSO</a>.
              </p>
            )}
          </Card>
        )}
        {instances?.ok && (
          <Card title="CIAM">
            <p>
              {instances.json.instances.length} instance(s). <a href="/console/ciam/instances">Instances</a>
            </p>
          </Card>
        )}
        <Csrf token={c.get('consoleSession').csrfToken} />
      </>,
    );
  });

  for (const m of modules) m.register(app, { page, deps });
  app.notFound((c) => c.html(<ConsoleLayout title="Not found"><div class="card narrow"><h1>Not found</h1><a href="/console">Back to the console</a></div></ConsoleLayout>, 404));
  return app;
};
