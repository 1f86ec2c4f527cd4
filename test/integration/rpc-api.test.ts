import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshTable } from '../support/db';
import { accessKeyOf, rpcOver, type AccessKey, type RpcStack } from '../support/rpc';

let rpc: RpcStack;
let countItems: () => Promise<number>;
let root: { accountId: string; key: string };
let ak: AccessKey;

beforeAll(async () => {
  const t = await freshTable();
  countItems = t.countItems;
  rpc = await rpcOver(t.table);
  root = await rpc.openAccount('Rpc Corp');
  ak = accessKeyOf(root.key);
  expect((await rpc.call('POST', '/api/v1/resource-directory', { key: root.key })).status).toBe(201);
});

afterAll(async () => {
  await rpc?.stop();
});

describe('the service and the directory', () => {
  it('enables CloudSSO, creates the directory and reads it back with both signature versions', async () => {
    const before = await rpc.pop(ak, 'GetServiceStatus');
    expect(before).toMatchObject({ status: 200, body: { ServiceStatus: { Status: 'Disabled', PrerequisiteCheckResult: 'Success', AccountId: root.accountId } } });
    expect(before.body.RequestId).toEqual(expect.any(String));
    expect((await rpc.acs3(ak, 'EnableService')).status).toBe(200);
    expect((await rpc.acs3(ak, 'GetServiceStatus')).body.ServiceStatus).toMatchObject({ Status: 'Enabled' });
    const created = await rpc.pop(ak, 'CreateDirectory', { DirectoryName: 'rpc-corp', RegionId: 'cn-shanghai' });
    expect(created).toMatchObject({ status: 200, body: { Directory: { DirectoryName: 'rpc-corp', Region: 'cn-shanghai' } } });
    const id = created.body.Directory.DirectoryId as string;
    expect((await rpc.acs3(ak, 'GetDirectory', { DirectoryId: id })).body.Directory).toMatchObject({ DirectoryId: id, DirectoryName: 'rpc-corp' });
    expect((await rpc.pop(ak, 'ListDirectories', {}, 'GET')).body.Directories).toEqual([expect.objectContaining({ DirectoryId: id })]);
    const rest = await rpc.call('GET', `/api/v1/cloudsso/directories/${id}`, { key: root.key });
    expect(rest.json).toMatchObject({ id, name: 'rpc-corp' });
  });
});
