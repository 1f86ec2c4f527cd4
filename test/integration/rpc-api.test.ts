import { createHash, createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient, freshTable } from '../support/db';
import { awsError, FaultySender } from '../support/faults';
import { rpcOperations } from '../../functions/http/rpc/operations';
import { accessKeyOf, administratorAccessKey, refusedUnchanged, rpcOver, type AccessKey, type RpcAnswer, type RpcStack } from '../support/rpc';

let rpc: RpcStack;
let countItems: () => Promise<number>;
let tableName: string;
let root: { accountId: string; key: string };
let ak: AccessKey;

beforeAll(async () => {
  const t = await freshTable();
  countItems = t.countItems;
  tableName = t.name;
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

// An independent signer (not the server's code), to send exactly the requests a test needs: the same
// one twice, one with a chosen timestamp, one altered after signing.
const enc = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const signedV1Query = (key: AccessKey, action: string, params: Record<string, string>, at = new Date(), nonce = randomUUID()) => {
  const all: Record<string, string> = {
    Action: action,
    Version: '2021-05-15',
    Format: 'JSON',
    AccessKeyId: key.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: nonce,
    Timestamp: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...params,
  };
  const canonical = Object.keys(all).sort().map((k) => `${enc(k)}=${enc(all[k]!)}`).join('&');
  const signature = createHmac('sha1', `${key.accessKeySecret}&`).update(`GET&%2F&${enc(canonical)}`).digest('base64');
  return `${canonical}&Signature=${enc(signature)}`;
};
const getV1 = async (query: string) => {
  const res = await fetch(`${rpc.endpoint}/?${query}`);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

/** An ACS3-HMAC-SHA256 form POST, signed here; `tamper` changes the request after signing. */
const postAcs3 = async (key: AccessKey, action: string, query: Record<string, string>, form: string, options: { nonce?: string; tamper?: (r: { form: string; headers: Record<string, string> }) => void } = {}) => {
  const host = `127.0.0.1:${rpc.port}`;
  const headers: Record<string, string> = {
    host,
    'x-acs-action': action,
    'x-acs-version': '2021-05-15',
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': options.nonce ?? randomUUID(),
    'x-acs-content-sha256': createHash('sha256').update(form).digest('hex'),
    'content-type': 'application/x-www-form-urlencoded',
  };
  const names = Object.keys(headers).sort();
  const canonicalQuery = Object.keys(query).sort().map((k) => `${enc(k)}=${enc(query[k]!)}`).join('&');
  const canonical = ['POST', '/', canonicalQuery, names.map((n) => `${n}:${headers[n]}\n`).join(''), names.join(';'), headers['x-acs-content-sha256']].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = createHmac('sha256', key.accessKeySecret).update(stringToSign).digest('hex');
  const request: { form: string; headers: Record<string, string> } = { form, headers: { ...headers, authorization: `ACS3-HMAC-SHA256 Credential=${key.accessKeyId},SignedHeaders=${names.join(';')},Signature=${signature}` } };
  options.tamper?.(request);
  // fetch sets the host itself, to the same value.
  const { host: _host, ...sent } = request.headers;
  const res = await fetch(`${rpc.endpoint}/?${canonicalQuery}`, { method: 'POST', headers: sent, body: request.form });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

const directoryId = async () => (await rpc.pop(ak, 'ListDirectories')).body.Directories[0].DirectoryId as string;

/** Runs a refused call and checks it changed nothing. */
const refusedWithoutChange = (call: () => Promise<RpcAnswer>) => refusedUnchanged(() => countItems(), call);

describe('the directory: statistics and deletion', () => {
  it('reports the counts and switches the REST API reports', async () => {
    const id = await directoryId();
    const stats = await rpc.acs3(ak, 'GetDirectoryStatistics', { DirectoryId: id });
    expect(stats.status).toBe(200);
    const rest = (await rpc.call('GET', `/api/v1/cloudsso/directories/${id}/statistics`, { key: root.key })).json;
    expect(stats.body.DirectoryStatistics).toMatchObject({
      DirectoryId: id,
      UserCount: rest.users.count,
      UserQuota: rest.users.quota,
      GroupCount: rest.groups.count,
      AccessConfigurationQuota: rest.accessConfigurations.quota,
      SCIMSyncEnabled: rest.scimSynchronization === 'Enabled',
      SSOEnabled: rest.ssoStatus === 'Enabled',
      InProgressTaskCount: rest.tasksInProgress,
    });
  });

  it('deletes only an empty directory; deleted, it is gone for both APIs', async () => {
    const other = await rpc.openAccount('Short Lived Corp');
    const key = accessKeyOf(other.key);
    expect((await rpc.call('POST', '/api/v1/resource-directory', { key: other.key })).status).toBe(201);
    const id = (await rpc.pop(key, 'CreateDirectory', { DirectoryName: 'short-lived' })).body.Directory.DirectoryId as string;
    const user = await rpc.acs3(key, 'CreateUser', { DirectoryId: id, UserName: 'only-user' });
    expect(user.status, JSON.stringify(user.body)).toBe(200);
    expect(await refusedWithoutChange(() => rpc.pop(key, 'DeleteDirectory', { DirectoryId: id }))).toMatchObject({ status: 409, body: { Code: 'DeletionConflict.Directory' } });
    expect((await rpc.acs3(key, 'DeleteUser', { DirectoryId: id, UserId: user.body.User.UserId })).status).toBe(200);
    expect((await rpc.acs3(key, 'DeleteDirectory', { DirectoryId: id })).status).toBe(200);
    expect((await rpc.pop(key, 'ListDirectories')).body.Directories).toEqual([]);
    expect((await rpc.call('GET', `/api/v1/cloudsso/directories/${id}`, { key: other.key })).status).toBe(404);
  });
});

describe('signatures and keys', () => {
  it('accepts a signed GET of its own making, and refuses the same request sent again', async () => {
    const query = signedV1Query(ak, 'GetDirectory', { DirectoryId: await directoryId() });
    expect((await getV1(query)).status).toBe(200);
    const replay = await refusedWithoutChange(() => getV1(query));
    expect(replay).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
  });

  it('refuses a reused nonce under ACS3 too, and a request whose body changed after signing', async () => {
    const nonce = randomUUID();
    const form = `DirectoryId=${await directoryId()}`;
    expect((await postAcs3(ak, 'GetDirectory', {}, form, { nonce })).status).toBe(200);
    expect(await refusedWithoutChange(() => postAcs3(ak, 'GetDirectory', {}, form, { nonce }))).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
    const altered = await refusedWithoutChange(() =>
      postAcs3(ak, 'CreateDirectory', {}, 'DirectoryName=forged', { tamper: (r) => void (r.form = 'DirectoryName=other-name') }),
    );
    expect(altered).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
    const resigned = await refusedWithoutChange(() =>
      postAcs3(ak, 'GetDirectory', { DirectoryId: 'd-x' }, '', { tamper: (r) => void (r.headers['x-acs-action'] = 'DeleteDirectory') }),
    );
    expect(resigned).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
  });

  it('refuses a header left out of the signature', async () => {
    const out = await refusedWithoutChange(() =>
      postAcs3(ak, 'GetDirectory', {}, '', {
        tamper: (r) => {
          r.headers.authorization = r.headers.authorization!.replace('x-acs-action;', '');
        },
      }),
    );
    expect(out).toMatchObject({ status: 400, body: { Code: 'IncompleteSignature' } });
  });

  it('refuses a wrong secret with both clients, changing nothing', async () => {
    const wrong = { ...ak, accessKeySecret: `${ak.accessKeySecret}x` };
    expect(await refusedWithoutChange(() => rpc.pop(wrong, 'CreateDirectory', { DirectoryName: 'nope' }))).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
    expect(await refusedWithoutChange(() => rpc.acs3(wrong, 'CreateDirectory', { DirectoryName: 'nope' }))).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
  });

  it('refuses a parameter changed after signing', async () => {
    const query = signedV1Query(ak, 'UpdateDirectory', { DirectoryId: await directoryId(), NewDirectoryName: 'signed-name' }).replace('signed-name', 'other-name');
    expect(await refusedWithoutChange(() => getV1(query))).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
  });

  it('refuses a timestamp more than 15 minutes away from the server clock, either way, and a malformed one', async () => {
    const id = await directoryId();
    const now = Date.now();
    expect((await getV1(signedV1Query(ak, 'GetDirectory', { DirectoryId: id }, new Date(now - 14 * 60_000)))).status).toBe(200);
    for (const at of [new Date(now - 16 * 60_000), new Date(now + 16 * 60_000)]) {
      expect(await refusedWithoutChange(() => getV1(signedV1Query(ak, 'GetDirectory', { DirectoryId: id }, at)))).toMatchObject({
        status: 400,
        body: { Code: 'InvalidTimeStamp.Expired' },
      });
    }
    // The server's clock moves on: a request signed now is stale to it 16 minutes later.
    rpc.clock.advance(16 * 60_000);
    try {
      expect(await refusedWithoutChange(() => rpc.pop(ak, 'GetDirectory', { DirectoryId: id }))).toMatchObject({ status: 400, body: { Code: 'InvalidTimeStamp.Expired' } });
    } finally {
      rpc.clock.advance(-16 * 60_000);
    }
    const query = signedV1Query(ak, 'GetDirectory', { DirectoryId: id }).replace(/Timestamp=[^&]+/, 'Timestamp=yesterday');
    expect(await refusedWithoutChange(() => getV1(query))).toMatchObject({ status: 400, body: { Code: 'InvalidTimeStamp.Format' } });
  });

  it('refuses an unknown AccessKeyId, and a key disabled or deleted through the REST API', async () => {
    expect(await refusedWithoutChange(() => rpc.pop({ accessKeyId: 'AKNOSUCHKEY', accessKeySecret: 'x' }, 'ListDirectories'))).toMatchObject({
      status: 404,
      body: { Code: 'InvalidAccessKeyId.NotFound' },
    });
    const created = await rpc.call('POST', '/api/v1/account/api-keys', { key: root.key });
    expect(created.status).toBe(201);
    const second = accessKeyOf(created.json.secret);
    expect(created.json.apiKey.id).toBe(second.accessKeyId);
    expect((await rpc.acs3(second, 'ListDirectories')).status).toBe(200);
    await rpc.call('PATCH', `/api/v1/account/api-keys/${second.accessKeyId}`, { key: root.key, body: { status: 'Inactive' } });
    expect(await refusedWithoutChange(() => rpc.acs3(second, 'ListDirectories'))).toMatchObject({ status: 403, body: { Code: 'InvalidAccessKeyId.Inactive' } });
    await rpc.call('DELETE', `/api/v1/account/api-keys/${second.accessKeyId}`, { key: root.key });
    expect(await refusedWithoutChange(() => rpc.pop(second, 'ListDirectories'))).toMatchObject({ status: 404, body: { Code: 'InvalidAccessKeyId.NotFound' } });
  });

  it("applies the key owner's policies exactly as the REST API does", async () => {
    const reader = await administratorAccessKey(rpc, root.key, 'rpc-reader', ['AliyunCloudSSOReadOnlyAccess']);
    const id = await directoryId();
    expect((await rpc.pop(reader, 'GetDirectory', { DirectoryId: id })).status).toBe(200);
    const refused = await refusedWithoutChange(() => rpc.acs3(reader, 'UpdateDirectory', { DirectoryId: id, NewDirectoryName: 'renamed-by-reader' }));
    expect(refused).toMatchObject({ status: 403, body: { Code: 'Forbidden' } });
    expect(refused.body.Message).toContain('cloudsso:UpdateDirectory');
    const rest = await rpc.call('PATCH', `/api/v1/cloudsso/directories/${id}`, { key: reader.accessKeySecret, body: { name: 'renamed-by-reader' } });
    expect(rest.json.code).toBe(refused.body.Code);
  });
});

describe('requests the protocol refuses', () => {
  it('an unknown action (404), another version, a missing or invalid parameter, XML', async () => {
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'DescribeInstances'))).toMatchObject({ status: 404, body: { Code: 'InvalidAction.NotFound' } });
    expect(await refusedWithoutChange(() => getV1(signedV1Query(ak, 'ListDirectories', {}).replace('Version=2021-05-15', 'Version=2014-05-26')))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidVersion' },
    });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'GetDirectory'))).toMatchObject({ status: 400, body: { Code: 'MissingParameter.DirectoryId' } });
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'UpdateDirectory', { DirectoryId: 'd-x', NewDirectoryName: 'n'.repeat(65) }))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.NewDirectoryName' },
    });
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'CreateDirectory', { RegionId: 'mars-1' }))).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.RegionId' } });
    expect(await refusedWithoutChange(() => getV1(signedV1Query(ak, 'ListDirectories', { Format: 'XML' }).replace('Format=JSON&', '')))).toMatchObject({
      status: 400,
      body: { Code: 'InvalidParameter.Format' },
    });
  });

  it('XML asked for in a form body as well as in the query', async () => {
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'ListDirectories', { Format: 'XML' }, 'POST'))).toMatchObject({ status: 400, body: { Code: 'InvalidParameter.Format' } });
  });

  it('an unsigned request, or one without a nonce', async () => {
    expect(await refusedWithoutChange(() => getV1('Action=ListDirectories&Version=2021-05-15'))).toMatchObject({ status: 400, body: { Code: 'IncompleteSignature' } });
    const noNonce = signedV1Query(ak, 'ListDirectories', {}).replace(/SignatureNonce=[^&]+&/, '');
    expect(await refusedWithoutChange(() => getV1(noNonce))).toMatchObject({ status: 400, body: { Code: 'MissingParameter.SignatureNonce' } });
  });

  it('a failure of the use case keeps its code and the REST API status, e.g. a directory that does not exist', async () => {
    expect(await refusedWithoutChange(() => rpc.pop(ak, 'GetDirectory', { DirectoryId: 'd-doesnotexist' }))).toMatchObject({
      status: 404,
      body: { Code: 'EntityNotExists.Directory' },
    });
    expect(await refusedWithoutChange(() => rpc.acs3(ak, 'CreateDirectory', {}))).toMatchObject({ status: 409, body: { Code: 'EntityAlreadyExists.Directory' } });
  });
});

describe('the audit trail', () => {
  it('records a change made over RPC once, with channel RPC and the signing AccessKey', async () => {
    const id = await directoryId();
    expect((await rpc.acs3(ak, 'UpdateDirectory', { DirectoryId: id, NewDirectoryName: 'audited-name' })).status).toBe(200);
    const events = await rpc.call('GET', `/api/v1/cloudsso/directories/${id}/audit-events?action=cloudsso:UpdateDirectory`, { key: root.key });
    const rpcEvents = events.json.events.filter((e: any) => e.channel === 'RPC' && e.request?.newDirectoryName === 'audited-name');
    expect(rpcEvents).toHaveLength(1);
    expect(rpcEvents[0]).toMatchObject({ result: 'Success', actor: { type: 'Account', authenticatedBy: 'AccessKey', credentialId: ak.accessKeyId } });
    expect(JSON.stringify(events.json)).not.toContain(ak.accessKeySecret);
  });
});

describe('AccessKey secrets at rest', () => {
  it('are sealed: no item holds the secret, and each key item by id holds only its sealed form', async () => {
    const items: Record<string, any>[] = [];
    let start: Record<string, any> | undefined;
    do {
      const out = await dynamoClient().send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    expect(JSON.stringify(items)).not.toContain(ak.accessKeySecret.split('_').pop());
    const byId = items.find((i) => i.pk?.S === `ACCESSKEY#${ak.accessKeyId}`);
    expect(byId?.sealedSecret?.S).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});

describe('the reference page', () => {
  it('lists every operation with its parameters, and every error Recommend points at an anchor on it', async () => {
    const res = await fetch(`${rpc.endpoint}/api/v1/docs/alibaba-api`);
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const op of rpcOperations) expect(page, op.action).toContain(`id="${op.action}"`);
    expect(page).toContain('<code>DirectoryId</code> <strong>required</strong>');
    const errors = [
      await rpc.pop(ak, 'DescribeInstances'),
      await rpc.pop({ ...ak, accessKeySecret: 'wrong' }, 'ListDirectories'),
      await rpc.acs3(ak, 'GetDirectory'),
      await rpc.acs3(ak, 'GetDirectory', { DirectoryId: 'd-doesnotexist' }),
    ];
    for (const e of errors) {
      const anchor = new URL(e.body.Recommend).hash.slice(1);
      expect(page, e.body.Code).toContain(`id="${decodeURIComponent(anchor)}"`);
    }
  });
});

describe('a store failure in the middle of an RPC change', () => {
  it('answers InternalError, writes nothing, and records the call as failed', async () => {
    let faulty: FaultySender | undefined;
    const t = await freshTable({ wrap: (inner) => (faulty = new FaultySender(inner)) });
    const local = await rpcOver(t.table);
    try {
      const a = await local.openAccount('Fragile Rpc Corp');
      const key = accessKeyOf(a.key);
      await local.call('POST', '/api/v1/resource-directory', { key: a.key });
      const dir = (await local.pop(key, 'CreateDirectory', { DirectoryName: 'fragile-rpc' })).body.Directory.DirectoryId as string;
      const before = await t.countItems();
      // Not retryable: the transaction carrying the user and its record fails as a whole.
      faulty!.failNext(1, { match: /TransactWrite/, error: () => awsError('ValidationException') });
      const res = await local.acs3(key, 'CreateUser', { DirectoryId: dir, UserName: 'lost' });
      expect(res).toMatchObject({ status: 500, body: { Code: 'InternalError' } });
      expect(await t.countItems()).toBe(before);
      const events = await local.call('GET', `/api/v1/cloudsso/directories/${dir}/audit-events?action=cloudsso:CreateUser`, { key: a.key });
      expect(events.json.events.filter((e: any) => e.requestId === res.body.RequestId)).toMatchObject([{ channel: 'RPC', result: 'Failure', errorCode: 'InternalError' }]);
    } finally {
      await local.stop();
    }
  });
});
