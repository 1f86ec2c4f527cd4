import type { TokenRequestReads } from '../../domain/ciam/hosted-ports';
import type { ApplicationId, InstanceId } from '../../domain/shared/ids';
import { applicationFromItem } from './application-repository';
import { authorizationCodeFromItem } from './authorization-code-store';
import { instanceFromItem } from './instance-repository';
import { applicationKey, instanceKey, oidcCodeKey, type Key } from './keys';
import type { Item, Table } from './table';

const find = (items: readonly Item[], key: Key) => items.find((i) => i.pk === key.pk && i.sk === key.sk);

/** One BatchGetItem: the instance and application items (one partition) and the code's own item. */
export class DynamoTokenRequestReads implements TokenRequestReads {
  constructor(private readonly table: Table) {}

  async read(instanceId: InstanceId, applicationId: ApplicationId, codeHash: string | undefined) {
    const keys = { instance: instanceKey(instanceId), application: applicationKey(instanceId, applicationId), code: codeHash ? oidcCodeKey(instanceId, codeHash) : undefined };
    const items = await this.table.getMany([keys.instance, keys.application, ...(keys.code ? [keys.code] : [])]);
    const [instance, application, code] = [find(items, keys.instance), find(items, keys.application), keys.code && find(items, keys.code)];
    return {
      instance: instance ? instanceFromItem(instance) : undefined,
      application: application ? applicationFromItem(application) : undefined,
      code: code ? authorizationCodeFromItem(code) : undefined,
    };
  }
}
