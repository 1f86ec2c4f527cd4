import type { Context, Hono } from 'hono';
import { beginAuthorization, continueAuthorization, type AuthorizeOutcome } from '../../../domain/ciam/authorize-use-cases';
import type { InstanceId } from '../../../domain/shared/ids';
import type { Result } from '../../../domain/shared/result';
import type { AuthorizePageError } from '../../../domain/ciam/authorize-use-cases';
import { oidcIssuer } from '../../../domain/ciam/oidc/issuer';
import type { Container } from '../../wire';
import { publicOrigin } from '../management/origin';
import { HostedErrorPage } from './layout';
import { readSessionCookie } from './session-cookie';

export const issuerOf = (c: Context, instanceId: string) => oidcIssuer(publicOrigin(c), instanceId);

/** Where the logon pages live for a parked request; they come back to `continuePath` when done. */
export const logonPath = (instanceId: string, pendingId: string) => `/ciam/${instanceId}/login?request=${encodeURIComponent(pendingId)}`;
export const continuePath = (instanceId: string, pendingId: string) => `/ciam/${instanceId}/oidc/authorize/continue?request=${encodeURIComponent(pendingId)}`;

const respond = (c: Context, instanceId: string, outcome: Result<AuthorizeOutcome, AuthorizePageError>) => {
  if (!outcome.ok) {
    return c.html(
      <HostedErrorPage title="Sign-in request not accepted" message={outcome.error.error.message} code={outcome.error.error.code} />,
      400,
    );
  }
  const next = outcome.value;
  return c.redirect(next.kind === 'redirect' ? next.url : logonPath(instanceId, next.pending.id), 302);
};

/** Query parameters as the OIDC core expects them: repeated ones kept, so it can refuse them. */
const paramsOf = (c: Context) => {
  const params: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(c.req.queries())) params[name] = values.length === 1 ? values[0]! : values;
  return params;
};

/** The authorization endpoint (OIDC Core §3.1.2.1: GET; POST form too) and its return from the logon pages. */
export const registerAuthorize = (app: Hono, deps: () => Container) => {
  app.get('/ciam/:instanceId/oidc/authorize', async (c) => {
    const instanceId = c.req.param('instanceId') as InstanceId;
    return respond(c, instanceId, await beginAuthorization(deps(), { instanceId, params: paramsOf(c), sessionToken: readSessionCookie(c), issuer: issuerOf(c, instanceId) }));
  });
  app.post('/ciam/:instanceId/oidc/authorize', async (c) => {
    const instanceId = c.req.param('instanceId') as InstanceId;
    const form = await c.req.parseBody({ all: true });
    const params = Object.fromEntries(Object.entries(form).filter((e): e is [string, string | string[]] => typeof e[1] === 'string' || Array.isArray(e[1])));
    return respond(c, instanceId, await beginAuthorization(deps(), { instanceId, params: params as Record<string, string | string[]>, sessionToken: readSessionCookie(c), issuer: issuerOf(c, instanceId) }));
  });
  app.get('/ciam/:instanceId/oidc/authorize/continue', async (c) => {
    const instanceId = c.req.param('instanceId') as InstanceId;
    const pendingId = c.req.query('request') ?? '';
    return respond(c, instanceId, await continueAuthorization(deps(), { instanceId, pendingId, sessionToken: readSessionCookie(c), issuer: issuerOf(c, instanceId) }));
  });
};
