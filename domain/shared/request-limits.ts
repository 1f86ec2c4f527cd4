import { clientNetwork } from './client-network';

/** So many requests per fixed window of so many seconds (the rate limiter's unit). */
export type Limit = { readonly requests: number; readonly perSeconds: number };

type LimitDefinition = Limit & {
  /** The environment variable that overrides it: `<requests>`, `<requests>/<seconds>` or `off`. */
  readonly env: string;
  /** What one request is, and whose allowance it uses. */
  readonly counts: string;
};

/**
 * The rate limits that protect the system as a whole (issue 8), one table for every protocol. Each is
 * counted per client network (`*.ip`: an IPv4 address, an IPv6 /64, see clientNetwork) or per tenant
 * (directory, CIAM instance, cloud account), in fixed windows shared by every function instance
 * (domain/shared/rate-limiter.ts). A request is checked per client first, then per tenant, so one
 * client over its own limit does not use up its tenant's allowance.
 *
 * The defaults are sized for real traffic (a corporate or carrier-grade NAT puts many people behind
 * one IPv4 address; Entra ID and Okta provision many tenants from shared addresses), so they stop
 * floods, not customers; operators move them with the environment variables. The SMS caps per phone
 * and per client network stay with the codes (`one-time-code-use-cases.ts`); `sms.instance` is the
 * instance's ceiling above them.
 *
 * Read-only documents are not counted: OIDC discovery, JWKS, SAML metadata and UserInfo are fetched
 * and cached by relying parties and IdPs and never write; counting them would let a misbehaving
 * client's polling use up its tenant's logon allowance. Every other request of the logon functions
 * counts, GETs included: several of them write (the SAML AuthnRequest, a parked authorization, a
 * CAPTCHA challenge, an authorization code at the continuation).
 */
export const REQUEST_LIMITS = {
  'management.ip': {
    requests: 6_000,
    perSeconds: 60,
    env: 'RATE_LIMIT_MANAGEMENT_IP',
    counts: 'every management API request (`/api/v1/…`) from one client network, before authentication, so bad keys count too',
  },
  'management.account': {
    requests: 3_000,
    perSeconds: 60,
    env: 'RATE_LIMIT_MANAGEMENT_ACCOUNT',
    counts: 'every authenticated management API request of one cloud account (its root keys and its administrators together)',
  },
  'scim.ip': {
    requests: 12_000,
    perSeconds: 60,
    env: 'RATE_LIMIT_SCIM_IP',
    counts: 'every SCIM request from one client network, before authentication (generous: IdPs provision many tenants from shared addresses)',
  },
  'scim.directory': {
    requests: 6_000,
    perSeconds: 60,
    env: 'RATE_LIMIT_SCIM_DIRECTORY',
    counts: "every authenticated SCIM request to one directory (all of its tokens together)",
  },
  'scim.credential': {
    requests: 100,
    perSeconds: 1,
    env: 'SCIM_RATE_LIMIT',
    counts: 'every authenticated SCIM request made with one token',
  },
  'portal.ip': {
    requests: 1_200,
    perSeconds: 60,
    env: 'RATE_LIMIT_PORTAL_IP',
    counts: 'every user portal and SAML SP request (`/portal/…`, `/saml/…`; metadata excepted) from one client network',
  },
  'portal.directory': {
    requests: 12_000,
    perSeconds: 60,
    env: 'RATE_LIMIT_PORTAL_DIRECTORY',
    counts: "every user portal and SAML SP request (logon, MFA, SAML login and ACS, pages) of one directory",
  },
  'ciam-logon.ip': {
    requests: 1_200,
    perSeconds: 60,
    env: 'RATE_LIMIT_CIAM_LOGON_IP',
    counts: 'every hosted logon page, authorization, SAML SSO and sign-out request (`/ciam/<instance>/…`) from one client network',
  },
  'ciam-logon.instance': {
    requests: 30_000,
    perSeconds: 60,
    env: 'RATE_LIMIT_CIAM_LOGON_INSTANCE',
    counts: 'the same requests, per CIAM instance',
  },
  'oidc-token.ip': {
    requests: 6_000,
    perSeconds: 60,
    env: 'RATE_LIMIT_OIDC_TOKEN_IP',
    counts: "token endpoint requests from one client network (a relying party's servers: one address serves many logons)",
  },
  'oidc-token.instance': {
    requests: 30_000,
    perSeconds: 60,
    env: 'RATE_LIMIT_OIDC_TOKEN_INSTANCE',
    counts: 'token endpoint requests (codes and refreshes) per CIAM instance',
  },
  'sms.instance': {
    requests: 100_000,
    perSeconds: 86_400,
    env: 'RATE_LIMIT_SMS_INSTANCE',
    counts: 'SMS codes sent per CIAM instance per UTC day (above the caps per phone and per client network)',
  },
} as const satisfies Record<string, LimitDefinition>;

export type RequestLimitName = keyof typeof REQUEST_LIMITS;
export const REQUEST_LIMIT_NAMES = Object.keys(REQUEST_LIMITS) as RequestLimitName[];

/** Switches every limit off (benchmarks, load tests): `RATE_LIMITS=off`. */
export const ALL_LIMITS_ENV = 'RATE_LIMITS';

/** Test and deployment overrides, by name, above the environment: a limit, or `off`. */
export type RequestLimitOverrides = Partial<Readonly<Record<RequestLimitName, Limit | 'off'>>>;

/** Where the edges and use cases read limits from; `undefined` means the limit is off. */
export interface RequestLimitSource {
  limit(name: RequestLimitName): Limit | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads one override: `<requests>` keeps the default window, `<requests>/<seconds>` sets both, `off`
 * switches the limit off. Anything else is a configuration error, thrown so a deployment fails loudly
 * rather than run without the limit it was given.
 */
export const parseLimit = (name: RequestLimitName, value: string): Limit | undefined => {
  const text = value.trim().toLowerCase();
  if (text === 'off') return undefined;
  const match = /^(\d+)(?:\/(\d+))?$/.exec(text);
  const requests = Number(match?.[1]);
  const perSeconds = match?.[2] === undefined ? REQUEST_LIMITS[name].perSeconds : Number(match[2]);
  if (!match || !Number.isSafeInteger(requests) || requests < 1 || !Number.isSafeInteger(perSeconds) || perSeconds < 1) {
    throw new Error(`${REQUEST_LIMITS[name].env}=${value}: expected <requests>, <requests>/<seconds> or off`);
  }
  return { requests, perSeconds };
};

/**
 * The limits in force: the overrides given, else the environment (read at each call, so a changed
 * variable applies at once), else the defaults. `env` is passed in: the domain reads no process state.
 */
export const requestLimitsFrom = (env: () => Env, overrides: RequestLimitOverrides = {}): RequestLimitSource => ({
  limit: (name) => {
    const given = overrides[name];
    if (given !== undefined) return given === 'off' ? undefined : given;
    const vars = env();
    if ((vars[ALL_LIMITS_ENV] ?? '').trim().toLowerCase() === 'off') return undefined;
    const value = vars[REQUEST_LIMITS[name].env];
    if (value !== undefined && value !== '') return parseLimit(name, value);
    const { requests, perSeconds } = REQUEST_LIMITS[name];
    return { requests, perSeconds };
  },
});

/** Checks every variable once (at cold start), so a malformed one fails the deployment, not a request. */
export const checkRequestLimits = (source: RequestLimitSource): void => {
  for (const name of REQUEST_LIMIT_NAMES) source.limit(name);
};

/**
 * The limiter key of one limit and scope. Per-client limits count by client network, so a subscriber's
 * IPv6 /64 is one client; per-tenant limits carry the tenant's id, so each tenant's counter is a
 * partition of its own and no tenant's traffic lands on another's.
 */
export const requestLimitKey = (name: RequestLimitName, scope: string): string => `${name}:${scope}`;
export const clientScope = (ip: string): string => clientNetwork(ip);
