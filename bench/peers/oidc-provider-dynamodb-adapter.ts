import type { Table } from '../../adapters/dynamodb/table';

/**
 * oidc-provider's storage adapter over the same DynamoDB table and engine Atrium uses, so the token
 * endpoint comparison measures the two servers, not two stores. One item per model instance; uid and
 * grant lookups through small index items, as the library's adapter contract asks
 * (https://github.com/panva/node-oidc-provider/blob/main/example/my_adapter.js).
 */
type Payload = Record<string, unknown> & { uid?: string; grantId?: string; userCode?: string; consumed?: number };

export const dynamoAdapterFactory = (table: Table) =>
  class DynamoOidcAdapter {
    constructor(private readonly model: string) {}

    private key(id: string) {
      return { pk: `OP#${this.model}#${id}`, sk: 'META' };
    }

    async upsert(id: string, payload: Payload, expiresIn: number) {
      const ttl = expiresIn ? Math.floor(Date.now() / 1000) + expiresIn : undefined;
      await table.put({ Item: { ...this.key(id), payload, ...(ttl ? { ttl } : {}) } });
      if (payload.uid) await table.put({ Item: { pk: `OPUID#${this.model}#${payload.uid}`, sk: 'META', id, ...(ttl ? { ttl } : {}) } });
      if (payload.grantId) await table.put({ Item: { pk: `OPGRANT#${payload.grantId}`, sk: `${this.model}#${id}`, ...(ttl ? { ttl } : {}) } });
    }

    async find(id: string) {
      const item = await table.get(this.key(id));
      return item?.payload as Payload | undefined;
    }

    async findByUid(uid: string) {
      const index = await table.get({ pk: `OPUID#${this.model}#${uid}`, sk: 'META' });
      return index ? this.find(index.id as string) : undefined;
    }

    async findByUserCode(): Promise<undefined> {
      return undefined;
    }

    async consume(id: string) {
      await table.update({ Key: this.key(id), UpdateExpression: 'SET payload.#consumed = :now', ExpressionAttributeNames: { '#consumed': 'consumed' }, ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) } });
    }

    async destroy(id: string) {
      await table.delete({ Key: this.key(id) });
    }

    async revokeByGrantId(grantId: string) {
      const items = await table.all({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `OPGRANT#${grantId}` } });
      for (const i of items) {
        const [model, id] = String(i.sk).split('#') as [string, string];
        await table.delete({ Key: { pk: `OP#${model}#${id}`, sk: 'META' } });
        await table.delete({ Key: { pk: i.pk as string, sk: i.sk as string } });
      }
    }
  };
