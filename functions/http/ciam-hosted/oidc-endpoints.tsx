import type { Context, Hono } from 'hono';
import { Hono as HonoApp } from 'hono';
import { constantTimeEqual, sha256 } from '../../../adapters/crypto/sha256';
import { errorFields } from '../../../adapters/log/json-logger';
import { endSession } from '../../../domain/ciam/end-session-use-cases';
import { openIdConfiguration, publishedSigningKeys } from '../../../domain/ciam/oidc-metadata-use-cases';
import { bearerErrorResponse, readBearerToken, type BearerErrorResponse } from '../../../domain/ciam/oidc/bearer-token';
import { DEFAULT_ENDPOINT_PATHS, DISCOVERY_PATH } from '../../../domain/ciam/oidc/discovery';
import { oauthError, oauthErrorResponse, type OAuthErrorResponse } from '../../../domain/ciam/oidc/errors';
import type { RequestParams } from '../../../domain/ciam/oidc/params';
import { exchangeToken } from '../../../domain/ciam/token-use-cases';
import { userInfo } from '../../../domain/ciam/userinfo-use-cases';
import type { InstanceId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import type { RequestLogVariables } from '../request-log';
import { issuerOf } from './authorize';
import { HostedErrorPage, HostedLayout } from './layout';
import { clearSessionCookie, readSessionCookie } from './session-cookie';

type OidcEnv = { Variables: RequestLogVariables };

/** The provider's routes: the issuer `/ciam/<instanceId>/oidc` plus discovery.ts's paths, so the two agree. */
const ISSUER_PATH = '/ciam/:instanceId/oidc';
const route = (path: string) => `${ISSUER_PATH}${path}`;

/** The OIDC use cases' ports: the container plus the digest and comparison they take as parameters. */
const portsOf = (deps: () => Container) => () => ({ ...deps(), sha256, constantTimeEqual });

const instanceOf = (c: Context) => c.req.param('instanceId') as InstanceId;

const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;
const isForm = (c: Context) => FORM.test(c.req.header('content-type') ?? '');

/** A form body as the OIDC core expects it: repeated names kept as arrays, so it can refuse them. */
const formParams = (body: string): RequestParams => {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name];
    params[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return params;
};

const queryParams = (c: Context): RequestParams => {
  const params: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(c.req.queries())) params[name] = values.length === 1 ? values[0]! : values;
  return params;
};

// RFC 6749 §5.1: token responses (and, here, their errors) must not be cached.
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

const oauthJson = (c: Context, response: OAuthErrorResponse) =>
  c.json(response.body, response.status, { ...response.headers, ...NO_STORE });

const bearerJson = (c: Context, response: BearerErrorResponse) =>
  response.body === undefined ? c.body(null, response.status, { ...response.headers }) : c.json(response.body, response.status, { ...response.headers });

const notFound = (c: Context, message: string) => c.json({ error: 'not_found', error_description: message }, 404);

/** RP-Initiated Logout §2: ask before signing out when the request may not come from the customer's RP. */
const ConfirmSignOut = (props: { action: string; form: Readonly<Record<string, string>>; csrfToken: string; applicationName?: string | undefined }) => (
  <HostedLayout title="Sign out" appName={props.applicationName}>
    <h1>Sign out?</h1>
    <p>You are about to sign out of every application that uses this account here.</p>
    <form method="post" action={props.action}>
      {Object.entries(props.form).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="confirm" value={props.csrfToken} />
      <button type="submit">Sign out</button>
    </form>
    <p class="muted switch">To stay signed in, close this page.</p>
  </HostedLayout>
);

const SignedOut = () => (
  <HostedLayout title="Signed out">
    <h1>You are signed out</h1>
    <p>You can close this page.</p>
  </HostedLayout>
);

/**
 * The OpenID provider's metadata and back-channel endpoints (discovery, JWKS, token, UserInfo) and the
 * end-session endpoint. The JSON endpoints answer a thrown error as OAuth `server_error` JSON rather
 * than the hosted pages' HTML error page: their callers are programs.
 */
export const registerOidcEndpoints = (app: Hono, deps: () => Container) => {
  const ports = portsOf(deps);
  const api = new HonoApp<OidcEnv>();
  api.onError((error, c) => {
    c.get('logger')?.log('error', 'OIDC endpoint error', errorFields(error));
    return c.json({ error: 'server_error', error_description: 'The server failed to answer; try again.' }, 500, { ...NO_STORE });
  });

  // OIDC Discovery §4.
  api.get(route(DISCOVERY_PATH), async (c) => {
    const instanceId = instanceOf(c);
    const found = await openIdConfiguration(ports(), { instanceId, issuer: issuerOf(c, instanceId) });
    return found.ok ? c.json(found.value) : notFound(c, found.error.message);
  });

  // RFC 7517 §5. Cacheable for a few minutes: a new key is published (Pending) well before it signs.
  api.get(route(DEFAULT_ENDPOINT_PATHS.jwks), async (c) => {
    const found = await publishedSigningKeys(ports(), instanceOf(c));
    return found.ok ? c.json(found.value, 200, { 'Cache-Control': 'public, max-age=300' }) : notFound(c, found.error.message);
  });

  // RFC 6749 §3.2: POST only, form-encoded (§4.1.3, §6).
  api.post(route(DEFAULT_ENDPOINT_PATHS.token), async (c) => {
    const instanceId = instanceOf(c);
    const issuer = issuerOf(c, instanceId);
    if (!isForm(c)) {
      return oauthJson(c, oauthErrorResponse(oauthError('invalid_request', 'The token request must be application/x-www-form-urlencoded.'), issuer));
    }
    const outcome = await exchangeToken(ports(), { instanceId, authorization: c.req.header('authorization'), params: formParams(await c.req.text()), issuer });
    if (!outcome.ok) return oauthJson(c, oauthErrorResponse(outcome.error, issuer));
    const { tokens, unpublished } = outcome.value;
    if (unpublished !== undefined) {
      c.get('logger').log('error', 'logon.succeeded not published; the tokens were issued', { event: unpublished.event, ...errorFields(unpublished.error) });
    }
    return c.json(tokens, 200, { ...NO_STORE });
  });

  // OIDC Core §5.3.1: GET and POST; the token in the Authorization header, or a POST's form (RFC 6750 §2.2).
  const answerUserInfo = async (c: Context, form: RequestParams | undefined) => {
    const instanceId = instanceOf(c);
    const issuer = issuerOf(c, instanceId);
    const token = readBearerToken(c.req.header('authorization'), form);
    if (!token.ok) return bearerJson(c, bearerErrorResponse(token.error, issuer));
    const claims = await userInfo(ports(), { instanceId, accessToken: token.value, issuer });
    return claims.ok ? c.json(claims.value, 200, { 'Cache-Control': 'no-store' }) : bearerJson(c, bearerErrorResponse(claims.error, issuer));
  };
  api.get(route(DEFAULT_ENDPOINT_PATHS.userinfo), (c) => answerUserInfo(c, undefined));
  api.post(route(DEFAULT_ENDPOINT_PATHS.userinfo), async (c) => answerUserInfo(c, isForm(c) ? formParams(await c.req.text()) : undefined));

  app.route('/', api as unknown as Hono);

  // RP-Initiated Logout §2: GET and POST. A page, not JSON: the customer's browser comes here.
  const logout = async (c: Context, params: RequestParams, confirmation: string | undefined) => {
    const instanceId = instanceOf(c);
    const outcome = await endSession(ports(), {
      instanceId,
      params,
      sessionToken: readSessionCookie(c),
      issuer: issuerOf(c, instanceId),
      confirmation,
    });
    if (!outcome.ok) {
      return c.html(<HostedErrorPage title="Sign-out request not accepted" message={outcome.error.message} code={outcome.error.code} />, 400);
    }
    const next = outcome.value;
    if (next.kind === 'confirm') {
      const action = `/ciam/${encodeURIComponent(instanceId)}/oidc${DEFAULT_ENDPOINT_PATHS.endSession}`;
      return c.html(<ConfirmSignOut action={action} form={next.form} csrfToken={next.csrfToken} applicationName={next.applicationName} />);
    }
    clearSessionCookie(c, instanceId);
    return next.redirectTo === undefined ? c.html(<SignedOut />) : c.redirect(next.redirectTo, 302);
  };
  app.get(route(DEFAULT_ENDPOINT_PATHS.endSession), (c) => logout(c, queryParams(c), undefined));
  app.post(route(DEFAULT_ENDPOINT_PATHS.endSession), async (c) => {
    const { confirm, ...params } = isForm(c) ? formParams(await c.req.text()) : {};
    // Only Atrium's own confirmation page posts `confirm` (same site, so the SameSite=Lax cookie comes
    // along). A relying party's cross-site POST arrives without the session cookie: send it on as a GET,
    // a top-level navigation that carries the cookie, so the session is really ended.
    if (confirm === undefined) {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(params)) for (const v of typeof value === 'string' ? [value] : (value ?? [])) query.append(name, v);
      const path = c.req.path;
      return c.redirect(query.size === 0 ? path : `${path}?${query.toString()}`, 303);
    }
    return logout(c, params, typeof confirm === 'string' ? confirm : undefined);
  });
};
