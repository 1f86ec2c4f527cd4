import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { JoseOidcTokenSigner } from '../../adapters/crypto/oidc-token-signer';
import { DynamoIdpSigningKeyRepository } from '../../adapters/dynamodb/idp-signing-key-repository';
import { instancePk } from '../../adapters/dynamodb/keys';
import type { Table } from '../../adapters/dynamodb/table';
import { activatePendingKey } from '../../domain/access/idp-signing-key';
import { oidcIssuer } from '../../domain/ciam/oidc/issuer';
import type { InstanceId } from '../../domain/shared/ids';
import { manualClock } from '../support/clock';
import { ACTIVE_KEY_CACHE_MS } from '../../adapters/crypto/oidc-token-signer';
import { freshTable } from '../support/db';

let table: Table;
let keys: DynamoIdpSigningKeyRepository<InstanceId>;
beforeAll(async () => {
  ({ table } = await freshTable());
  // As functions/wire.ts builds it for instances.
  keys = new DynamoIdpSigningKeyRepository<InstanceId>(table, { partition: instancePk, commonName: (id) => `Atrium CIAM ${id}` });
});

let n = 0;
/** Each test rotates keys of its own instance. */
const newInstance = () => `idaas_${String(++n).padStart(26, '0')}` as InstanceId;
const issuerOf = (id: InstanceId) => oidcIssuer('http://127.0.0.1:3000', id);

const world = () => {
  const clock = manualClock();
  const signer = new JoseOidcTokenSigner(keys, clock);
  const iat = Math.floor(clock.now().getTime() / 1000);
  const idToken = (id: InstanceId, extra: Record<string, unknown> = {}) =>
    signer.sign(id, { iss: issuerOf(id), sub: 'user_1', aud: 'app_web', iat, exp: iat + 300, auth_time: iat, ...extra }, 'JWT');
  const accessToken = (id: InstanceId) =>
    signer.sign(id, { iss: issuerOf(id), sub: 'user_1', aud: 'app_web', client_id: 'app_web', iat, exp: iat + 600, jti: 'at-1', scope: 'openid', grant_id: 'g-1' }, 'at+jwt');
  /** Verifies as an independent relying party would: jose over the published JWKS only. */
  const relyingParty = async (id: InstanceId, token: string) => {
    const jwks = createLocalJWKSet((await signer.jwks(id)) as unknown as JSONWebKeySet);
    return jwtVerify(token, jwks, { issuer: issuerOf(id), audience: 'app_web', algorithms: ['RS256'], currentDate: clock.now() });
  };
  return { clock, signer, idToken, accessToken, relyingParty };
};

/** Adds a Pending key and activates it, as the rotation use case does. */
const rotate = async (id: InstanceId, now: Date) => {
  const before = await keys.get(id);
  const pending = await keys.addPending(id, before.version, now);
  if (pending === 'Conflict') throw new Error('unexpected conflict');
  const withPending = await keys.get(id);
  const activated = activatePendingKey(withPending.keys, pending.keyId);
  if (!activated.ok) throw new Error(activated.error.message);
  expect(await keys.replace(id, withPending.version, activated.value)).toBe(true);
  return pending.keyId;
};

describe('signing', () => {
  it('signs an ID token with the instance\'s Active key (RS256, kid, typ JWT) that a relying party verifies from the JWKS', async () => {
    const { idToken, relyingParty, clock } = world();
    const id = newInstance();
    const token = await idToken(id, { nonce: 'n-1' });
    const active = await keys.activeSigningKey(id, clock.now());
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: active.keyId, typ: 'JWT' });
    const { payload, protectedHeader } = await relyingParty(id, token);
    expect(payload).toMatchObject({ iss: issuerOf(id), sub: 'user_1', aud: 'app_web', nonce: 'n-1' });
    expect(protectedHeader.kid).toBe(active.keyId);
  });

  it('types access tokens at+jwt (RFC 9068), and neither kind verifies as the other', async () => {
    const { signer, idToken, accessToken } = world();
    const id = newInstance();
    const at = await accessToken(id);
    expect(decodeProtectedHeader(at).typ).toBe('at+jwt');
    expect(await signer.verify(id, at, { typ: 'at+jwt', issuer: issuerOf(id) })).toMatchObject({ ok: true, value: { grant_id: 'g-1', client_id: 'app_web' } });
    expect(await signer.verify(id, at, { typ: 'JWT', issuer: issuerOf(id) })).toEqual({ ok: false, error: 'invalid_token' });
    expect(await signer.verify(id, await idToken(id), { typ: 'at+jwt', issuer: issuerOf(id) })).toEqual({ ok: false, error: 'invalid_token' });
  });

  it('publishes every key as an RS256 signing JWK with its certificate', async () => {
    const { signer, idToken } = world();
    const id = newInstance();
    await idToken(id);
    const [key] = (await keys.get(id)).keys;
    const jwks = await signer.jwks(id);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({ kty: 'RSA', kid: key?.keyId, alg: 'RS256', use: 'sig', n: expect.stringMatching(/^[A-Za-z0-9_-]{342}$/), e: 'AQAB', x5c: [key?.certificate] });
    // Nothing private in the set.
    expect(Object.keys(jwks.keys[0] ?? {})).not.toContain('d');
  });

  it('an instance without keys publishes an empty set', async () => {
    const { signer } = world();
    expect(await signer.jwks(newInstance())).toEqual({ keys: [] });
  });
});

describe('rotation', () => {
  it('old tokens verify while their key is published; new tokens carry the new kid; a dropped key verifies nothing', async () => {
    const { signer, idToken, relyingParty, clock } = world();
    const id = newInstance();
    const old = await idToken(id);
    const oldKid = decodeProtectedHeader(old).kid;

    const next = await keys.addPending(id, (await keys.get(id)).version, clock.now());
    if (next === 'Conflict') throw new Error('unexpected conflict');
    // Published before it signs, so relying parties can fetch it ahead of use; the Active key first.
    expect((await signer.jwks(id)).keys.map((k) => k.kid)).toEqual([oldKid, next.keyId]);
    expect(decodeProtectedHeader(await idToken(id)).kid).toBe(oldKid);

    const withPending = await keys.get(id);
    const activated = activatePendingKey(withPending.keys, next.keyId);
    if (!activated.ok) throw new Error(activated.error.message);
    expect(await keys.replace(id, withPending.version, activated.value)).toBe(true);

    // For up to a minute this signer keeps the Active key it read; it is still published, so it verifies.
    const meanwhile = await idToken(id);
    expect(decodeProtectedHeader(meanwhile).kid).toBe(oldKid);
    await expect(relyingParty(id, meanwhile)).resolves.toMatchObject({ protectedHeader: { kid: oldKid } });
    clock.advance(ACTIVE_KEY_CACHE_MS);

    const fresh = await idToken(id);
    expect(decodeProtectedHeader(fresh).kid).toBe(next.keyId);
    expect((await signer.jwks(id)).keys.map((k) => k.kid)).toEqual([next.keyId, oldKid]);
    // The old key is Previous, still published: both verify, for a relying party and for the signer.
    await expect(relyingParty(id, old)).resolves.toMatchObject({ protectedHeader: { kid: oldKid } });
    await expect(relyingParty(id, fresh)).resolves.toMatchObject({ protectedHeader: { kid: next.keyId } });
    expect((await signer.verify(id, old, { typ: 'JWT', issuer: issuerOf(id), audience: 'app_web' })).ok).toBe(true);

    // A second rotation drops the oldest key: tokens it signed no longer verify.
    const third = await rotate(id, clock.now());
    expect((await signer.jwks(id)).keys.map((k) => k.kid)).toEqual([third, next.keyId]);
    expect(await signer.verify(id, old, { typ: 'JWT', issuer: issuerOf(id) })).toEqual({ ok: false, error: 'invalid_token' });
    await expect(relyingParty(id, old)).rejects.toThrow();
    expect((await signer.verify(id, fresh, { typ: 'JWT', issuer: issuerOf(id) })).ok).toBe(true);
  });
});

describe('verification', () => {
  it('refuses a token signed by another instance\'s key, even one claiming this instance\'s issuer', async () => {
    const { signer, idToken, relyingParty } = world();
    const a = newInstance();
    const b = newInstance();
    await idToken(a);
    const forged = await idToken(b, { iss: issuerOf(a) });
    expect(await signer.verify(a, forged, { typ: 'JWT', issuer: issuerOf(a) })).toEqual({ ok: false, error: 'invalid_token' });
    await expect(relyingParty(a, forged)).rejects.toThrow();
    // B's own token, checked against B, is fine; against A's issuer it is not.
    const own = await idToken(b);
    expect((await signer.verify(b, own, { typ: 'JWT', issuer: issuerOf(b) })).ok).toBe(true);
    expect(await signer.verify(b, own, { typ: 'JWT', issuer: issuerOf(a) })).toEqual({ ok: false, error: 'invalid_token' });
  });

  it('refuses a tampered token and garbage', async () => {
    const { signer, idToken } = world();
    const id = newInstance();
    const token = await idToken(id);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...claims, sub: 'user_2' })).toString('base64url');
    const asIdToken = { typ: 'JWT' as const, issuer: issuerOf(id) };
    expect(await signer.verify(id, `${header}.${altered}.${signature}`, asIdToken)).toEqual({ ok: false, error: 'invalid_token' });
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await signer.verify(id, `${header}.${payload}.${flipped}`, asIdToken)).toEqual({ ok: false, error: 'invalid_token' });
    // alg "none" with the real kid.
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: decodeProtectedHeader(token).kid, typ: 'JWT' })).toString('base64url');
    expect(await signer.verify(id, `${none}.${payload}.`, asIdToken)).toEqual({ ok: false, error: 'invalid_token' });
    expect(await signer.verify(id, 'not-a-jwt', asIdToken)).toEqual({ ok: false, error: 'invalid_token' });
    expect((await signer.verify(id, token, asIdToken)).ok).toBe(true);
  });

  it('checks issuer, audience and expiry; an id_token_hint may have expired but must still be ours', async () => {
    const { signer, idToken, clock } = world();
    const id = newInstance();
    const token = await idToken(id);
    const hint = { typ: 'JWT' as const, issuer: issuerOf(id), audience: 'app_web', allowExpired: true };
    expect(await signer.verify(id, token, { typ: 'JWT', issuer: issuerOf(id), audience: 'other_app' })).toEqual({ ok: false, error: 'invalid_token' });
    expect(await signer.verify(id, token, { typ: 'JWT', issuer: `${issuerOf(id)}x` })).toEqual({ ok: false, error: 'invalid_token' });

    clock.advance(300_000); // exp has come
    expect(await signer.verify(id, token, { typ: 'JWT', issuer: issuerOf(id) })).toEqual({ ok: false, error: 'invalid_token' });
    expect(await signer.verify(id, token, hint)).toMatchObject({ ok: true, value: { sub: 'user_1', aud: 'app_web' } });
    expect(await signer.verify(id, token, { ...hint, audience: 'other_app' })).toEqual({ ok: false, error: 'invalid_token' });
    expect(await signer.verify(id, token, { ...hint, issuer: issuerOf(newInstance()) })).toEqual({ ok: false, error: 'invalid_token' });
    expect(await signer.verify(id, token, { ...hint, typ: 'at+jwt' })).toEqual({ ok: false, error: 'invalid_token' });
  });
});
