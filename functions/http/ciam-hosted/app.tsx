import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorFields } from '../../../adapters/log/json-logger';
import type { Container } from '../../wire';
import { requestLog, type RequestLogVariables } from '../request-log';
import { registerAuthorize } from './authorize';
import { registerLogonPages } from './logon-pages';
import { registerOidcEndpoints } from './oidc-endpoints';
import { registerSamlSso } from './saml-sso';
import { HostedErrorPage } from './layout';
import { limitCiamHosted } from './rate-limits';
import { auditHosted } from './audit';

type HostedEnv = { Variables: RequestLogVariables };

/**
 * A CIAM instance's public face under `/ciam/<instanceId>/…`: the OpenID Connect provider, the SAML
 * IdP and the hosted logon pages (hono/jsx, server-rendered, no JavaScript needed).
 */
export const createCiamHostedApp = (deps: () => Container) => {
  const app = new Hono<HostedEnv>();
  app.use('*', requestLog<HostedEnv['Variables']>(deps, () => undefined));
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Request too large', 413) }));
  app.use('*', async (c, next) => {
    await next();
    // no-store unless the route chose otherwise (the JWKS may be cached for a few minutes).
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    if ((c.res.headers.get('content-type') ?? '').startsWith('text/html')) {
      c.header('X-Frame-Options', 'DENY');
      // No form-action: a form posted here ends in a redirect to the client, which form-action would block.
      // A route with a policy of its own (the SAML POST form's script nonce) keeps it.
      if (!c.res.headers.has('Content-Security-Policy')) {
        c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; frame-ancestors 'none'; base-uri 'none'");
      }
    }
  });
  app.use('*', limitCiamHosted(deps));
  app.use('*', auditHosted(deps));
  app.onError((error, c) => {
    c.get('logger')?.log('error', 'hosted page error', errorFields(error));
    return c.html(<HostedErrorPage title="Something went wrong" message={`Please try again. Reference: ${c.get('requestId')}`} />, 500);
  });
  registerAuthorize(app as unknown as Hono, deps);
  registerLogonPages(app, deps);
  registerOidcEndpoints(app as unknown as Hono, deps);
  registerSamlSso(app, deps);
  app.notFound((c) => c.html(<HostedErrorPage title="Not found" message="There is no such page." />, 404));
  return app;
};
