import type { GroupGone, MemberMissing, MembershipRepository } from '../../domain/directory/ports';
import type { DirectoryId, GroupId, UserId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, ok, type Result } from '../../domain/shared/result';
import { invalidNextToken, type InvalidNextToken } from '../../domain/shared/store-outcomes';
import { GSI1, groupKey, groupMembersPartition, membershipKey, userGroupsPartition, userGroupsSort, userKey } from './keys';
import type { Table, TransactItem } from './table';

// Two writes per member (the membership and the user's group count) plus the group's count: 49
// members fill a 100-item transaction.
const CHUNK = 49;
const RACE_RETRIES = 5;

const counter = (key: ReturnType<typeof userKey>, attribute: string, delta: number): TransactItem => ({
  Update: {
    Key: key,
    UpdateExpression: `ADD ${attribute} :d`,
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':d': delta },
  },
});

/**
 * Memberships are items under the group's own partition key, indexed by user in gsi1, so neither a
 * 100,000-member group nor a user's groups ever sit in one item. Adding or removing N members costs
 * about 2N writes whatever the group's size. Counts (`memberCount` on the group, `groupCount` on the
 * user) change in the same transactions, which is what makes "delete only when empty" exact.
 */
export class DynamoMembershipRepository implements MembershipRepository {
  constructor(private readonly table: Table) {}

  private async existing(directoryId: DirectoryId, groupId: GroupId, userIds: readonly UserId[]): Promise<Set<string>> {
    const items = await this.table.getMany(userIds.map((u) => membershipKey(directoryId, groupId, u)));
    return new Set(items.map((i) => i.userId as string));
  }

  async add(
    directoryId: DirectoryId,
    groupId: GroupId,
    userIds: readonly UserId[],
  ): Promise<Result<{ added: number }, MemberMissing | GroupGone>> {
    const unique = [...new Set(userIds)];
    let added = 0;
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      for (let attempt = 1; ; attempt++) {
        const present = await this.existing(directoryId, groupId, chunk);
        const fresh = chunk.filter((u) => !present.has(u));
        if (fresh.length === 0) break;
        const out = await this.table.transact([
          counter(groupKey(directoryId, groupId), 'memberCount', fresh.length),
          ...fresh.flatMap((userId): TransactItem[] => [
            {
              Put: {
                Item: {
                  ...membershipKey(directoryId, groupId, userId),
                  kind: 'Membership',
                  gsi1pk: userGroupsPartition(directoryId, userId),
                  gsi1sk: userGroupsSort(groupId),
                  groupId,
                  userId,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            counter(userKey(directoryId, userId), 'groupCount', 1),
          ]),
        ]);
        if (out.ok) {
          added += fresh.length;
          break;
        }
        if (out.failed.includes(0)) return err({ code: 'EntityNotExists.Group', message: `Group ${groupId} does not exist.` });
        const missing = out.failed.filter((n) => n % 2 === 0).map((n) => fresh[n / 2 - 1]).find((u) => u !== undefined);
        if (missing) {
          return err({ code: 'EntityNotExists.User', message: `User ${missing} does not exist in this directory.`, userId: missing });
        }
        // Another writer added one of these members meanwhile: read again and add the rest.
        if (attempt >= RACE_RETRIES) throw new Error(`membership add of group ${groupId} kept racing`);
      }
    }
    return ok({ added });
  }

  async remove(directoryId: DirectoryId, groupId: GroupId, userIds: readonly UserId[]): Promise<{ removed: number }> {
    const unique = [...new Set(userIds)];
    let removed = 0;
    for (let i = 0; i < unique.length; i += CHUNK) {
      removed += await this.removeChunk(directoryId, groupId, unique.slice(i, i + CHUNK));
    }
    return { removed };
  }

  private async removeChunk(directoryId: DirectoryId, groupId: GroupId, chunk: readonly UserId[]): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const present = [...(await this.existing(directoryId, groupId, chunk))] as UserId[];
      if (present.length === 0) return 0;
      // A deleted group (memberships awaiting purge) and deleted users have no counters left to keep.
      const [group, ...users] = await Promise.all([
        this.table.get(groupKey(directoryId, groupId)),
        ...present.map((u) => this.table.get(userKey(directoryId, u))),
      ]);
      const out = await this.table.transact([
        ...(group ? [counter(groupKey(directoryId, groupId), 'memberCount', -present.length)] : []),
        ...present.flatMap((userId, n): TransactItem[] => [
          { Delete: { Key: membershipKey(directoryId, groupId, userId), ConditionExpression: 'attribute_exists(pk)' } },
          ...(users[n] ? [counter(userKey(directoryId, userId), 'groupCount', -1)] : []),
        ]),
      ]);
      if (out.ok) return present.length;
      if (attempt >= RACE_RETRIES) throw new Error(`membership remove of group ${groupId} kept racing`);
    }
  }

  async isMember(directoryId: DirectoryId, groupId: GroupId, userId: UserId): Promise<boolean> {
    return (await this.table.get(membershipKey(directoryId, groupId, userId))) !== undefined;
  }

  async listMembers(directoryId: DirectoryId, groupId: GroupId, request: PageRequest): Promise<Result<Page<UserId>, InvalidNextToken>> {
    const pk = groupMembersPartition(directoryId, groupId);
    const out = await this.table.page(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, partition: { attribute: 'pk', value: pk } },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map((i) => i.userId as UserId) }) : err(invalidNextToken());
  }

  async listGroupsOf(directoryId: DirectoryId, userId: UserId, request: PageRequest): Promise<Result<Page<GroupId>, InvalidNextToken>> {
    const pk = userGroupsPartition(directoryId, userId);
    const out = await this.table.page(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        partition: { attribute: 'gsi1pk', value: pk },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map((i) => i.groupId as GroupId) }) : err(invalidNextToken());
  }

  async purge(directoryId: DirectoryId, groupId: GroupId, limit: number): Promise<{ removed: number; done: boolean }> {
    const page = await this.listMembers(directoryId, groupId, { limit });
    if (!page.ok) throw new Error('unreachable: no token given');
    const { removed } = await this.remove(directoryId, groupId, page.value.items);
    return { removed, done: page.value.nextToken === undefined };
  }
}
