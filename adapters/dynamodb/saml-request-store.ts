import type { SamlRequestStore } from '../../domain/saml/ports';
import type { Clock } from '../../domain/shared/clock';
import type { DirectoryId } from '../../domain/shared/ids';
import { samlRequestKey } from './keys';
import type { Table } from './table';

/**
 * A request id is an XML ID (xs:ID, an NCName) that Atrium generated. `take` receives the InResponseTo of
 * a response nobody has verified yet: anything else is refused before it reaches the table (a 100 kB
 * "id" would otherwise be a DynamoDB validation error, i.e. a 500).
 */
const PLAUSIBLE_ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,255}$/;

/**
 * Outstanding AuthnRequests under `SAMLREQ#<request id>`, holding the directory they were sent for.
 * `ttl` lets DynamoDB reap unanswered ones; reads check the expiry themselves because it reaps late.
 */
export class DynamoSamlRequestStore implements SamlRequestStore {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  async save(requestId: string, directoryId: DirectoryId, expiresAt: Date): Promise<void> {
    if (!PLAUSIBLE_ID.test(requestId)) throw new Error(`not a SAML request id: ${requestId.slice(0, 40)}`);
    const out = await this.table.put({
      Item: { ...samlRequestKey(requestId), kind: 'SamlRequest', directoryId, expiresAt: expiresAt.toISOString(), ttl: Math.ceil(expiresAt.getTime() / 1000) },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    if (!out.ok) throw new Error('SAML request id collision');
  }

  /**
   * A read, then a delete conditioned on the item read still being there: of two concurrent takes only
   * one delete succeeds, so only one caller gets the request. (Table.delete does not hand back the old
   * item, hence two calls rather than one delete with ReturnValues ALL_OLD.) Expired requests are
   * deleted and reported absent.
   */
  async take(requestId: string): Promise<{ readonly directoryId: DirectoryId } | undefined> {
    if (!PLAUSIBLE_ID.test(requestId)) return undefined;
    const key = samlRequestKey(requestId);
    const item = await this.table.get(key);
    if (!item) return undefined;
    const deleted = await this.table.delete({
      Key: key,
      ConditionExpression: 'attribute_exists(pk) AND expiresAt = :e',
      ExpressionAttributeValues: { ':e': item.expiresAt },
    });
    if (!deleted.ok) return undefined;
    if (new Date(item.expiresAt as string).getTime() <= this.clock.now().getTime()) return undefined;
    return { directoryId: item.directoryId as DirectoryId };
  }
}
