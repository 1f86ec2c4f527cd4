import type { Application, SamlApplication } from '../../domain/ciam/application';
import { createHash } from 'node:crypto';
import type { ApplicationQuotaExceeded, ApplicationRepository, SpEntityIdTaken } from '../../domain/ciam/application-ports';
import type { ApplicationId, InstanceId } from '../../domain/shared/ids';
import type { Page, PageRequest } from '../../domain/shared/page';
import { err, fail, ok, type Result } from '../../domain/shared/result';
import { concurrentModification, invalidNextToken, type ConcurrentModification, type InvalidNextToken } from '../../domain/shared/store-outcomes';
import { APPLICATION_PREFIX, applicationCountKey, applicationKey, instanceKey, instancePk, spEntityIdGuardKey } from './keys';
import { instanceFromItem } from './instance-repository';
import type { Instance } from '../../domain/ciam/instance';
import type { Item, Table, TransactItem } from './table';

const toItem = (application: Application): Item => {
  const { version, ...fields } = application;
  return { ...applicationKey(application.instanceId, application.id), kind: 'Application', ...fields, v: version };
};

export const applicationFromItem = ({ pk: _pk, sk: _sk, kind: _kind, v, ...fields }: Item): Application => ({ ...(fields as Omit<Application, 'version'>), version: v as number }) as Application;

const count = (instanceId: InstanceId, delta: 1 | -1, maxApplications?: number): TransactItem => ({
  Update: {
    Key: applicationCountKey(instanceId),
    UpdateExpression: 'ADD #n :d',
    ExpressionAttributeNames: { '#n': 'applications' },
    // The first application creates the counter item; a decrement needs no condition (the
    // application's own delete, in the same transaction, proves it was counted).
    ...(maxApplications === undefined
      ? { ExpressionAttributeValues: { ':d': delta } }
      : { ConditionExpression: 'attribute_not_exists(#n) OR #n < :max', ExpressionAttributeValues: { ':d': delta, ':max': maxApplications } }),
  },
});

const spEntityIdOf = (a: Application): string | undefined => (a.protocol === 'SAML' ? a.saml.spEntityId : undefined);
const guardKey = (instanceId: InstanceId, spEntityId: string) => spEntityIdGuardKey(instanceId, createHash('sha256').update(spEntityId, 'utf8').digest('hex'));
const claim = (a: Application, spEntityId: string): TransactItem => ({
  Put: {
    Item: { ...guardKey(a.instanceId, spEntityId), kind: 'SpEntityIdGuard', spEntityId, applicationId: a.id },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});
const release = (a: Application, spEntityId: string): TransactItem => ({ Delete: { Key: guardKey(a.instanceId, spEntityId) } });
const spEntityIdTaken = (spEntityId: string) =>
  fail('EntityAlreadyExists.SpEntityId', `Another application of this instance already has the SP entity ID ${spEntityId}; SAML sign-in finds the application by it.`);

/**
 * INST#<instanceId> / APP#<applicationId>, beside the instance; APPCOUNT holds how many there are, so
 * the edition's quota is one conditional ADD in the create transaction rather than a count that two
 * concurrent creates could both read below the limit.
 */
export class DynamoApplicationRepository implements ApplicationRepository {
  constructor(private readonly table: Table) {}

  async getWithInstance(instanceId: InstanceId, id: ApplicationId): Promise<{ instance: Instance | undefined; application: Application | undefined }> {
    const [iKey, aKey] = [instanceKey(instanceId), applicationKey(instanceId, id)];
    const items = await this.table.getMany([iKey, aKey]);
    const instance = items.find((i) => i.sk === iKey.sk);
    const application = items.find((i) => i.sk === aKey.sk);
    return { instance: instance ? instanceFromItem(instance) : undefined, application: application ? applicationFromItem(application) : undefined };
  }

  async get(instanceId: InstanceId, id: ApplicationId): Promise<Application | undefined> {
    const item = await this.table.get(applicationKey(instanceId, id));
    return item ? applicationFromItem(item) : undefined;
  }

  /** The instance with the SP entity id's guard (one BatchGet), then the application the guard names. */
  async withSpEntityId(instanceId: InstanceId, spEntityId: string): Promise<{ instance: Instance | undefined; application: SamlApplication | undefined }> {
    const [iKey, gKey] = [instanceKey(instanceId), guardKey(instanceId, spEntityId)];
    const items = await this.table.getMany([iKey, gKey]);
    const instanceItem = items.find((i) => i.sk === iKey.sk);
    const guard = items.find((i) => i.sk === gKey.sk);
    const instance = instanceItem ? instanceFromItem(instanceItem) : undefined;
    if (!guard || guard.spEntityId !== spEntityId) return { instance, application: undefined };
    const application = await this.get(instanceId, guard.applicationId as ApplicationId);
    return { instance, application: application && spEntityIdOf(application) === spEntityId ? (application as SamlApplication) : undefined };
  }

  async list(instanceId: InstanceId, request: PageRequest): Promise<Result<Page<Application>, InvalidNextToken>> {
    const pk = instancePk(instanceId);
    const out = await this.table.page(
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': APPLICATION_PREFIX },
        ConsistentRead: true,
        partition: { attribute: 'pk', value: pk },
      },
      request,
    );
    return out.ok ? ok({ ...out.page, items: out.page.items.map(applicationFromItem) }) : err(invalidNextToken());
  }

  async create(application: Application, maxApplications: number): Promise<Result<void, ApplicationQuotaExceeded | SpEntityIdTaken>> {
    const spEntityId = spEntityIdOf(application);
    const out = await this.table.transact([
      count(application.instanceId, 1, maxApplications),
      { Put: { Item: toItem(application), ConditionExpression: 'attribute_not_exists(pk)' } },
      ...(spEntityId !== undefined ? [claim(application, spEntityId)] : []),
    ]);
    if (out.ok) return ok(undefined);
    if (out.failed.includes(0)) {
      return fail('LimitExceeded.Application', `The instance holds ${maxApplications} applications, as many as its edition allows; delete one or upgrade.`);
    }
    if (spEntityId !== undefined && out.failed.includes(2)) return spEntityIdTaken(spEntityId);
    throw new Error(`application ${application.id} already exists`);
  }

  async update(application: Application, previous: Application): Promise<Result<void, ConcurrentModification | SpEntityIdTaken>> {
    const put = { Item: toItem(application), ConditionExpression: 'v = :expected', ExpressionAttributeValues: { ':expected': previous.version } };
    const [before, after] = [spEntityIdOf(previous), spEntityIdOf(application)];
    if (before === after) {
      const out = await this.table.put(put);
      return out.ok ? ok(undefined) : err(concurrentModification(`Application ${application.id}`));
    }
    // The claim moves with the application in one transaction: never two owners, never a lost one.
    const out = await this.table.transact([
      { Put: put },
      ...(before !== undefined ? [release(previous, before)] : []),
      ...(after !== undefined ? [claim(application, after)] : []),
    ]);
    if (out.ok) return ok(undefined);
    if (out.failed.includes(0)) return err(concurrentModification(`Application ${application.id}`));
    return spEntityIdTaken(after!);
  }

  async delete(application: Application): Promise<Result<void, ConcurrentModification>> {
    const out = await this.table.transact([
      {
        Delete: {
          Key: applicationKey(application.instanceId, application.id),
          ConditionExpression: 'v = :expected',
          ExpressionAttributeValues: { ':expected': application.version },
        },
      },
      count(application.instanceId, -1),
      ...(spEntityIdOf(application) !== undefined ? [release(application, spEntityIdOf(application)!)] : []),
    ]);
    return out.ok ? ok(undefined) : err(concurrentModification(`Application ${application.id}`));
  }
}
