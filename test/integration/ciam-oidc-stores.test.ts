import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CODE_RETENTION_SECONDS, DynamoAuthorizationCodeStore } from '../../adapters/dynamodb/authorization-code-store';
import { oidcCodeKey, oidcGrantKey, oidcRefreshTokenKey } from '../../adapters/dynamodb/keys';
import { DynamoRefreshTokenStore, GRANT_RETENTION_SECONDS } from '../../adapters/dynamodb/refresh-token-store';
import type { CommandSender, Table } from '../../adapters/dynamodb/table';
import { issueAuthorizationCode, redeemAuthorizationCode, type AuthorizationCodeRecord } from '../../domain/ciam/oidc/authorization-code';
import type { AuthorizationRequest } from '../../domain/ciam/oidc/authorization-request';
import type { OidcClient } from '../../domain/ciam/oidc/client';
import type { Grant } from '../../domain/ciam/oidc/grant';
import { rotateRefreshToken, startRefreshFamily, type RefreshTokenRecord } from '../../domain/ciam/oidc/refresh-token';
import type { Sha256 } from '../../domain/ciam/oidc/sha256';
import type { InstanceId } from '../../domain/shared/ids';
import { TEST_NOW } from '../support/clock';
import { freshTable } from '../support/db';
import { awsError } from '../support/faults';

let table: Table;
beforeAll(async () => {
  ({ table } = await freshTable());
});

const instanceA = 'idaas_aaaaaaaaaaaaaaaaaaaaaaaaaa' as InstanceId;
const instanceB = 'idaas_bbbbbbbbbbbbbbbbbbbbbbbbbb' as InstanceId;
const sha256: Sha256 = (input) => createHash('sha256').update(input, 'utf8').digest();
const secret = () => randomBytes(32).toString('base64url');
const hashOf = (value: string) => createHash('sha256').update(value).digest('base64url');
const now = new Date(TEST_NOW);
const after = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const epoch = (d: Date | string) => Math.ceil(new Date(d).getTime() / 1000);

const client = (instanceId: InstanceId): OidcClient => ({
  clientId: 'app_web',
  instanceId,
  applicationId: 'app_web',
  type: 'confidential',
  redirectUris: ['https://app.example.com/callback'],
  postLogoutRedirectUris: [],
  grantTypes: ['authorization_code', 'refresh_token'],
  accessTokenSeconds: 600,
  idTokenSeconds: 300,
  refreshTokenSeconds: 30 * 24 * 3600,
  enabled: true,
});

/** A freshly issued code of `instanceId`; returns the code (what the client gets) and the record. */
const newCode = (instanceId: InstanceId, code = secret()) => {
  const request: AuthorizationRequest = {
    instanceId,
    clientId: 'app_web',
    redirectUri: 'https://app.example.com/callback',
    responseType: 'code',
    scope: ['openid', 'offline_access'],
    nonce: 'n-0S6_WzA2Mj',
    prompt: [],
  };
  const record = issueAuthorizationCode({ codeHash: hashOf(code), grantId: `grant-${secret()}`, request, accountId: 'user_1', authTime: epoch(now), now });
  return { code, record };
};

const presented = (instanceId: InstanceId) => ({ instanceId, clientId: 'app_web', redirectUri: 'https://app.example.com/callback' });

/** The consumed record a successful redemption of `record` asks to write. */
const redeemed = (record: AuthorizationCodeRecord, at = now): AuthorizationCodeRecord => {
  const out = redeemAuthorizationCode(record, presented(record.instanceId as InstanceId), at, sha256);
  if (!out.ok) throw new Error(`redemption refused: ${out.error.message}`);
  return out.value.consumed;
};

describe('authorization codes', () => {
  const codes = () => new DynamoAuthorizationCodeStore(table);

  it('stores the record under the code hash only, reaped an hour after expiry', async () => {
    const { code, record } = newCode(instanceA);
    await codes().save(instanceA, record);
    expect(await codes().get(instanceA, record.codeHash)).toEqual(record);
    const item = await table.get(oidcCodeKey(instanceA, record.codeHash));
    expect(JSON.stringify(item)).not.toContain(code);
    expect(item?.ttl).toBe(epoch(record.expiresAt) + CODE_RETENTION_SECONDS);
  });

  it('redeems once: the consumed record stays, and presenting the code again is reuse with a revocation', async () => {
    const { record } = newCode(instanceA);
    await codes().save(instanceA, record);
    const consumed = redeemed(record);
    expect(await codes().consume(instanceA, consumed)).toBe('Consumed');

    const stored = await codes().get(instanceA, record.codeHash);
    expect(stored?.consumedAt).toBe(now.toISOString());
    const replay = redeemAuthorizationCode(stored, presented(instanceA), after(5), sha256);
    expect(replay).toMatchObject({ ok: false, error: { code: 'invalid_grant', revoke: { grantId: record.grantId, reason: 'authorization-code-reuse' } } });
    // A replay that read the record before it was consumed loses the conditional write.
    expect(await codes().consume(instanceA, redeemed(record, after(1)))).toBe('AlreadyConsumed');
    expect((await codes().get(instanceA, record.codeHash))?.consumedAt).toBe(now.toISOString());
  });

  it('of two concurrent redemptions of one code exactly one wins; the other is reuse', async () => {
    for (let round = 0; round < 5; round++) {
      const { record } = newCode(instanceA);
      await codes().save(instanceA, record);
      // Both requests read the unconsumed record and pass every rule before either writes.
      const [a, b] = [redeemed(record), redeemed(record, after(1))];
      const results = await Promise.all([codes().consume(instanceA, a), codes().consume(instanceA, b)]);
      expect([...results].sort()).toEqual(['AlreadyConsumed', 'Consumed']);
    }
  });

  it('keeps an expired code (DynamoDB reaps late) and the rules refuse it', async () => {
    const { record } = newCode(instanceA);
    await codes().save(instanceA, record);
    const late = await codes().get(instanceA, record.codeHash);
    expect(late).toEqual(record);
    expect(redeemAuthorizationCode(late, presented(instanceA), new Date(record.expiresAt), sha256)).toMatchObject({
      ok: false,
      error: { code: 'invalid_grant', message: 'The authorization code has expired.' },
    });
    expect(redeemAuthorizationCode(late, presented(instanceA), new Date(Date.parse(record.expiresAt) - 1), sha256).ok).toBe(true);
  });

  it('refuses to store a second code under a hash already stored, or a code of another instance', async () => {
    const { record } = newCode(instanceA);
    await codes().save(instanceA, record);
    await expect(codes().save(instanceA, { ...record, grantId: 'grant-other' })).rejects.toThrow(/already stored/);
    await expect(codes().save(instanceB, newCode(instanceA).record)).rejects.toThrow(/instance/);
    expect((await codes().get(instanceA, record.codeHash))?.grantId).toBe(record.grantId);
  });

  it('another instance sees nothing: not the code, and consuming its own code of the same hash leaves A\'s', async () => {
    const code = secret();
    const a = newCode(instanceA, code).record;
    await codes().save(instanceA, a);
    expect(await codes().get(instanceB, a.codeHash)).toBeUndefined();
    // B cannot consume A's code by its hash: there is nothing under B's key.
    expect(await codes().consume(instanceB, { ...redeemed(a), instanceId: instanceB })).toBe('AlreadyConsumed');
    expect((await codes().get(instanceA, a.codeHash))?.consumedAt).toBeUndefined();

    const b = newCode(instanceB, code).record;
    await codes().save(instanceB, b);
    expect(await codes().consume(instanceB, redeemed(b))).toBe('Consumed');
    expect((await codes().get(instanceA, a.codeHash))?.consumedAt).toBeUndefined();
    expect(await codes().consume(instanceA, redeemed(a))).toBe('Consumed');
  });

  it('a consume whose response was lost and is retried is still the one redemption, not reuse', async () => {
    const { table: lossy, loseNext, lost } = await lossyTable();
    const store = new DynamoAuthorizationCodeStore(lossy);
    const { record } = newCode(instanceA);
    await store.save(instanceA, record);
    loseNext(/UpdateCommand/);
    expect(await store.consume(instanceA, redeemed(record))).toBe('Consumed');
    expect(lost()).toBe(1);
    expect(await store.consume(instanceA, redeemed(record))).toBe('AlreadyConsumed');
  });
});

const grantOf = (instanceId: InstanceId, grantId = `grant-${secret()}`): Grant => ({
  instanceId,
  grantId,
  clientId: 'app_web',
  accountId: 'user_1',
  scope: ['openid', 'offline_access'],
  authTime: epoch(now),
});

const firstToken = (instanceId: InstanceId, grantId?: string) =>
  startRefreshFamily({ tokenHash: hashOf(secret()), grant: grantOf(instanceId, grantId), client: client(instanceId), now });

/** The rotation the token endpoint would ask for, presenting `token` at `at`. */
const rotation = (token: RefreshTokenRecord | undefined, at = now) => {
  const out = rotateRefreshToken(token, { instanceId: token?.instanceId ?? '', clientId: 'app_web', newTokenHash: hashOf(secret()), now: at });
  if (!out.ok) throw new Error(`rotation refused: ${out.error.message}`);
  return out.value;
};

describe('refresh-token families', () => {
  const tokens = () => new DynamoRefreshTokenStore(table);

  it('rotates along a chain: each presented token is marked used, its successor is live, the grant follows', async () => {
    const first = firstToken(instanceA);
    expect(await tokens().saveFirst(instanceA, first)).toBe('Saved');
    expect(await tokens().get(instanceA, first.tokenHash)).toEqual(first);

    let current = first;
    const chain = [first];
    for (let i = 1; i <= 3; i++) {
      const step = rotation(await tokens().get(instanceA, current.tokenHash), after(i * 60));
      expect(await tokens().rotate(instanceA, step)).toBe('Rotated');
      current = step.next;
      chain.push(current);
    }
    for (const used of chain.slice(0, -1)) expect((await tokens().get(instanceA, used.tokenHash))?.usedAt).toBeDefined();
    expect(await tokens().get(instanceA, current.tokenHash)).toEqual(current);
    const grant = await table.get(oidcGrantKey(instanceA, first.grantId));
    expect(grant?.live).toBe(current.tokenHash);
    expect(grant?.ttl).toBe(epoch(first.familyExpiresAt) + GRANT_RETENTION_SECONDS);
    expect((await table.get(oidcRefreshTokenKey(instanceA, current.tokenHash)))?.ttl).toBe(epoch(first.familyExpiresAt));
    expect(await tokens().isGrantRevoked(instanceA, first.grantId)).toBe(false);
  });

  it('a used token presented again is reuse, by the rules and by the conditional write', async () => {
    const first = firstToken(instanceA);
    await tokens().saveFirst(instanceA, first);
    const step = rotation(first);
    expect(await tokens().rotate(instanceA, step)).toBe('Rotated');
    // Presented again: the stored record says used, so the rules ask for the family's revocation.
    const again = rotateRefreshToken(await tokens().get(instanceA, first.tokenHash), { instanceId: instanceA, clientId: 'app_web', newTokenHash: 'x', now: after(1) });
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid_grant', revoke: { grantId: first.grantId, reason: 'refresh-token-reuse' } } });
    // A request that read it before it was used loses the write, and its successor is never stored.
    const stale = rotation(first, after(1));
    expect(await tokens().rotate(instanceA, stale)).toBe('Reused');
    expect(await tokens().get(instanceA, stale.next.tokenHash)).toBeUndefined();
  });

  it('of two concurrent rotations of one token exactly one wins; the loser is reuse and issues nothing', async () => {
    for (let round = 0; round < 5; round++) {
      const first = firstToken(instanceA);
      await tokens().saveFirst(instanceA, first);
      const [a, b] = [rotation(first), rotation(first, after(1))];
      const results = await Promise.all([tokens().rotate(instanceA, a), tokens().rotate(instanceA, b)]);
      expect([...results].sort()).toEqual(['Reused', 'Rotated']);
      const winner = results[0] === 'Rotated' ? a : b;
      const loser = winner === a ? b : a;
      expect(await tokens().get(instanceA, loser.next.tokenHash)).toBeUndefined();
      expect((await table.get(oidcGrantKey(instanceA, first.grantId)))?.live).toBe(winner.next.tokenHash);
    }
  });

  it('revoking a family marks every token and the grant; nothing rotates afterwards', async () => {
    const first = firstToken(instanceA);
    await tokens().saveFirst(instanceA, first);
    const one = rotation(first, after(60));
    await tokens().rotate(instanceA, one);
    const two = rotation(one.next, after(120));
    await tokens().rotate(instanceA, two);
    // Computed before the revocation, written after it: the grant's condition stops it.
    const inFlight = rotation(two.next, after(150));

    await tokens().revokeGrant(instanceA, first.grantId, { now: after(180), retainUntil: after(3600) });
    for (const t of [first, one.next, two.next]) {
      expect((await tokens().get(instanceA, t.tokenHash))?.revokedAt).toBe(after(180).toISOString());
    }
    expect(await tokens().isGrantRevoked(instanceA, first.grantId)).toBe(true);
    expect(await tokens().rotate(instanceA, inFlight)).toBe('GrantRevoked');
    expect(rotateRefreshToken(await tokens().get(instanceA, two.next.tokenHash), { instanceId: instanceA, clientId: 'app_web', newTokenHash: 'x', now: after(200) })).toMatchObject({
      ok: false,
      error: { code: 'invalid_grant', message: 'The refresh token has been revoked.' },
    });
    // Idempotent: a second revocation keeps the first time.
    await tokens().revokeGrant(instanceA, first.grantId, { now: after(900), retainUntil: after(3600) });
    expect((await table.get(oidcGrantKey(instanceA, first.grantId)))?.revokedAt).toBe(after(180).toISOString());
    expect((await tokens().get(instanceA, first.tokenHash))?.revokedAt).toBe(after(180).toISOString());
  });

  it('revokes a grant that has no refresh tokens; a family started for it afterwards is refused', async () => {
    const grantId = `grant-${secret()}`;
    expect(await tokens().isGrantRevoked(instanceA, grantId)).toBe(false);
    await tokens().revokeGrant(instanceA, grantId, { now, retainUntil: after(600) });
    expect(await tokens().isGrantRevoked(instanceA, grantId)).toBe(true);
    expect((await table.get(oidcGrantKey(instanceA, grantId)))?.ttl).toBe(epoch(after(600)));
    // The code's redemption was in flight when its replay revoked the grant.
    const first = firstToken(instanceA, grantId);
    expect(await tokens().saveFirst(instanceA, first)).toBe('GrantRevoked');
    expect(await tokens().get(instanceA, first.tokenHash)).toBeUndefined();
  });

  it('a rotation whose response was lost and is retried is still the one rotation, not reuse', async () => {
    const { table: lossy, loseNext, lost } = await lossyTable();
    const store = new DynamoRefreshTokenStore(lossy);
    const first = firstToken(instanceA);
    await store.saveFirst(instanceA, first);
    const step = rotation(first);
    loseNext(/TransactWriteCommand/);
    expect(await store.rotate(instanceA, step)).toBe('Rotated');
    expect(lost()).toBe(1);
    expect(await store.get(instanceA, step.next.tokenHash)).toEqual(step.next);
    expect(await store.rotate(instanceA, rotation(first, after(1)))).toBe('Reused');
  });

  it('another instance sees nothing: no token, no grant, and its revocations leave A\'s family alone', async () => {
    const grantId = `grant-${secret()}`;
    const a = firstToken(instanceA, grantId);
    await tokens().saveFirst(instanceA, a);
    expect(await tokens().get(instanceB, a.tokenHash)).toBeUndefined();

    // B revokes a grant with the same id: A's family is untouched and still rotates.
    await tokens().revokeGrant(instanceB, grantId, { now, retainUntil: after(600) });
    expect(await tokens().isGrantRevoked(instanceB, grantId)).toBe(true);
    expect(await tokens().isGrantRevoked(instanceA, grantId)).toBe(false);
    expect((await tokens().get(instanceA, a.tokenHash))?.revokedAt).toBeUndefined();
    expect(await tokens().rotate(instanceA, rotation(a))).toBe('Rotated');

    // And A's revocation is not seen by B's grant of another id.
    const otherId = `grant-${secret()}`;
    const b = firstToken(instanceB, otherId);
    expect(await tokens().saveFirst(instanceB, b)).toBe('Saved');
    await tokens().revokeGrant(instanceA, otherId, { now, retainUntil: after(600) });
    expect(await tokens().isGrantRevoked(instanceB, otherId)).toBe(false);
    expect((await tokens().get(instanceB, b.tokenHash))?.revokedAt).toBeUndefined();
    // Records are written only under their own instance.
    await expect(tokens().saveFirst(instanceB, firstToken(instanceA))).rejects.toThrow(/instance/);
  });
});

/**
 * A table whose next matching command reaches DynamoDB and succeeds, but whose response is lost (a
 * retryable error is thrown instead), so the Table retries a write that has already happened.
 */
const lossyTable = async () => {
  let pattern: RegExp | undefined;
  let lost = 0;
  const wrap = (inner: CommandSender): CommandSender => ({
    send: async (command) => {
      const out = await inner.send(command);
      const name = (command as { constructor: { name: string } }).constructor.name;
      if (pattern?.test(name)) {
        pattern = undefined;
        lost += 1;
        throw awsError('InternalServerError', { $metadata: { httpStatusCode: 500 } });
      }
      return out;
    },
  });
  const { table: lossy } = await freshTable({ wrap });
  return { table: lossy, loseNext: (p: RegExp) => void (pattern = p), lost: () => lost };
};
