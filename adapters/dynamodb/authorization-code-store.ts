import { randomUUID } from 'node:crypto';
import type { AuthorizationCodeRecord } from '../../domain/ciam/oidc/authorization-code';
import type { AuthorizationCodeStore } from '../../domain/ciam/oidc/ports';
import type { Scope } from '../../domain/ciam/oidc/scope';
import type { InstanceId } from '../../domain/shared/ids';
import { oidcCodeKey } from './keys';
import type { Item, Table } from './table';

/**
 * How long a code item outlives the code. A replayed code must revoke what it produced (RFC 6749 §4.1.2,
 * §10.5), and `redeemAuthorizationCode` checks consumption before expiry, so every second the consumed
 * record is kept past the code's 60 s is a second in which a replay still revokes the grant; an hour
 * covers the access tokens issued from it. After that a replay is refused as an unknown code.
 */
export const CODE_RETENTION_SECONDS = 60 * 60;

const epochSeconds = (iso: string) => Math.ceil(new Date(iso).getTime() / 1000);

export const authorizationCodeFromItem = (item: Item): AuthorizationCodeRecord => ({
  codeHash: item.codeHash as string,
  instanceId: item.instanceId as string,
  clientId: item.clientId as string,
  grantId: item.grantId as string,
  redirectUri: item.redirectUri as string,
  accountId: item.accountId as string,
  scope: item.scope as Scope[],
  ...(item.nonce === undefined ? {} : { nonce: item.nonce as string }),
  ...(item.codeChallenge === undefined ? {} : { codeChallenge: item.codeChallenge as string }),
  authTime: Number(item.authTime),
  issuedAt: item.issuedAt as string,
  expiresAt: item.expiresAt as string,
  ...(item.consumedAt === undefined ? {} : { consumedAt: item.consumedAt as string }),
});

const sameInstance = (instanceId: InstanceId, code: AuthorizationCodeRecord) => {
  if (code.instanceId !== instanceId) throw new Error(`authorization code of instance ${code.instanceId} written as ${instanceId}'s`);
};

/**
 * One item per code, `OIDCCODE#<instanceId>#<codeHash>` / META, holding the record (the code's hash,
 * never the code). Consumption is an update conditioned on `consumedAt` being absent, so two concurrent
 * redemptions cannot both win; the consumed item stays until `ttl` (expiry plus CODE_RETENTION_SECONDS).
 */
export class DynamoAuthorizationCodeStore implements AuthorizationCodeStore {
  constructor(private readonly table: Table) {}

  async save(instanceId: InstanceId, code: AuthorizationCodeRecord): Promise<void> {
    sameInstance(instanceId, code);
    if (code.consumedAt !== undefined) throw new Error('a new authorization code cannot be stored consumed');
    const key = oidcCodeKey(instanceId, code.codeHash);
    // Tells a retried put whose first attempt succeeded unseen apart from a hash collision.
    const writeId = randomUUID();
    const out = await this.table.put({
      Item: { ...key, kind: 'OidcAuthorizationCode', ...code, writeId, ttl: epochSeconds(code.expiresAt) + CODE_RETENTION_SECONDS },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    if (out.ok || (await this.table.get(key))?.writeId === writeId) return;
    throw new Error('an authorization code with this hash is already stored');
  }

  async get(instanceId: InstanceId, codeHash: string): Promise<AuthorizationCodeRecord | undefined> {
    const item = await this.table.get(oidcCodeKey(instanceId, codeHash));
    return item ? authorizationCodeFromItem(item) : undefined;
  }

  async consume(instanceId: InstanceId, consumed: AuthorizationCodeRecord): Promise<'Consumed' | 'AlreadyConsumed'> {
    sameInstance(instanceId, consumed);
    if (consumed.consumedAt === undefined) throw new Error('consume takes the record marked consumed by redeemAuthorizationCode');
    const key = oidcCodeKey(instanceId, consumed.codeHash);
    // A retried update whose first attempt succeeded unseen would look like a second redemption and
    // revoke the client's own grant: the id of this attempt, read back, tells the two apart.
    const consumeId = randomUUID();
    const out = await this.table.update({
      Key: key,
      UpdateExpression: 'SET consumedAt = :at, consumeId = :id',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(consumedAt)',
      ExpressionAttributeValues: { ':at': consumed.consumedAt, ':id': consumeId },
    }, { as: 'session-write', actor: { type: 'Customer', id: consumed.accountId } });
    if (out.ok) return 'Consumed';
    return (await this.table.get(key))?.consumeId === consumeId ? 'Consumed' : 'AlreadyConsumed';
  }
}
