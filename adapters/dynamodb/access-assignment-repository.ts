import type { AccessAssignment, AccessPrincipal, AccessTarget } from '../../domain/access/access-assignment';
import type { AccessAssignmentRepository, AssignmentExists, AssignmentMissing } from '../../domain/access/access-ports';
import type { AccessConfigurationId, DirectoryId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, fail, ok, type Result } from '../../domain/shared/result';
import { invalidNextToken, type InvalidNextToken } from '../../domain/shared/store-outcomes';
import type { Task } from '../../domain/tasks/task';
import {
  ASSIGNMENT_EXPIRY_SHARDS,
  ASSIGNMENT_PREFIX,
  GSI1,
  assignmentExpiryShard,
  assignmentExpirySort,
  assignmentKey,
  assignmentOfPrincipalSort,
  assignmentOnTargetKey,
  assignmentsOfConfiguration,
  assignmentsOfPrincipal,
  assignmentsOnTarget,
  assignmentsOnTargetPrefix,
} from './keys';
import type { Item, Table } from './table';
import { taskItem } from './task-items';

const fields = (a: AccessAssignment) => ({
  directoryId: a.directoryId,
  accessConfigurationId: a.accessConfigurationId,
  target: a.target,
  principal: a.principal,
  createdAt: a.createdAt,
  expiresAt: a.expiresAt,
});

/** The assignment under its configuration, indexed by principal. */
const mainItem = (a: AccessAssignment): Item => ({
  ...assignmentKey(a.directoryId, a.accessConfigurationId, a.target, a.principal),
  kind: 'AccessAssignment',
  gsi1pk: assignmentsOfPrincipal(a.directoryId, a.principal),
  gsi1sk: assignmentOfPrincipalSort(a.accessConfigurationId, a.target),
  ...fields(a),
});

/** The reference under its target; a time-bound one also sits in the expiry index. */
const targetItem = (a: AccessAssignment): Item => ({
  ...assignmentOnTargetKey(a.directoryId, a.accessConfigurationId, a.target, a.principal),
  kind: 'AccessAssignmentRef',
  ...(a.expiresAt
    ? {
        gsi1pk: assignmentExpiryShard(shardOf(a.principal.id)),
        gsi1sk: assignmentExpirySort(a.expiresAt, a.directoryId, a.accessConfigurationId, a.target, a.principal),
      }
    : {}),
  ...fields(a),
});

const shardOf = (id: string) => ([...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0) >>> 0) % ASSIGNMENT_EXPIRY_SHARDS;

const fromItem = (i: Item): AccessAssignment => ({
  directoryId: i.directoryId as DirectoryId,
  accessConfigurationId: i.accessConfigurationId as AccessConfigurationId,
  target: i.target as AccessTarget,
  principal: i.principal as AccessPrincipal,
  createdAt: i.createdAt as string,
  ...(i.expiresAt ? { expiresAt: i.expiresAt as string } : {}),
});

export class DynamoAccessAssignmentRepository implements AccessAssignmentRepository {
  constructor(private readonly table: Table) {}

  async create(a: AccessAssignment, task: Task): Promise<Result<void, AssignmentExists>> {
    const out = await this.table.transact([
      { Put: { Item: mainItem(a), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { Item: targetItem(a) } },
      { Put: { Item: taskItem(task) } },
    ]);
    return out.ok
      ? ok(undefined)
      : fail('EntityAlreadyExists.AccessAssignment', 'This principal already holds this access configuration on this target.');
  }

  async delete(a: AccessAssignment, task: Task): Promise<Result<void, AssignmentMissing>> {
    const out = await this.table.transact([
      { Delete: { Key: assignmentKey(a.directoryId, a.accessConfigurationId, a.target, a.principal), ConditionExpression: 'attribute_exists(pk)' } },
      { Delete: { Key: assignmentOnTargetKey(a.directoryId, a.accessConfigurationId, a.target, a.principal) } },
      { Put: { Item: taskItem(task) } },
    ]);
    return out.ok ? ok(undefined) : fail('EntityNotExists.AccessAssignment', 'There is no such access assignment.');
  }

  async get(directoryId: DirectoryId, acId: AccessConfigurationId, target: AccessTarget, principal: AccessPrincipal) {
    const item = await this.table.get(assignmentKey(directoryId, acId, target, principal));
    return item ? fromItem(item) : undefined;
  }

  async onTarget(directoryId: DirectoryId, acId: AccessConfigurationId, target: AccessTarget) {
    const items = await this.table.all({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': assignmentsOfConfiguration(directoryId, acId), ':prefix': assignmentsOnTargetPrefix(target) },
      ConsistentRead: true,
    });
    return items.map(fromItem);
  }

  async anyOfConfiguration(directoryId: DirectoryId, acId: AccessConfigurationId) {
    const out = await this.table.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': assignmentsOfConfiguration(directoryId, acId), ':prefix': ASSIGNMENT_PREFIX },
        ConsistentRead: true,
        partition: { attribute: 'pk', value: assignmentsOfConfiguration(directoryId, acId) },
      },
      { limit: 1 },
    );
    return out.ok && out.page.items.length > 0;
  }

  private async listPartition(
    query: { index?: string; attribute: string; value: string },
    request: PageRequest,
  ): Promise<Result<Page<AccessAssignment>, InvalidNextToken>> {
    const out = await this.table.page(
      {
        ...(query.index ? { IndexName: query.index } : {}),
        KeyConditionExpression: `${query.attribute} = :pk AND begins_with(${query.index ? 'gsi1sk' : 'sk'}, :prefix)`,
        ExpressionAttributeValues: { ':pk': query.value, ':prefix': ASSIGNMENT_PREFIX },
        partition: { attribute: query.attribute, value: query.value },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(fromItem) }) : err(invalidNextToken());
  }

  listByConfiguration(directoryId: DirectoryId, acId: AccessConfigurationId, request: PageRequest) {
    return this.listPartition({ attribute: 'pk', value: assignmentsOfConfiguration(directoryId, acId) }, request);
  }

  listByTarget(directoryId: DirectoryId, target: AccessTarget, request: PageRequest) {
    return this.listPartition({ attribute: 'pk', value: assignmentsOnTarget(directoryId, target) }, request);
  }

  listByPrincipal(directoryId: DirectoryId, principal: AccessPrincipal, request: PageRequest) {
    return this.listPartition({ index: GSI1, attribute: 'gsi1pk', value: assignmentsOfPrincipal(directoryId, principal) }, request);
  }

  async expired(now: Date, limit: number) {
    const perShard = await Promise.all(
      Array.from({ length: ASSIGNMENT_EXPIRY_SHARDS }, (_, shard) =>
        this.table.page(
          {
            IndexName: GSI1,
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :now',
            // Sort keys are `<expiresAt>#…`: '$' sorts after '#', so an end equal to now counts as past.
            ExpressionAttributeValues: { ':pk': assignmentExpiryShard(shard), ':now': `${now.toISOString()}$` },
            partition: { attribute: 'gsi1pk', value: assignmentExpiryShard(shard) },
          },
          { limit: Math.max(1, Math.ceil(limit / ASSIGNMENT_EXPIRY_SHARDS)) },
        ),
      ),
    );
    return perShard.flatMap((out) => (out.ok ? out.page.items.map(fromItem) : []));
  }
}
