import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Argon2idHasher, OWASP_ARGON2ID } from '../../adapters/crypto/argon2-hasher';
import { CUSTOMER_SESSION_SECONDS } from '../../domain/ciam/customer-session';
import type { CustomerId, InstanceId } from '../../domain/shared/ids';
import { CUSTOMER_SESSION_COOKIE } from '../../functions/http/ciam-hosted/session-cookie';
import { apiWithWorkers } from '../support/access-world';
import { buyInstance } from '../support/ciam';
import { freshTable } from '../support/db';

// Real argon2id at test-sized cost (customers are created with a password through the management API).
const hasher = new Argon2idHasher({ ...OWASP_ARGON2ID, memorySize: 64, iterations: 1 });

const RP_CALLBACK = 'https://rp.example/cb';
const RP_BYE = 'https://rp.example/bye';
const APP_CALLBACK = 'com.example.shop:/oauth/callback';
const ALL_SCOPES = 'openid profile email phone offline_access';

let world: Awaited<ReturnType<typeof setUp>>;

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (s: string) => createHash('sha256').update(s, 'ascii').digest();
const pkce = () => {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(sha256(verifier)) };
};
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

type Client = { readonly instanceId: InstanceId; readonly clientId: string; readonly secret?: string; readonly redirectUri: string };

const setUp = async () => {
  const { table } = await freshTable();
  const { api, queue } = apiWithWorkers(table, { hasher });
  const root = await api.openAccount('Shop Corp');
  const buy = () => buyInstance(api, root.key);
  const a = await buy();
  const b = await buy();
  await queue.idle();

  const register = async (instanceId: InstanceId, body: Record<string, unknown>): Promise<Client> => {
    const res = await api.call('POST', `/api/v1/ciam/instances/${instanceId}/applications`, { key: root.key, body });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    const redirectUri = (body.oidc as { redirectUris: string[] }).redirectUris[0]!;
    const secret = res.json.clientSecret?.clientSecret as string | undefined;
    return { instanceId, clientId: res.json.application.applicationId as string, redirectUri, ...(secret === undefined ? {} : { secret }) };
  };
  const website = (instanceId: InstanceId, name = 'Shop web') =>
    register(instanceId, { name, type: 'Website', protocol: 'OIDC', oidc: { redirectUris: [RP_CALLBACK], postLogoutRedirectUris: [RP_BYE] } });
  const web = await website(a);
  const mobile = await register(a, { name: 'Shop app', type: 'MobileApp', protocol: 'OIDC', oidc: { redirectUris: [APP_CALLBACK] } });
  const webB = await website(b, 'Other shop');

  let serial = 0;
  const customer = async (instanceId: InstanceId, username: string) => {
    const res = await api.call('POST', `/api/v1/ciam/instances/${instanceId}/accounts`, {
      key: root.key,
      body: { username, password: 'Sesame-0pen!', phone: `139${String(++serial).padStart(8, '0')}`, email: `${username}@example.com`, displayName: `${username} L.` },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json as { customerId: CustomerId; username: string; phone: string; email: string; displayName: string };
  };
  const alice = await customer(a, 'alice');
  const bob = await customer(b, 'bob');
  return { api, root, a, b, web, mobile, webB, alice, bob, customer };
};

beforeAll(async () => {
  world = await setUp();
});

const nowSeconds = () => Math.floor(world.api.clock.now().getTime() / 1000);

/** Logs the customer on without the hosted pages: a session as they would create it, and its cookie value. */
const signIn = async (instanceId: InstanceId, customerId: CustomerId, authTime = nowSeconds() - 30) => {
  const token = b64url(randomBytes(32));
  const now = world.api.clock.now();
  await world.api.container.customerSessions.create({
    idHash: world.api.container.secrets.hash(token),
    instanceId,
    customerId,
    stage: 'active',
    authTime,
    methods: ['pwd'],
    csrfToken: b64url(randomBytes(16)),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CUSTOMER_SESSION_SECONDS * 1000).toISOString(),
  });
  return token;
};

const http = async (method: string, path: string, init: { headers?: Record<string, string>; form?: Record<string, string> | string } = {}) => {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.form !== undefined) {
    body = typeof init.form === 'string' ? init.form : new URLSearchParams(init.form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  const res = await world.api.gateway.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json') && text ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, text, json };
};

const issuerOf = (instanceId: string) => `http://localhost/ciam/${instanceId}/oidc`;
const path = (instanceId: string, endpoint: string) => `/ciam/${instanceId}/oidc${endpoint}`;
const cookie = (session: string) => ({ cookie: `${CUSTOMER_SESSION_COOKIE}=${session}` });

const authorize = (client: Client, params: Record<string, string>, session?: string) =>
  http('GET', `${path(client.instanceId, '/authorize')}?${new URLSearchParams({ response_type: 'code', client_id: client.clientId, redirect_uri: client.redirectUri, ...params })}`, {
    headers: session === undefined ? {} : cookie(session),
  });

/** The authorization endpoint's answer for a signed-in customer: the code, and the PKCE verifier to redeem it. */
const codeFor = async (client: Client, session: string, options: { scope?: string; nonce?: string; pkce?: boolean } = {}) => {
  const { verifier, challenge } = pkce();
  const res = await authorize(
    client,
    {
      scope: options.scope ?? ALL_SCOPES,
      state: 'st-1',
      ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
      ...(options.pkce === false ? {} : { code_challenge: challenge, code_challenge_method: 'S256' }),
    },
    session,
  );
  expect(res.status, res.text).toBe(302);
  expect(res.headers.get('location')).toMatch(new RegExp(`^${client.redirectUri.replace(/[.?/]/g, '\\$&')}\\?`));
  const location = new URL(res.headers.get('location')!);
  expect(location.searchParams.get('state')).toBe('st-1');
  const code = location.searchParams.get('code');
  expect(code, location.toString()).toBeTruthy();
  return { code: code!, verifier };
};

/** A token request authenticated the client's way: Basic for a confidential client, client_id for a public one. */
const token = (client: Client, form: Record<string, string>, auth: 'basic' | 'post' = 'basic', instanceId = client.instanceId) =>
  client.secret === undefined
    ? http('POST', path(instanceId, '/token'), { form: { client_id: client.clientId, ...form } })
    : auth === 'basic'
      ? http('POST', path(instanceId, '/token'), { headers: { authorization: basic(client.clientId, client.secret) }, form })
      : http('POST', path(instanceId, '/token'), { form: { client_id: client.clientId, client_secret: client.secret, ...form } });

const redeem = (client: Client, grant: { code: string; verifier: string }, auth: 'basic' | 'post' = 'basic') =>
  token(client, { grant_type: 'authorization_code', code: grant.code, redirect_uri: client.redirectUri, code_verifier: grant.verifier }, auth);

const refresh = (client: Client, refreshToken: string, extra: Record<string, string> = {}) =>
  token(client, { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra });

const userinfo = (instanceId: string, accessToken: string) => http('GET', path(instanceId, '/userinfo'), { headers: { authorization: `Bearer ${accessToken}` } });

const jwksOf = async (instanceId: string) => createLocalJWKSet((await http('GET', path(instanceId, '/jwks'))).json as JSONWebKeySet);

/** A signed-in customer's complete code flow at a client: the token response. */
const tokensFor = async (client: Client, customerId: CustomerId, options: { scope?: string; nonce?: string } = {}) => {
  const session = await signIn(client.instanceId, customerId);
  const res = await redeem(client, await codeFor(client, session, options));
  expect(res.status, res.text).toBe(200);
  return res.json as { access_token: string; id_token: string; refresh_token?: string; scope: string; expires_in: number; token_type: string };
};

const expectOAuthError = (res: Awaited<ReturnType<typeof http>>, status: number, error: string) => {
  expect(res.status, res.text).toBe(status);
  expect(res.json).toMatchObject({ error, error_description: expect.any(String) });
  expect(res.headers.get('cache-control')).toBe('no-store');
};

describe('discovery and JWKS', () => {
  it('publishes the provider metadata whose endpoints are the real routes', async () => {
    const issuer = issuerOf(world.a);
    const res = await http('GET', path(world.a, '/.well-known/openid-configuration'));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      end_session_endpoint: `${issuer}/logout`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    });
    // Every advertised endpoint is routed to the provider (none falls through to a 404).
    const local = (url: string) => new URL(url).pathname;
    expect((await http('GET', local(res.json.authorization_endpoint))).status).toBe(400);
    expectOAuthError(await http('POST', local(res.json.token_endpoint), { form: {} }), 401, 'invalid_client');
    expect((await http('GET', local(res.json.userinfo_endpoint))).status).toBe(401);
    expect((await http('GET', local(res.json.jwks_uri))).status).toBe(200);
    expect((await http('GET', local(res.json.end_session_endpoint))).status).toBe(200);
    // Each instance is its own issuer.
    expect((await http('GET', path(world.b, '/.well-known/openid-configuration'))).json.issuer).toBe(issuerOf(world.b));
  });

  it('answers 404 JSON for an instance that does not exist', async () => {
    for (const endpoint of ['/.well-known/openid-configuration', '/jwks']) {
      const res = await http('GET', path('idaas_nosuchinstance', endpoint));
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ error: 'not_found' });
    }
  });

  it('publishes public RSA keys only, cacheable for five minutes', async () => {
    const res = await http('GET', path(world.a, '/jwks'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const keys = res.json.keys as Record<string, unknown>[];
    expect(keys.length).toBeGreaterThanOrEqual(1);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB' });
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
    }
    const other = (await http('GET', path(world.b, '/jwks'))).json.keys as { kid: string }[];
    expect(other.map((k) => k.kid)).not.toEqual(expect.arrayContaining(keys.map((k) => k.kid)));
  });
});

describe('authorization code flow', () => {
  it('issues an access token, an ID token a relying party verifies from the JWKS, and a refresh token (PKCE S256, client_secret_basic)', async () => {
    const authTime = nowSeconds() - 120;
    const session = await signIn(world.a, world.alice.customerId, authTime);
    const grant = await codeFor(world.web, session, { nonce: 'n-0S6_WzA2Mj' });
    const res = await redeem(world.web, grant);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: ALL_SCOPES, refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

    const { payload, protectedHeader } = await jwtVerify(res.json.id_token, await jwksOf(world.a), {
      issuer: issuerOf(world.a),
      audience: world.web.clientId,
      algorithms: ['RS256'],
      currentDate: world.api.clock.now(),
    });
    expect(protectedHeader.typ).toBe('JWT');
    expect(payload).toMatchObject({
      sub: world.alice.customerId,
      nonce: 'n-0S6_WzA2Mj',
      auth_time: authTime,
      at_hash: b64url(sha256(res.json.access_token).subarray(0, 16)),
      preferred_username: 'alice',
      email: 'alice@example.com',
      email_verified: false,
    });
    expect(payload.exp! - payload.iat!).toBe(3600);

    // RFC 9068: the access token is an at+jwt for the client, naming the grant.
    const access = await jwtVerify(res.json.access_token, await jwksOf(world.a), { issuer: issuerOf(world.a), typ: 'at+jwt', currentDate: world.api.clock.now() });
    expect(access.payload).toMatchObject({
      sub: world.alice.customerId,
      aud: world.web.clientId,
      client_id: world.web.clientId,
      scope: ALL_SCOPES,
      gid: expect.stringMatching(/^grant_/),
      jti: expect.any(String),
    });

    const info = await userinfo(world.a, res.json.access_token);
    expect(info.status, info.text).toBe(200);
    expect(info.json).toEqual({
      sub: world.alice.customerId,
      preferred_username: 'alice',
      name: 'alice L.',
      email: 'alice@example.com',
      email_verified: false,
      phone_number: world.alice.phone,
      phone_number_verified: false,
    });
  });

  it('releases only the claims of the granted scope; no refresh token without offline_access', async () => {
    const tokens = await tokensFor(world.web, world.alice.customerId, { scope: 'openid email' });
    expect(tokens.scope).toBe('openid email');
    expect(tokens.refresh_token).toBeUndefined();
    expect((await userinfo(world.a, tokens.access_token)).json).toEqual({ sub: world.alice.customerId, email: 'alice@example.com', email_verified: false });
    expect(decodeJwt(tokens.id_token)).not.toHaveProperty('preferred_username');
    // POST with the token in the form (RFC 6750 §2.2) answers the same.
    const posted = await http('POST', path(world.a, '/userinfo'), { form: { access_token: tokens.access_token } });
    expect(posted.json).toEqual({ sub: world.alice.customerId, email: 'alice@example.com', email_verified: false });
  });

  it('authenticates with client_secret_post as well', async () => {
    const session = await signIn(world.a, world.alice.customerId);
    const res = await redeem(world.web, await codeFor(world.web, session), 'post');
    expect(res.status, res.text).toBe(200);
    expect(decodeJwt(res.json.id_token).aud).toBe(world.web.clientId);
  });

  it('refuses a wrong secret with 401 invalid_client and a Basic challenge, and does not spend the code', async () => {
    const session = await signIn(world.a, world.alice.customerId);
    const grant = await codeFor(world.web, session);
    const form = { grant_type: 'authorization_code', code: grant.code, redirect_uri: RP_CALLBACK, code_verifier: grant.verifier };
    const wrong = await http('POST', path(world.a, '/token'), { headers: { authorization: basic(world.web.clientId, 'not-the-secret') }, form });
    expectOAuthError(wrong, 401, 'invalid_client');
    expect(wrong.headers.get('www-authenticate')).toBe(`Basic realm="${issuerOf(world.a)}", charset="UTF-8"`);
    const posted = await http('POST', path(world.a, '/token'), { form: { ...form, client_id: world.web.clientId, client_secret: 'not-the-secret' } });
    expectOAuthError(posted, 401, 'invalid_client');
    // Two methods at once (RFC 6749 §2.3).
    const both = await http('POST', path(world.a, '/token'), {
      headers: { authorization: basic(world.web.clientId, world.web.secret!) },
      form: { ...form, client_secret: world.web.secret! },
    });
    expectOAuthError(both, 400, 'invalid_request');
    // Not a form.
    const json = await http('POST', path(world.a, '/token'), { headers: { authorization: basic(world.web.clientId, world.web.secret!), 'content-type': 'application/json' }, form: JSON.stringify(form) });
    expectOAuthError(json, 400, 'invalid_request');
    expect((await redeem(world.web, grant)).status).toBe(200);
  });

  it('a code used twice is invalid_grant, and revokes the refresh token and the access token of the first exchange', async () => {
    const session = await signIn(world.a, world.alice.customerId);
    const grant = await codeFor(world.web, session);
    const first = await redeem(world.web, grant);
    expect(first.status).toBe(200);
    expect((await userinfo(world.a, first.json.access_token)).status).toBe(200);

    expectOAuthError(await redeem(world.web, grant), 400, 'invalid_grant');
    expectOAuthError(await refresh(world.web, first.json.refresh_token), 400, 'invalid_grant');
    const info = await userinfo(world.a, first.json.access_token);
    expect(info.status).toBe(401);
    expect(info.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+", error="invalid_token", error_description="[^"]+"$/);
    expect(info.json).toMatchObject({ error: 'invalid_token' });
  });

  it('refuses a wrong PKCE verifier or none (and the code stays redeemable by the right one)', async () => {
    const session = await signIn(world.a, world.alice.customerId);
    const grant = await codeFor(world.web, session);
    expectOAuthError(await redeem(world.web, { ...grant, verifier: pkce().verifier }), 400, 'invalid_grant');
    const without = await token(world.web, { grant_type: 'authorization_code', code: grant.code, redirect_uri: RP_CALLBACK });
    expectOAuthError(without, 400, 'invalid_grant');
    expect(without.json.error_description).toContain('code_verifier');
    expect((await redeem(world.web, grant)).status).toBe(200);
  });

  it('refuses a redirect_uri other than the authorization request\'s', async () => {
    const session = await signIn(world.a, world.alice.customerId);
    const grant = await codeFor(world.web, session);
    const res = await token(world.web, { grant_type: 'authorization_code', code: grant.code, redirect_uri: 'https://rp.example/cb/', code_verifier: grant.verifier });
    expectOAuthError(res, 400, 'invalid_grant');
    expect(res.json.error_description).toContain('redirect_uri');
  });

  it('a public client must use PKCE at /authorize, and redeems by client_id alone (never with a secret)', async () => {
    const session = await signIn(world.a, world.alice.customerId);
    const refused = await authorize(world.mobile, { scope: 'openid', state: 'st-2' }, session);
    expect(refused.status).toBe(302);
    const location = new URL(refused.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();

    const grant = await codeFor(world.mobile, session, { scope: 'openid profile offline_access' });
    const withSecret = await http('POST', path(world.a, '/token'), {
      form: { grant_type: 'authorization_code', client_id: world.mobile.clientId, client_secret: 'anything', code: grant.code, redirect_uri: APP_CALLBACK, code_verifier: grant.verifier },
    });
    expectOAuthError(withSecret, 401, 'invalid_client');
    const res = await redeem(world.mobile, grant);
    expect(res.status, res.text).toBe(200);
    expect(res.json.refresh_token).toEqual(expect.any(String));
    expect(decodeJwt(res.json.id_token).aud).toBe(world.mobile.clientId);
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh returns a new refresh token and tokens for the same customer, and records a logon', async () => {
    const first = await tokensFor(world.web, world.alice.customerId, { nonce: 'n-refresh' });
    const before = world.api.logonEvents.list().length;
    world.api.clock.advance(60_000);
    const res = await refresh(world.web, first.refresh_token!);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json.refresh_token).toEqual(expect.any(String));
    expect(res.json.refresh_token).not.toBe(first.refresh_token);
    const idToken = decodeJwt(res.json.id_token);
    expect(idToken).toMatchObject({ sub: world.alice.customerId, auth_time: decodeJwt(first.id_token).auth_time });
    // OIDC Core §12.2: a refreshed ID token carries no nonce.
    expect(idToken).not.toHaveProperty('nonce');
    expect(decodeJwt(res.json.access_token).gid).toBe(decodeJwt(first.access_token).gid);
    expect((await userinfo(world.a, res.json.access_token)).status).toBe(200);

    const events = world.api.logonEvents.list();
    expect(events.length).toBe(before + 1);
    expect(events[0]).toEqual({
      type: 'logon.succeeded',
      version: 1,
      instanceId: world.a,
      applicationId: world.web.clientId,
      customerId: world.alice.customerId,
      method: 'RefreshToken',
      at: world.api.clock.now().toISOString(),
    });

    // A narrower scope for the new access token; a wider one is refused.
    const narrowed = await refresh(world.web, res.json.refresh_token, { scope: 'openid email' });
    expect(narrowed.json.scope).toBe('openid email');
    expect((await userinfo(world.a, narrowed.json.access_token)).json).not.toHaveProperty('preferred_username');
  });

  it('a reused refresh token revokes the whole family: its successor and the access tokens stop working', async () => {
    const first = await tokensFor(world.web, world.alice.customerId);
    const second = await refresh(world.web, first.refresh_token!);
    expect(second.status).toBe(200);
    const before = world.api.logonEvents.list().length;

    expectOAuthError(await refresh(world.web, first.refresh_token!), 400, 'invalid_grant');
    expectOAuthError(await refresh(world.web, second.json.refresh_token), 400, 'invalid_grant');
    expect((await userinfo(world.a, second.json.access_token)).status).toBe(401);
    expect((await userinfo(world.a, first.access_token)).status).toBe(401);
    // Refused refreshes are no logons.
    expect(world.api.logonEvents.list().length).toBe(before);
  });

  it('a refresh token is bound to its client', async () => {
    const first = await tokensFor(world.web, world.alice.customerId);
    const mobile = await refresh(world.mobile, first.refresh_token!);
    expectOAuthError(mobile, 400, 'invalid_grant');
    // Presenting it at the wrong client did not spend it.
    expect((await refresh(world.web, first.refresh_token!)).status).toBe(200);
  });

  it('refuses refresh and userinfo once the customer is disabled, and serves them again once enabled', async () => {
    const carol = await world.customer(world.a, 'carol');
    const first = await tokensFor(world.web, carol.customerId);
    const status = (value: 'Enabled' | 'Disabled') =>
      world.api.call('PUT', `/api/v1/ciam/instances/${world.a}/accounts/${carol.customerId}/status`, { key: world.root.key, body: { status: value } });
    expect((await status('Disabled')).status).toBe(200);
    expectOAuthError(await refresh(world.web, first.refresh_token!), 400, 'invalid_grant');
    expect((await userinfo(world.a, first.access_token)).status).toBe(401);
    expect((await status('Enabled')).status).toBe(200);
    // The refused refresh did not spend the token.
    expect((await refresh(world.web, first.refresh_token!)).status).toBe(200);
  });

  it('still answers a refresh when the metering event cannot be published, and logs the loss', async () => {
    const first = await tokensFor(world.web, world.alice.customerId);
    const publish = vi.spyOn(world.api.logonEvents, 'publish').mockRejectedValueOnce(new Error('metering queue unavailable'));
    try {
      const res = await refresh(world.web, first.refresh_token!);
      expect(res.status, res.text).toBe(200);
      expect(publish).toHaveBeenCalledTimes(1);
      expect((await refresh(world.web, res.json.refresh_token)).status).toBe(200);
    } finally {
      publish.mockRestore();
    }
    const logged = world.api.logs.find((l) => l.message === 'logon.succeeded not published; the tokens were issued');
    expect(logged, JSON.stringify(world.api.logs.slice(-3))).toBeDefined();
    expect(JSON.stringify(logged)).toContain('metering queue unavailable');
  });
});

describe('userinfo', () => {
  it('answers a request without a token with a bare Bearer challenge, and refuses an ID token or a forged token', async () => {
    const none = await http('GET', path(world.a, '/userinfo'));
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe(`Bearer realm="${issuerOf(world.a)}"`);

    const tokens = await tokensFor(world.web, world.alice.customerId);
    const idToken = await userinfo(world.a, tokens.id_token);
    expect(idToken.status).toBe(401);
    expect(idToken.headers.get('www-authenticate')).toContain('error="invalid_token"');

    const [header, payload] = tokens.access_token.split('.');
    const forged = `${header}.${payload}.${b64url(randomBytes(256))}`;
    expect((await userinfo(world.a, forged)).status).toBe(401);

    const both = await http('POST', path(world.a, '/userinfo'), { headers: { authorization: `Bearer ${tokens.access_token}` }, form: { access_token: tokens.access_token } });
    expect(both.status).toBe(400);
    expect(both.headers.get('www-authenticate')).toContain('error="invalid_request"');
  });

  it('refuses an expired access token', async () => {
    const tokens = await tokensFor(world.web, world.alice.customerId);
    world.api.clock.advance(3601_000);
    const res = await userinfo(world.a, tokens.access_token);
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: 'invalid_token' });
  });
});

describe('instances are isolated', () => {
  it("instance B's client, code and tokens get nothing at instance A's endpoints, nor A's at B's", async () => {
    // B's client at A's token endpoint: unknown there.
    const bobSession = await signIn(world.b, world.bob.customerId);
    const bGrant = await codeFor(world.webB, bobSession);
    const atA = await http('POST', path(world.a, '/token'), {
      headers: { authorization: basic(world.webB.clientId, world.webB.secret!) },
      form: { grant_type: 'authorization_code', code: bGrant.code, redirect_uri: RP_CALLBACK, code_verifier: bGrant.verifier },
    });
    expectOAuthError(atA, 401, 'invalid_client');

    // A's code presented by A's client at B's endpoint: the client is unknown there.
    const aliceSession = await signIn(world.a, world.alice.customerId);
    const aGrant = await codeFor(world.web, aliceSession);
    expectOAuthError(await token(world.web, { grant_type: 'authorization_code', code: aGrant.code, redirect_uri: RP_CALLBACK, code_verifier: aGrant.verifier }, 'basic', world.b), 401, 'invalid_client');
    // A's code presented by B's client at B's endpoint: no such code in B.
    expectOAuthError(await token(world.webB, { grant_type: 'authorization_code', code: aGrant.code, redirect_uri: RP_CALLBACK, code_verifier: aGrant.verifier }), 400, 'invalid_grant');

    // A's tokens at B: the access token is not B's, the refresh token not found.
    const aTokens = await redeem(world.web, aGrant);
    expect(aTokens.status, aTokens.text).toBe(200);
    expect((await userinfo(world.b, aTokens.json.access_token)).status).toBe(401);
    expectOAuthError(await refresh(world.webB, aTokens.json.refresh_token), 400, 'invalid_grant');
    // And A's session cookie is not a session at B.
    const atB = await authorize(world.webB, { scope: 'openid', state: 's' }, aliceSession);
    expect(atB.headers.get('location')).toMatch(new RegExp(`^/ciam/${world.b}/login\\?request=`));
    // None of that spent anything at A.
    expect((await userinfo(world.a, aTokens.json.access_token)).status).toBe(200);
    expect((await refresh(world.web, aTokens.json.refresh_token)).status).toBe(200);
  });
});

describe('end session', () => {
  it('ends the session and redirects to the registered post-logout URI with state; the next /authorize asks for a logon', async () => {
    const session = await signIn(world.a, world.alice.customerId);
    const tokens = await redeem(world.web, await codeFor(world.web, session));
    const idHash = world.api.container.secrets.hash(session);

    // An unregistered post-logout URI: an error page, no redirect, still signed in.
    const evil = await http('GET', `${path(world.a, '/logout')}?${new URLSearchParams({ id_token_hint: tokens.json.id_token, post_logout_redirect_uri: 'https://evil.example/bye' })}`, {
      headers: cookie(session),
    });
    expect(evil.status).toBe(400);
    expect(evil.headers.get('location')).toBeNull();
    expect(evil.text).toContain('invalid_request');
    expect(await world.api.container.customerSessions.get(world.a, idHash)).toBeDefined();

    const res = await http('GET', `${path(world.a, '/logout')}?${new URLSearchParams({ id_token_hint: tokens.json.id_token, post_logout_redirect_uri: RP_BYE, state: 'bye-1' })}`, {
      headers: cookie(session),
    });
    expect(res.status, res.text).toBe(302);
    expect(res.headers.get('location')).toBe(`${RP_BYE}?state=bye-1`);
    expect(res.headers.getSetCookie().join('\n')).toMatch(new RegExp(`${CUSTOMER_SESSION_COOKIE}=;.*Path=/ciam/${world.a}`));
    expect(await world.api.container.customerSessions.get(world.a, idHash)).toBeUndefined();

    const again = await authorize(world.web, { scope: 'openid', state: 's' }, session);
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toMatch(new RegExp(`^/ciam/${world.a}/login\\?request=`));
  });

  it('accepts an expired id_token_hint, but not one of another instance', async () => {
    const session = await signIn(world.a, world.alice.customerId);
    const tokens = await redeem(world.web, await codeFor(world.web, session));
    world.api.clock.advance(2 * 3600_000);
    const bobTokens = await tokensFor(world.webB, world.bob.customerId);
    const foreign = await http('GET', `${path(world.a, '/logout')}?${new URLSearchParams({ id_token_hint: bobTokens.id_token, post_logout_redirect_uri: RP_BYE })}`, { headers: cookie(session) });
    expect(foreign.status).toBe(400);
    expect(await world.api.container.customerSessions.get(world.a, world.api.container.secrets.hash(session))).toBeDefined();

    const res = await http('GET', `${path(world.a, '/logout')}?${new URLSearchParams({ id_token_hint: tokens.json.id_token, post_logout_redirect_uri: RP_BYE })}`, { headers: cookie(session) });
    expect(res.status, res.text).toBe(302);
    expect(res.headers.get('location')).toBe(RP_BYE);
  });

  it('without an id_token_hint asks the customer first, and signs out only with the confirmation the page posts', async () => {
    const session = await signIn(world.a, world.alice.customerId);
    const idHash = world.api.container.secrets.hash(session);
    const stored = await world.api.container.customerSessions.get(world.a, idHash);
    const asked = await http('GET', `${path(world.a, '/logout')}?${new URLSearchParams({ client_id: world.web.clientId, post_logout_redirect_uri: RP_BYE, state: 's-9' })}`, {
      headers: cookie(session),
    });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Sign out?');
    expect(await world.api.container.customerSessions.get(world.a, idHash)).toBeDefined();

    const fields = Object.fromEntries([...asked.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    expect(fields).toEqual({ client_id: world.web.clientId, post_logout_redirect_uri: RP_BYE, state: 's-9', confirm: stored!.csrfToken });

    // A forged confirmation (another page posting here) is asked again.
    const forged = await http('POST', path(world.a, '/logout'), { headers: cookie(session), form: { ...fields, confirm: 'guess' } });
    expect(forged.status).toBe(200);
    expect(await world.api.container.customerSessions.get(world.a, idHash)).toBeDefined();

    const confirmed = await http('POST', path(world.a, '/logout'), { headers: cookie(session), form: fields });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get('location')).toBe(`${RP_BYE}?state=s-9`);
    expect(await world.api.container.customerSessions.get(world.a, idHash)).toBeUndefined();
  });

  it("sends a relying party's POST on as a GET, so the browser's cookie comes along", async () => {
    const res = await http('POST', path(world.a, '/logout'), { form: { client_id: world.web.clientId, post_logout_redirect_uri: RP_BYE } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${path(world.a, '/logout')}?${new URLSearchParams({ client_id: world.web.clientId, post_logout_redirect_uri: RP_BYE })}`);
  });
});
