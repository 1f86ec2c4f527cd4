import type { SamlIdpConfig } from '../../domain/saml/idp-config';
import type { SamlIdpRepository } from '../../domain/saml/ports';
import type { DirectoryId } from '../../domain/shared/ids';
import { err, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, type ConcurrentModification } from '../../domain/shared/store-outcomes';
import { samlIdpKey } from './keys';
import type { Item, Table } from './table';

const fromItem = (i: Item): SamlIdpConfig => ({
  directoryId: i.directoryId as DirectoryId,
  entityId: i.entityId as string,
  ssoUrl: i.ssoUrl as string,
  binding: i.binding as SamlIdpConfig['binding'],
  certificates: i.certificates as string[],
  wantRequestSigned: i.wantRequestSigned as boolean,
  updatedAt: i.updatedAt as string,
  version: i.v as number,
});

/** One item per directory (`DIR#<dirId>` / `SAMLIDP`), version-checked like every mutable item. */
export class DynamoSamlIdpRepository implements SamlIdpRepository {
  constructor(private readonly table: Table) {}

  async get(directoryId: DirectoryId): Promise<SamlIdpConfig | undefined> {
    const item = await this.table.get(samlIdpKey(directoryId));
    return item ? fromItem(item) : undefined;
  }

  async put(config: SamlIdpConfig, expectedVersion?: number): Promise<Result<void, ConcurrentModification>> {
    const { version, certificates, ...fields } = config;
    const out = await this.table.put({
      Item: { ...samlIdpKey(config.directoryId), kind: 'SamlIdp', ...fields, certificates: [...certificates], v: version },
      ...(expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'v = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
    });
    return out.ok ? ok(undefined) : err(concurrentModification(`The SAML identity provider of ${config.directoryId}`));
  }

  async delete(directoryId: DirectoryId): Promise<void> {
    await this.table.delete({ Key: samlIdpKey(directoryId) });
  }
}
