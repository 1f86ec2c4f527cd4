import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client';
import { Table } from '../adapters/dynamodb/table';
import { ensureTable } from '../adapters/dynamodb/table-definition';
import { freePort } from '../adapters/local/dynamodb-local';
import type { CustomerId, InstanceId } from '../domain/shared/ids';
import { startLocalStack } from '../scripts/local/stack';
import { fmt, median } from './measure';
import { dynamoAdapterFactory } from './peers/oidc-provider-dynamodb-adapter';

const CODES = 150;
const ROUNDS = 5;
const CONCURRENCY = 4;
const SCOPE = 'openid profile';

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** Exchanges every code with `concurrency` requests in flight; returns exchanges per second. */
const exchangeAll = async (codes: readonly { code: string; verifier: string }[], exchange: (c: { code: string; verifier: string }) => Promise<Response>) => {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < codes.length) {
        const c = codes[next++]!;
        const res = await exchange(c);
        if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
  return codes.length / ((performance.now() - started) / 1000);
};

const listen = (server: Server, port: number) => new Promise<void>((done) => server.listen(port, '127.0.0.1', () => done()));

/**
 * Token endpoint requests per second (authorization_code with PKCE, a confidential client with
 * client_secret_basic, ID and access tokens signed RS256) against panva's oidc-provider serving the same
 * flow in the same run, both over loopback HTTP and both storing in the same DynamoDB Local engine (the
 * peer through a small adapter), so the ratio compares servers, not stores. Codes are made beforehand:
 * only the exchange is timed.
 */
export const benchCiamToken = async () => {
  const stack = await startLocalStack({ dataDir: 'memory', port: await freePort(), demoIdpPort: false });
  let peerServer: Server | undefined;
  try {
    await stack.queues.tasks.idle();
    const ciam = stack.demo!.ciam;
    const c = stack.container;
    const instanceId = ciam.instanceId as InstanceId;
    const customer = (await c.customers.findByUsername(instanceId, ciam.customer.username))!;
    const token = c.secrets.newOpaqueToken();
    const now = new Date();
    await c.customerSessions.create({
      idHash: c.secrets.hash(token),
      instanceId,
      customerId: customer.id as CustomerId,
      stage: 'active',
      authTime: Math.floor(now.getTime() / 1000),
      methods: ['pwd'],
      csrfToken: c.secrets.newOpaqueToken(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + 3600_000).toISOString(),
    });
    const issuer = `${stack.url}/ciam/${instanceId}/oidc`;
    const basic = `Basic ${Buffer.from(`${encodeURIComponent(ciam.application.clientId)}:${encodeURIComponent(ciam.application.clientSecret)}`).toString('base64')}`;
    const atriumCodes = async (n: number) => {
      const codes = [];
      for (let i = 0; i < n; i++) {
        const p = pkce();
        const query = new URLSearchParams({ response_type: 'code', client_id: ciam.application.clientId, redirect_uri: ciam.application.redirectUri, scope: SCOPE, state: `s${i}`, code_challenge: p.challenge, code_challenge_method: 'S256' });
        const res = await fetch(`${issuer}/authorize?${query}`, { headers: { cookie: `atrium_ciam_session=${token}` }, redirect: 'manual' });
        const code = new URL(res.headers.get('location') ?? 'http://x/').searchParams.get('code');
        if (!code) throw new Error(`authorize did not issue a code: ${res.status} ${res.headers.get('location')}`);
        codes.push({ code, verifier: p.verifier });
      }
      return codes;
    };
    const atriumExchange = (x: { code: string; verifier: string }) =>
      fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: x.code, redirect_uri: ciam.application.redirectUri, code_verifier: x.verifier }),
      });

    // The peer: oidc-provider, the same client, its own table on the same engine.
    const peerPort = await freePort();
    const client = createDynamoClient({ endpoint: stack.engineEndpoint, region: 'local' });
    await ensureTable(client, 'oidc-provider-peer');
    const peerTable = new Table('oidc-provider-peer', createDocumentClient(client));
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const provider = new Provider(`http://127.0.0.1:${peerPort}`, {
      adapter: dynamoAdapterFactory(peerTable),
      clients: [
        {
          client_id: ciam.application.clientId,
          client_secret: ciam.application.clientSecret,
          redirect_uris: [ciam.application.redirectUri],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'peer', alg: 'RS256', use: 'sig' }] },
      findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub, preferred_username: ciam.customer.username }) }),
      claims: { profile: ['preferred_username'] },
      features: { devInteractions: { enabled: false } },
      ttl: { Grant: 3600, AccessToken: 3600, IdToken: 3600 },
    } as never);
    provider.on('server_error', (_ctx: unknown, error: Error) => console.error('oidc-provider server_error', error));
    peerServer = createServer(provider.callback());
    await listen(peerServer, peerPort);
    const peerCodes = async (n: number) => {
      const codes = [];
      for (let i = 0; i < n; i++) {
        const p = pkce();
        const grant = new provider.Grant({ accountId: customer.id, clientId: ciam.application.clientId });
        grant.addOIDCScope(SCOPE);
        const grantId = await grant.save();
        const code = new provider.AuthorizationCode({
          accountId: customer.id,
          clientId: ciam.application.clientId,
          grantId,
          redirectUri: ciam.application.redirectUri,
          scope: SCOPE,
          codeChallenge: p.challenge,
          codeChallengeMethod: 'S256',
          authTime: Math.floor(Date.now() / 1000),
        } as never);
        codes.push({ code: await code.save(), verifier: p.verifier });
      }
      return codes;
    };
    const peerExchange = (x: { code: string; verifier: string }) =>
      fetch(`http://127.0.0.1:${peerPort}/token`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: x.code, redirect_uri: ciam.application.redirectUri, code_verifier: x.verifier }),
      });

    // Warm both (JIT, key imports, connections), then measure each on fresh codes; codes live 60 s.
    await exchangeAll(await atriumCodes(30), atriumExchange);
    await exchangeAll(await peerCodes(30), peerExchange);
    // Rounds alternate, and the median of each side is reported: other load on the machine hits both.
    const atriumRounds: number[] = [];
    const peerRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      atriumRounds.push(await exchangeAll(await atriumCodes(CODES), atriumExchange));
      peerRounds.push(await exchangeAll(await peerCodes(CODES), peerExchange));
    }
    const atrium = median(atriumRounds);
    const peer = median(peerRounds);
    console.log(`\n## CIAM token endpoint (authorization_code + PKCE, median of ${ROUNDS} alternating rounds of ${CODES} exchanges, ${CONCURRENCY} in flight, same DynamoDB Local)`);
    console.log(`atrium:        ${fmt(atrium, 0).padStart(5)} /s  (${fmt(1000 / atrium, 1)} ms each)`);
    console.log(`oidc-provider: ${fmt(peer, 0).padStart(5)} /s  (${fmt(1000 / peer, 1)} ms each)`);
    console.log(`ratio atrium / oidc-provider: ${fmt(atrium / peer, 2)} (goal ≥ 1)`);
    return { atriumPerS: atrium, oidcProviderPerS: peer, ratio: atrium / peer };
  } finally {
    peerServer?.close();
    await stack.stop();
  }
};
