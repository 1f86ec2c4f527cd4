import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../adapters/local/dynamodb-local';
import { CUSTOMER_SESSION_SECONDS } from '../../domain/ciam/customer-session';
import type { CustomerId, InstanceId } from '../../domain/shared/ids';
import { CUSTOMER_SESSION_COOKIE } from '../../functions/http/ciam-hosted/session-cookie';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';

// These start whole stacks; on a loaded 2-core CI machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const OPERATOR_TOKEN = `op_${randomBytes(24).toString('base64url')}`;
const REDIRECT_URI = 'https://rp.example/cb';

let stack: LocalStack;

const api = async (method: string, path: string, key: string, body?: unknown) => {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as any };
};

/** Everything the relying party needs, set up through the management API over real HTTP. */
const setUp = async () => {
  const opened = await api('POST', '/api/v1/operator/accounts', OPERATOR_TOKEN, { displayName: 'RP Corp', enterpriseVerified: true });
  expect(opened.status, JSON.stringify(opened.json)).toBe(201);
  const key = opened.json.secret as string;
  const bought = await api('POST', '/api/v1/ciam/instances', key, { region: 'cn-hangzhou', edition: 'Enterprise' });
  expect(bought.status, JSON.stringify(bought.json)).toBe(201);
  const instanceId = bought.json.instance.instanceId as InstanceId;
  // The instance initializes on the task queue (its signing keys among other things).
  for (let i = 0; ; i++) {
    const got = await api('GET', `/api/v1/ciam/instances/${instanceId}`, key);
    if (got.json.status === 'Running') break;
    if (i > 200) throw new Error(`instance never ran: ${JSON.stringify(got.json)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const app = await api('POST', `/api/v1/ciam/instances/${instanceId}/applications`, key, {
    name: 'Relying party',
    type: 'Website',
    protocol: 'OIDC',
    oidc: { redirectUris: [REDIRECT_URI] },
  });
  expect(app.status, JSON.stringify(app.json)).toBe(201);
  const customer = await api('POST', `/api/v1/ciam/instances/${instanceId}/accounts`, key, {
    username: 'dora',
    password: 'Sesame-0pen!',
    phone: '+8613900000001',
    email: 'dora@example.com',
    displayName: 'Dora',
  });
  expect(customer.status, JSON.stringify(customer.json)).toBe(201);
  return {
    key,
    instanceId,
    clientId: app.json.application.applicationId as string,
    clientSecret: app.json.clientSecret.clientSecret as string,
    customerId: customer.json.customerId as CustomerId,
  };
};

let world: Awaited<ReturnType<typeof setUp>>;

beforeAll(async () => {
  process.env.ATRIUM_OPERATOR_TOKEN = OPERATOR_TOKEN;
  stack = await startLocalStack({ dataDir: 'memory', port: await freePort(), serve: true, seed: false, demoIdpPort: false, visibilityTimeoutMs: 50 });
  world = await setUp();
});

afterAll(async () => {
  await stack?.stop();
  delete process.env.ATRIUM_OPERATOR_TOKEN;
});

/** The customer's browser session, as the hosted logon pages would leave it. */
const signIn = async () => {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await stack.container.customerSessions.create({
    idHash: stack.container.secrets.hash(token),
    instanceId: world.instanceId,
    customerId: world.customerId,
    stage: 'active',
    authTime: Math.floor(now.getTime() / 1000) - 5,
    methods: ['pwd'],
    csrfToken: randomBytes(16).toString('base64url'),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + CUSTOMER_SESSION_SECONDS * 1000).toISOString(),
  });
  return token;
};

describe('openid-client (an independent relying party) against the local stack', () => {
  it('discovers the provider, runs the code flow with PKCE, reads UserInfo and refreshes', async () => {
    const issuer = new URL(`${stack.url}/ciam/${world.instanceId}/oidc`);
    // http is fine on loopback only; openid-client refuses it unless told.
    const config = await client.discovery(issuer, world.clientId, undefined, client.ClientSecretBasic(world.clientSecret), {
      execute: [client.allowInsecureRequests],
    });
    expect(config.serverMetadata().issuer).toBe(issuer.href);

    const verifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const state = client.randomState();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    });
    expect(authorizationUrl.href.startsWith(`${issuer.href}/authorize?`)).toBe(true);

    // The browser: it carries the session cookie and stops at the redirect to the relying party.
    const session = await signIn();
    const answer = await fetch(authorizationUrl, { redirect: 'manual', headers: { cookie: `${CUSTOMER_SESSION_COOKIE}=${session}` } });
    expect(answer.status).toBe(302);
    const callback = new URL(answer.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);

    // openid-client checks state, iss (RFC 9207), PKCE, and the ID token's iss, aud, nonce, exp and iat.
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: state, idTokenExpected: true });
    const claims = tokens.claims();
    expect(claims).toMatchObject({ iss: issuer.href, aud: world.clientId, sub: world.customerId, nonce, preferred_username: 'dora' });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.expiresIn()).toBeGreaterThan(3000);

    const info = await client.fetchUserInfo(config, tokens.access_token, claims!.sub);
    expect(info).toEqual({ sub: world.customerId, preferred_username: 'dora', name: 'Dora', email: 'dora@example.com', email_verified: false });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()).toMatchObject({ sub: world.customerId, aud: world.clientId });
    expect((await client.fetchUserInfo(config, refreshed.access_token, world.customerId)).sub).toBe(world.customerId);

    // The refresh made the customer a monthly active user: the local stack's metering queue and consumer
    // counted it, and the usage API says so.
    const month = new Date().toISOString().slice(0, 7);
    await stack.queues.metering.idle();
    const usage = await api('GET', `/api/v1/ciam/instances/${world.instanceId}/usage?month=${month}`, world.key);
    expect(usage.status, JSON.stringify(usage.json)).toBe(200);
    expect(usage.json).toMatchObject({ instanceId: world.instanceId, month, mau: 1, applications: [{ applicationId: world.clientId, mau: 1 }] });
    expect(usage.json.newByDay[new Date().getUTCDate() - 1]).toBe(1);
    expect(stack.queues.metering.deadLetters()).toEqual([]);

    // The old refresh token is spent: presenting it again is reuse, refused, and revokes the family.
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(client.fetchUserInfo(config, refreshed.access_token, world.customerId)).rejects.toThrow();
  });

  it('openid-client builds an end-session URL that signs the customer out and returns to the RP', async () => {
    const issuer = new URL(`${stack.url}/ciam/${world.instanceId}/oidc`);
    const config = await client.discovery(issuer, world.clientId, undefined, client.ClientSecretBasic(world.clientSecret), {
      execute: [client.allowInsecureRequests],
    });
    const session = await signIn();
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const answer = await fetch(url, { redirect: 'manual', headers: { cookie: `${CUSTOMER_SESSION_COOKIE}=${session}` } });
    const tokens = await client.authorizationCodeGrant(config, new URL(answer.headers.get('location')!), { pkceCodeVerifier: verifier, idTokenExpected: true });

    const logout = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token! });
    expect(logout.href.startsWith(`${issuer.href}/logout?`)).toBe(true);
    const res = await fetch(logout, { redirect: 'manual', headers: { cookie: `${CUSTOMER_SESSION_COOKIE}=${session}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are signed out');
    expect(await stack.container.customerSessions.get(world.instanceId, stack.container.secrets.hash(session))).toBeUndefined();
  });
});
