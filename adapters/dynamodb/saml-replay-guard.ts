import { randomUUID } from 'node:crypto';
import type { SamlReplayGuard } from '../../domain/saml/ports';
import type { Clock } from '../../domain/shared/clock';
import { samlReplayKey } from './keys';
import type { Table } from './table';

const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * One item per consumed assertion (`SAMLID#<issuer>#<assertion id>`), written with a conditional put:
 * the first writer wins, so two ACS instances racing with the same assertion admit exactly one logon.
 * `ttl` is the assertion's NotOnOrAfter plus the allowed clock skew; after that the ACS refuses the
 * assertion on time grounds anyway, so the item may go. DynamoDB deletes expired items late (up to
 * days), so an item whose ttl has passed counts as absent: the condition admits overwriting it.
 */
export class DynamoSamlReplayGuard implements SamlReplayGuard {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
    private readonly skewSeconds = 60,
  ) {}

  async remember(issuer: string, assertionId: string, notOnOrAfter: Date): Promise<boolean> {
    const key = samlReplayKey(issuer, assertionId);
    // A retried put whose first attempt succeeded unseen would fail its condition against our own item;
    // the nonce tells that apart from a real replay.
    const nonce = randomUUID();
    const out = await this.table.put({
      Item: { ...key, kind: 'SamlAssertionSeen', issuer, assertionId, nonce, ttl: epochSeconds(notOnOrAfter) + this.skewSeconds },
      ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': epochSeconds(this.clock.now()) },
    });
    if (out.ok) return true;
    const existing = await this.table.get(key);
    return existing?.nonce === nonce;
  }
}
