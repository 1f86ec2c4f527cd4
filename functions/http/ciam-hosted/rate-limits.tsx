import type { Context, MiddlewareHandler } from 'hono';
import { DEFAULT_ENDPOINT_PATHS, DISCOVERY_PATH } from '../../../domain/ciam/oidc/discovery';
import { byClientNetwork, inWords, rateLimit, type LimitRule, type RateLimitDeps, type Throttled } from '../rate-limit';
import { HostedErrorPage } from './layout';

const INSTANCE = /^\/ciam\/([^/]+)(\/.*)?$/;

/**
 * Read-only documents relying parties and service providers fetch and cache, and UserInfo (a read
 * with a bearer token): never counted (see request-limits.ts). `_dev` is the local SMS outbox.
 */
const UNCOUNTED = new Set([`/oidc${DISCOVERY_PATH}`, `/oidc${DEFAULT_ENDPOINT_PATHS.jwks}`, `/oidc${DEFAULT_ENDPOINT_PATHS.userinfo}`, '/saml/metadata']);
const TOKEN = `/oidc${DEFAULT_ENDPOINT_PATHS.token}`;

const instanceOf = (c: Context) => INSTANCE.exec(c.req.path)?.[1];
const restOf = (c: Context) => INSTANCE.exec(c.req.path)?.[2] ?? '';
const isToken = (c: Context) => c.req.method === 'POST' && restOf(c) === TOKEN;

const TOKEN_RULES: readonly LimitRule[] = [
  { name: 'oidc-token.ip', scope: byClientNetwork },
  { name: 'oidc-token.instance', scope: instanceOf },
];
const LOGON_RULES: readonly LimitRule[] = [
  { name: 'ciam-logon.ip', scope: byClientNetwork },
  { name: 'ciam-logon.instance', scope: instanceOf },
];

const rulesFor = (c: Context): readonly LimitRule[] => {
  const instance = instanceOf(c);
  if (instance === undefined || instance === '_dev' || UNCOUNTED.has(restOf(c))) return [];
  return isToken(c) ? TOKEN_RULES : LOGON_RULES;
};

/**
 * The token endpoint's callers are programs: an OAuth JSON error. RFC 6749 §5.2 has no code for
 * "too many requests"; `temporarily_unavailable` (RFC 6749 §4.1.2.1, in the IANA OAuth error registry:
 * "temporary overloading") says what a client should do, retry later, and generic OAuth libraries
 * surface it as such. Not `slow_down`: RFC 8628 §3.5 defines it for device-code polling, and a client
 * may react by lengthening a polling interval it does not have. The 429 and Retry-After carry the rest.
 */
const tokenRefusal = (c: Context, t: Throttled) =>
  c.json(
    {
      error: 'temporarily_unavailable',
      error_description: `Too many token requests ${t.name === 'oidc-token.ip' ? 'from this network' : 'for this instance'}; retry after ${t.retryAfterSeconds} s.`,
    },
    429,
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );

/** Browsers: the hosted pages' own error page. */
const pageRefusal = (c: Context, t: Throttled) =>
  c.html(
    <HostedErrorPage
      title="Too many requests"
      message={`${t.name === 'ciam-logon.ip' ? 'Your network has' : 'This service has'} sent too many sign-in requests. Please wait ${inWords(t.retryAfterSeconds)} and try again.`}
    />,
    429,
  );

/**
 * `oidc-token.*` for the token endpoint, `ciam-logon.*` for every other request under
 * `/ciam/<instanceId>/` (logon pages, authorization and its continuation, SAML SSO, sign-out), each
 * per client network and then per instance.
 */
export const limitCiamHosted = (deps: () => RateLimitDeps): MiddlewareHandler =>
  rateLimit(deps, rulesFor, (c, t) => (isToken(c) ? tokenRefusal(c, t) : pageRefusal(c, t)));
