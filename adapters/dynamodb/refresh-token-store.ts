import { randomUUID } from 'node:crypto';
import type { RefreshTokenRecord } from '../../domain/ciam/oidc/refresh-token';
import type { RefreshTokenStore } from '../../domain/ciam/oidc/ports';
import type { Scope } from '../../domain/ciam/oidc/scope';
import type { InstanceId } from '../../domain/shared/ids';
import { GSI1, oidcFamilyTokenSort, oidcGrantKey, oidcGrantPk, oidcRefreshTokenKey } from './keys';
import type { Item, Table } from './table';

/**
 * How long a grant item outlives its family. Access tokens carry the grant id and UserInfo asks whether
 * the grant is revoked; one issued by the family's last refresh lives past the family's end, so the
 * revocation must too. A day is more than any access token lifetime Atrium issues.
 */
export const GRANT_RETENTION_SECONDS = 24 * 60 * 60;

/** Marks at most this many tokens at once when a family is revoked (a long-lived family has thousands). */
const REVOKE_CONCURRENCY = 16;

const epochSeconds = (iso: string | Date) => Math.ceil(new Date(iso).getTime() / 1000);

const fromItem = (item: Item): RefreshTokenRecord => ({
  tokenHash: item.tokenHash as string,
  instanceId: item.instanceId as string,
  clientId: item.clientId as string,
  grantId: item.grantId as string,
  accountId: item.accountId as string,
  scope: item.scope as Scope[],
  authTime: Number(item.authTime),
  issuedAt: item.issuedAt as string,
  expiresAt: item.expiresAt as string,
  familyExpiresAt: item.familyExpiresAt as string,
  ...(item.usedAt === undefined ? {} : { usedAt: item.usedAt as string }),
  ...(item.revokedAt === undefined ? {} : { revokedAt: item.revokedAt as string }),
});

const sameInstance = (instanceId: InstanceId, token: RefreshTokenRecord) => {
  if (token.instanceId !== instanceId) throw new Error(`refresh token of instance ${token.instanceId} written as ${instanceId}'s`);
};

/**
 * Refresh-token families in two kinds of item:
 *
 * - each token: `OIDCRT#<instanceId>#<tokenHash>` / META, the record (the token's hash, never the
 *   token), with gsi1 `OIDCGRANT#<instanceId>#<grantId>` / `RT#<issuedAt>#<tokenHash>`, so revocation
 *   finds every token of the family however long it is; `ttl` at the family's absolute expiry, since
 *   used tokens must be kept until then for reuse to be recognised (see `refresh-token.ts`);
 * - the grant: `OIDCGRANT#<instanceId>#<grantId>` / META, with the family's one live (unused) token hash
 *   and `revokedAt`; `ttl` GRANT_RETENTION_SECONDS past the family's expiry. It is the authority on
 *   revocation: every rotation is conditioned on it, so no token is issued into a revoked family.
 *
 * Revocation marks the grant first, then the live token (read from the grant, strongly consistent),
 * then every token gsi1 lists. gsi1 is eventually consistent, but it can only miss a token written
 * moments before, which is the live one (already marked) or one used since (refused as reuse anyway);
 * and none can be written after, because rotation checks the grant.
 */
export class DynamoRefreshTokenStore implements RefreshTokenStore {
  constructor(private readonly table: Table) {}

  async saveFirst(instanceId: InstanceId, token: RefreshTokenRecord): Promise<'Saved' | 'GrantRevoked'> {
    sameInstance(instanceId, token);
    if (token.usedAt !== undefined || token.revokedAt !== undefined) throw new Error('the first token of a family is stored unused');
    const grantKey = oidcGrantKey(instanceId, token.grantId);
    // Tells a retried transaction whose first attempt succeeded unseen apart from a real conflict.
    const writeId = randomUUID();
    const out = await this.table.transact([
      { Put: { Item: this.tokenItem(instanceId, token, writeId), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          Item: {
            ...grantKey,
            kind: 'OidcGrant',
            instanceId,
            grantId: token.grantId,
            clientId: token.clientId,
            accountId: token.accountId,
            live: token.tokenHash,
            familyExpiresAt: token.familyExpiresAt,
            writeId,
            ttl: epochSeconds(token.familyExpiresAt) + GRANT_RETENTION_SECONDS,
          },
          // A grant item that exists already was either revoked first (a replayed code) or is a bug.
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ], { as: 'session-write', actor: { type: 'Customer', id: token.accountId } });
    if (out.ok) return 'Saved';
    const grant = await this.table.get(grantKey);
    if (grant?.revokedAt !== undefined) return 'GrantRevoked';
    if (grant?.writeId === writeId) return 'Saved';
    throw new Error(`the grant ${token.grantId} already has a refresh token family, or the token hash is taken`);
  }

  async get(instanceId: InstanceId, tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const item = await this.table.get(oidcRefreshTokenKey(instanceId, tokenHash));
    return item ? fromItem(item) : undefined;
  }

  async rotate(
    instanceId: InstanceId,
    { used, next }: { readonly used: RefreshTokenRecord; readonly next: RefreshTokenRecord },
  ): Promise<'Rotated' | 'Reused' | 'GrantRevoked'> {
    sameInstance(instanceId, used);
    sameInstance(instanceId, next);
    if (used.usedAt === undefined) throw new Error('rotate takes the presented token marked used by rotateRefreshToken');
    if (next.grantId !== used.grantId || next.usedAt !== undefined) throw new Error('the next token continues the same family, unused');
    const usedKey = oidcRefreshTokenKey(instanceId, used.tokenHash);
    // Losing to our own unseen first attempt would read as reuse and revoke the client's family.
    const useId = randomUUID();
    const out = await this.table.transact([
      {
        Update: {
          Key: usedKey,
          UpdateExpression: 'SET usedAt = :at, useId = :id',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':at': used.usedAt, ':id': useId },
        },
      },
      { Put: { Item: this.tokenItem(instanceId, next, useId), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Update: {
          Key: oidcGrantKey(instanceId, used.grantId),
          UpdateExpression: 'SET live = :next',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':next': next.tokenHash },
        },
      },
    ], { as: 'session-write', actor: { type: 'Customer', id: next.accountId } });
    if (out.ok) return 'Rotated';
    if ((await this.table.get(usedKey))?.useId === useId) return 'Rotated';
    // Reuse first: a token presented twice has leaked, and the caller must revoke (idempotent if done).
    if (out.failed.includes(0)) return 'Reused';
    if (out.failed.includes(2)) return 'GrantRevoked';
    throw new Error('the next refresh token hash is already stored');
  }

  async revokeGrant(instanceId: InstanceId, grantId: string, at: { readonly now: Date; readonly retainUntil: Date }): Promise<void> {
    const grantKey = oidcGrantKey(instanceId, grantId);
    const now = at.now.toISOString();
    // An upsert: a grant without refresh tokens (no offline_access) has no item yet, and its access
    // tokens must be refused all the same. The first revocation's time is kept.
    await this.table.update({
      Key: grantKey,
      UpdateExpression:
        'SET revokedAt = if_not_exists(revokedAt, :now), kind = if_not_exists(kind, :kind), instanceId = :instanceId, grantId = :grantId, #ttl = if_not_exists(#ttl, :ttl)',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': now, ':kind': 'OidcGrant', ':instanceId': instanceId, ':grantId': grantId, ':ttl': epochSeconds(at.retainUntil) },
    });
    // From here no rotation succeeds; what remains is marking the tokens already written.
    const live = (await this.table.get(grantKey))?.live as string | undefined;
    const family = await this.table.all({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :grant',
      ExpressionAttributeValues: { ':grant': oidcGrantPk(instanceId, grantId) },
      ProjectionExpression: 'tokenHash',
    });
    const hashes = [...new Set([...(live === undefined ? [] : [live]), ...family.map((t) => t.tokenHash as string)])];
    for (let i = 0; i < hashes.length; i += REVOKE_CONCURRENCY) {
      await Promise.all(hashes.slice(i, i + REVOKE_CONCURRENCY).map((hash) => this.markRevoked(instanceId, hash, now)));
    }
  }

  async isGrantRevoked(instanceId: InstanceId, grantId: string): Promise<boolean> {
    return (await this.table.get(oidcGrantKey(instanceId, grantId)))?.revokedAt !== undefined;
  }

  /** A token reaped meanwhile fails the condition and needs no mark. */
  private async markRevoked(instanceId: InstanceId, tokenHash: string, now: string): Promise<void> {
    await this.table.update({
      Key: oidcRefreshTokenKey(instanceId, tokenHash),
      UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':now': now },
    });
  }

  private tokenItem(instanceId: InstanceId, token: RefreshTokenRecord, writeId: string): Item {
    return {
      ...oidcRefreshTokenKey(instanceId, token.tokenHash),
      kind: 'OidcRefreshToken',
      ...token,
      gsi1pk: oidcGrantPk(instanceId, token.grantId),
      gsi1sk: oidcFamilyTokenSort(token.issuedAt, token.tokenHash),
      writeId,
      ttl: epochSeconds(token.familyExpiresAt),
    };
  }
}
