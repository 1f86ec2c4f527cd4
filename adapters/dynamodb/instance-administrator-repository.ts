import type { InstanceAdministrator } from '../../domain/ciam/instance-administrator';
import type { InstanceAdministratorExists, InstanceAdministratorRepository } from '../../domain/ciam/ports';
import type { AdministratorId, InstanceId } from '../../domain/shared/ids';
import { err, ok, type Result } from '../../domain/shared/result';
import { GSI1, INSTANCE_ADMIN_PREFIX, instanceAdministratorKey, instancePk, instancesOfAdministrator } from './keys';
import type { Item, Table } from './table';

const fromItem = ({ pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, kind: _kind, ...rest }: Item) => rest as InstanceAdministrator;

/** INST#<id> / ADMIN#<adminId>; gsi1 ADMIN#<adminId>#INSTANCES lists the instances an administrator holds a role on. */
export class DynamoInstanceAdministratorRepository implements InstanceAdministratorRepository {
  constructor(private readonly table: Table) {}

  async get(instanceId: InstanceId, administratorId: AdministratorId): Promise<InstanceAdministrator | undefined> {
    const item = await this.table.get(instanceAdministratorKey(instanceId, administratorId));
    return item ? fromItem(item) : undefined;
  }

  async list(instanceId: InstanceId): Promise<readonly InstanceAdministrator[]> {
    const items = await this.table.all({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': instancePk(instanceId), ':prefix': INSTANCE_ADMIN_PREFIX },
      ConsistentRead: true,
    });
    return items.map(fromItem).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async instancesOf(administratorId: AdministratorId): Promise<readonly InstanceId[]> {
    const items = await this.table.all({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': instancesOfAdministrator(administratorId) },
    });
    return items.map((i) => i.instanceId as InstanceId);
  }

  async add(admin: InstanceAdministrator): Promise<Result<void, InstanceAdministratorExists>> {
    const out = await this.table.put({
      Item: {
        ...instanceAdministratorKey(admin.instanceId, admin.administratorId),
        kind: 'InstanceAdministrator',
        gsi1pk: instancesOfAdministrator(admin.administratorId),
        gsi1sk: instancePk(admin.instanceId),
        ...admin,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return out.ok
      ? ok(undefined)
      : err({ code: 'EntityAlreadyExists.InstanceAdministrator', message: `Administrator ${admin.administratorId} already has a role on instance ${admin.instanceId}.` });
  }

  async remove(instanceId: InstanceId, administratorId: AdministratorId): Promise<void> {
    await this.table.delete({ Key: instanceAdministratorKey(instanceId, administratorId) });
  }
}
