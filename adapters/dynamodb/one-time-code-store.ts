import { randomUUID } from 'node:crypto';
import type { InstanceId } from '../../domain/shared/ids';
import type { CodeKey, CodePurpose, OneTimeCode } from '../../domain/ciam/one-time-code';
import type { OneTimeCodeStore } from '../../domain/ciam/one-time-code-ports';
import type { E164 } from '../../domain/ciam/phone-number';
import { oneTimeCodeKey } from './keys';
import type { Item, Table } from './table';

const keyOf = (k: CodeKey) => oneTimeCodeKey(k.instanceId, k.phone, k.purpose);
const epochSeconds = (iso: string) => Math.ceil(new Date(iso).getTime() / 1000);

const fromItem = (item: Item): OneTimeCode => ({
  instanceId: item.instanceId as InstanceId,
  phone: item.phone as E164,
  purpose: item.purpose as CodePurpose,
  codeHash: item.codeHash as string,
  issuedAt: item.issuedAt as string,
  expiresAt: item.expiresAt as string,
  resendAfter: item.resendAfter as string,
  attempts: Number(item.attempts),
});

/**
 * One item per (instance, phone, purpose) under `OTP#…`, replaced by each new code. Every write is
 * conditional, so the rules hold across concurrent Lambda instances: the cooldown on `put`, the attempt
 * limit on `countAttempt` (an atomic increment guarded by `attempts < max`), single use on `consume`
 * (a delete guarded by the code's issue time). `ttl` is the code's expiry.
 */
export class DynamoOneTimeCodeStore implements OneTimeCodeStore {
  constructor(private readonly table: Table) {}

  async get(key: CodeKey): Promise<OneTimeCode | undefined> {
    const item = await this.table.get(keyOf(key));
    return item ? fromItem(item) : undefined;
  }

  async put(code: OneTimeCode): Promise<'Stored' | 'CoolingDown'> {
    // A retried put whose first attempt succeeded unseen would fail its condition against our own item;
    // the nonce tells that apart from a concurrent send.
    const nonce = randomUUID();
    const out = await this.table.put({
      Item: {
        ...keyOf(code),
        kind: 'OneTimeCode',
        instanceId: code.instanceId,
        phone: code.phone,
        purpose: code.purpose,
        codeHash: code.codeHash,
        issuedAt: code.issuedAt,
        expiresAt: code.expiresAt,
        resendAfter: code.resendAfter,
        // A number, so the condition compares instants rather than strings.
        resendAfterMs: new Date(code.resendAfter).getTime(),
        attempts: code.attempts,
        nonce,
        ttl: epochSeconds(code.expiresAt),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR resendAfterMs <= :now',
      ExpressionAttributeValues: { ':now': new Date(code.issuedAt).getTime() },
    });
    if (out.ok) return 'Stored';
    const existing = await this.table.get(keyOf(code));
    return existing?.nonce === nonce ? 'Stored' : 'CoolingDown';
  }

  /**
   * A retried increment whose first attempt succeeded unseen counts twice: that errs towards refusing
   * a guess, never towards allowing one.
   */
  async countAttempt(code: OneTimeCode, max: number): Promise<boolean> {
    const out = await this.table.update({
      Key: keyOf(code),
      UpdateExpression: 'SET attempts = attempts + :one',
      ConditionExpression: 'attribute_exists(pk) AND issuedAt = :issuedAt AND attempts < :max',
      ExpressionAttributeValues: { ':one': 1, ':issuedAt': code.issuedAt, ':max': max },
    });
    return out.ok;
  }

  async consume(code: OneTimeCode): Promise<boolean> {
    const out = await this.table.delete({
      Key: keyOf(code),
      ConditionExpression: 'attribute_exists(pk) AND issuedAt = :issuedAt',
      ExpressionAttributeValues: { ':issuedAt': code.issuedAt },
    });
    return out.ok;
  }
}
