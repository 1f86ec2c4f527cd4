import { randomUUID } from 'node:crypto';
import { outsideAuditScope } from '../audit/audit-scope';
import type { SignatureNonces } from '../../domain/iam/ports';
import type { Clock } from '../../domain/shared/clock';
import type { ApiKeyId } from '../../domain/shared/ids';
import { signatureNonceKey } from './keys';
import type { Table } from './table';

const epochSeconds = (d: Date) => Math.ceil(d.getTime() / 1000);

/**
 * One item per (AccessKeyId, SignatureNonce), written with a conditional put: of two requests racing
 * with one nonce, exactly one passes. Each nonce is its own partition, so a busy key spreads its
 * writes. `ttl` is the end of the request's timestamp window; DynamoDB reaps late, so an expired item
 * counts as absent (the condition lets it be overwritten).
 */
export class DynamoSignatureNonces implements SignatureNonces {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  async claim(accessKeyId: ApiKeyId, nonce: string, until: Date): Promise<boolean> {
    const key = signatureNonceKey(accessKeyId, nonce);
    // A retried put whose first attempt landed unseen fails its condition on our own item: the
    // claim id tells that apart from a replay.
    const claimId = randomUUID();
    // Never the carrier of an audit record: a nonce is not a change the caller asked for.
    const out = await outsideAuditScope(() =>
      this.table.put({
        Item: { ...key, kind: 'SignatureNonce', claimId, ttl: epochSeconds(until) },
        ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': Math.floor(this.clock.now().getTime() / 1000) },
      }),
    );
    if (out.ok) return true;
    return (await this.table.get(key))?.claimId === claimId;
  }
}
