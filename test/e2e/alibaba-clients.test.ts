import OpenApi, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import { RuntimeOptions } from '@alicloud/tea-util';
import RPCClient from '@alicloud/pop-core';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../adapters/local/dynamodb-local';
import type { AccountId } from '../../domain/shared/ids';
import { startLocalStack, type LocalStack } from '../../scripts/local/stack';
import { IDP_CERT_BODY } from '../support/saml/test-idp';

// These start whole stacks; on a loaded 2-core CI machine that takes a while.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const VERSION = '2021-05-15';
let stack: LocalStack;
let demo: any;

beforeAll(async () => {
  stack = await startLocalStack({ dataDir: 'memory', port: await freePort(), visibilityTimeoutMs: 50 });
  demo = JSON.parse(await readFile(stack.demoPath, 'utf8'));
});

afterAll(async () => {
  await stack?.stop();
});

type Key = { accessKeyId: string; accessKeySecret: string };
/** One way of calling the API: an Alibaba Cloud client, as its users configure it. */
type Caller = (action: string, params?: Record<string, unknown>) => Promise<Record<string, any>>;

/** @alicloud/pop-core: signature 1.0, parameters in the form body. */
const popCore = (endpoint: string, key: Key): Caller => {
  const client = new RPCClient({ ...key, endpoint, apiVersion: VERSION });
  return (action, params = {}) => client.request(action, params, { method: 'POST', formatParams: false, timeout: 15_000 });
};

/** @alicloud/openapi-client: ACS3-HMAC-SHA256, as the generated SDKs call an RPC operation. */
const openApiClient = (endpoint: string, key: Key): Caller => {
  const url = new URL(endpoint);
  const client = new OpenApi(new Config({ ...key, endpoint: url.host, protocol: url.protocol.replace(':', '').toUpperCase() }));
  return async (action, params = {}) => {
    const call = new Params({ action, version: VERSION, protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
    const out = (await client.callApi(call, new OpenApiRequest({ query: OpenApiUtil.query(params) }), new RuntimeOptions({ autoretry: false }))) as { body: Record<string, any> };
    return out.body;
  };
};

const rest = async (method: string, path: string, key: string, body?: unknown) => {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: res.status === 204 ? undefined : ((await res.json()) as any) };
};

/** A fresh organisation: an account from the operator, its resource directory and one member account. */
const organisation = async (name: string) => {
  const opened = await rest('POST', '/api/v1/operator/accounts', demo.operatorToken, { displayName: name, enterpriseVerified: true });
  expect(opened.status).toBe(201);
  const key = opened.json.secret as string;
  expect((await rest('POST', '/api/v1/resource-directory', key)).status).toBe(201);
  const member = await rest('POST', '/api/v1/resource-directory/accounts', key, { displayName: `${name} Dev` });
  expect(member.status).toBe(201);
  return { key, accessKey: { accessKeyId: opened.json.apiKey.id as string, accessKeySecret: key }, memberId: member.json.id as string };
};

const metadata = (entityId: string) =>
  Buffer.from(
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${IDP_CERT_BODY}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`,
  ).toString('base64');

/**
 * The procedure of the issue, by one client alone: enable CloudSSO, create the directory, users and a
 * group, set SAML, create an access configuration with policies, assign it on a member account, and
 * poll the task to Success; then check the REST API and the member account show the same.
 */
const procedure = async (call: Caller, org: Awaited<ReturnType<typeof organisation>>, tag: string) => {
  expect((await call('GetServiceStatus')).ServiceStatus.Status).toBe('Disabled');
  await call('EnableService');
  expect((await call('GetServiceStatus')).ServiceStatus.Status).toBe('Enabled');
  const directory = (await call('CreateDirectory', { DirectoryName: `${tag}-sso`, RegionId: 'cn-shanghai' })).Directory;
  const DirectoryId = directory.DirectoryId as string;

  const alice = (await call('CreateUser', { DirectoryId, UserName: 'alice', DisplayName: 'Alice', Email: `alice@${tag}.example` })).User;
  const bob = (await call('CreateUser', { DirectoryId, UserName: 'bob', DisplayName: 'Bob' })).User;
  const group = (await call('CreateGroup', { DirectoryId, GroupName: 'developers', Description: 'Dev team' })).Group;
  await call('AddUserToGroup', { DirectoryId, GroupId: group.GroupId, UserId: alice.UserId });
  await call('AddUserToGroup', { DirectoryId, GroupId: group.GroupId, UserId: bob.UserId });
  expect((await call('ListGroupMembers', { DirectoryId, GroupId: group.GroupId })).GroupMembers).toHaveLength(2);

  await call('SetExternalSAMLIdentityProvider', { DirectoryId, EncodedMetadataDocument: metadata(`https://idp.${tag}.example/metadata`), SSOStatus: 'Enabled' });
  const idp = (await call('GetExternalSAMLIdentityProvider', { DirectoryId })).SAMLIdentityProviderConfiguration;
  expect(idp).toMatchObject({ EntityId: `https://idp.${tag}.example/metadata`, SSOStatus: 'Enabled' });
  expect((await call('GetDirectorySAMLServiceProviderInfo', { DirectoryId })).SAMLServiceProvider.EntityId).toEqual(expect.any(String));

  const config = (
    await call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'Developers', SessionDuration: 7200, RelayState: 'https://console.example/' })
  ).AccessConfiguration;
  const AccessConfigurationId = config.AccessConfigurationId as string;
  await call('AddPermissionPolicyToAccessConfiguration', { DirectoryId, AccessConfigurationId, PermissionPolicyType: 'System', PermissionPolicyName: 'AliyunECSReadOnlyAccess' });
  const inline = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:GetObject', Resource: '*' }] });
  await call('AddPermissionPolicyToAccessConfiguration', { DirectoryId, AccessConfigurationId, PermissionPolicyType: 'Inline', PermissionPolicyName: 'ReadObjects', InlinePolicyDocument: inline });
  expect((await call('ListPermissionPoliciesInAccessConfiguration', { DirectoryId, AccessConfigurationId })).PermissionPolicies).toHaveLength(2);

  const task = (
    await call('CreateAccessAssignment', { DirectoryId, AccessConfigurationId, TargetType: 'RD-Account', TargetId: org.memberId, PrincipalType: 'Group', PrincipalId: group.GroupId })
  ).Task;
  let status = '';
  for (let i = 0; i < 100 && status !== 'Success'; i++) {
    status = (await call('GetTaskStatus', { DirectoryId, TaskId: task.TaskId })).TaskStatus.Status;
    if (status === 'Failed') throw new Error('the assignment task failed');
    if (status !== 'Success') await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe('Success');
  expect((await call('ListAccessAssignments', { DirectoryId, AccessConfigurationId })).AccessAssignments).toEqual([
    expect.objectContaining({ PrincipalId: group.GroupId, TargetId: org.memberId }),
  ]);

  // The same state through the REST API, and the role in the member account.
  const users = await rest('GET', `/api/v1/cloudsso/directories/${DirectoryId}/users`, org.key);
  expect(users.json.users.map((u: any) => u.userName).sort()).toEqual(['alice', 'bob']);
  const restConfig = await rest('GET', `/api/v1/cloudsso/directories/${DirectoryId}/access-configurations/${AccessConfigurationId}`, org.key);
  expect(restConfig.json).toMatchObject({ name: 'Developers', sessionDuration: 7200 });
  const logon = await rest('GET', `/api/v1/cloudsso/directories/${DirectoryId}/logon-settings`, org.key);
  expect(logon.json.method).toBe('SSO');
  expect(await stack.container.sandboxCloud.listRoles(org.memberId as AccountId, 'AliyunReservedSSO-')).toEqual(['AliyunReservedSSO-Developers']);
  return DirectoryId;
};

describe('Alibaba Cloud clients against the local stack', () => {
  it('demo.json names an endpoint and AccessKey pair that work', async () => {
    expect(demo.alibabaApi).toEqual({ endpoint: stack.url, accessKeyId: expect.stringMatching(/^AK/), accessKeySecret: demo.adminKey });
    const call = popCore(demo.alibabaApi.endpoint, demo.alibabaApi);
    const listed = await call('ListDirectories');
    expect(listed.Directories).toEqual([expect.objectContaining({ DirectoryId: demo.cloudsso.directoryId })]);
    expect(listed.RequestId).toEqual(expect.any(String));
  });

  it('@alicloud/pop-core (signature 1.0) completes the CloudSSO procedure', async () => {
    const org = await organisation('Pop Corp');
    await procedure(popCore(stack.url, org.accessKey), org, 'pop');
  });

  it('@alicloud/openapi-client (ACS3-HMAC-SHA256) completes the CloudSSO procedure', async () => {
    const org = await organisation('Acs Corp');
    await procedure(openApiClient(stack.url, org.accessKey), org, 'acs');
  });

  it('answers errors as Alibaba does, which each client turns into its own exception', async () => {
    const wrong = { accessKeyId: demo.alibabaApi.accessKeyId, accessKeySecret: 'not-the-secret' };
    await expect(popCore(stack.url, wrong)('ListDirectories')).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    await expect(openApiClient(stack.url, wrong)('ListDirectories')).rejects.toMatchObject({ code: 'SignatureDoesNotMatch', data: { statusCode: 400 } });
    await expect(popCore(stack.url, demo.alibabaApi)('GetUser', { DirectoryId: demo.cloudsso.directoryId, UserId: 'u-nosuchuser00000' })).rejects.toMatchObject({
      code: 'EntityNotExists.User',
    });
  });
});
