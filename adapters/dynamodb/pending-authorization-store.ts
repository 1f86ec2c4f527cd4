import type { PendingAuthorizationStore } from '../../domain/ciam/hosted-ports';
import type { PendingAuthorization } from '../../domain/ciam/pending-authorization';
import type { Clock } from '../../domain/shared/clock';
import type { InstanceId } from '../../domain/shared/ids';
import { pendingAuthorizationKey } from './keys';
import type { Table } from './table';

/** AUTHREQ#<instance>#<id> (an OIDC or a SAML request): written once, read by the logon pages, deleted when answered; `ttl` reaps the rest. */
export class DynamoPendingAuthorizationStore implements PendingAuthorizationStore {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  async put(pending: PendingAuthorization): Promise<void> {
    const out = await this.table.put({
      Item: {
        ...pendingAuthorizationKey(pending.instanceId, pending.id),
        kind: 'PendingAuthorization',
        pending,
        ttl: Math.ceil(new Date(pending.expiresAt).getTime() / 1000),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    if (!out.ok) throw new Error('pending authorization id collision');
  }

  async get(instanceId: InstanceId, id: string): Promise<PendingAuthorization | undefined> {
    const item = await this.table.get(pendingAuthorizationKey(instanceId, id));
    const stored = item?.pending as (Omit<PendingAuthorization, 'protocol'> & { protocol?: PendingAuthorization['protocol'] }) | undefined;
    // Requests parked before SAML existed carry no protocol: they are OIDC ones (at most 15 minutes old).
    const pending = stored && ({ ...stored, protocol: stored.protocol ?? 'OIDC' } as PendingAuthorization);
    return pending && new Date(pending.expiresAt).getTime() > this.clock.now().getTime() ? pending : undefined;
  }

  async delete(instanceId: InstanceId, id: string): Promise<void> {
    await this.table.delete({ Key: pendingAuthorizationKey(instanceId, id) });
  }
}
