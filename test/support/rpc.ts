import { serve, type ServerType } from '@hono/node-server';
import { expect } from 'vitest';
import OpenApi, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import { RuntimeOptions } from '@alicloud/tea-util';
import RPCClient from '@alicloud/pop-core';
import type { Table } from '../../adapters/dynamodb/table';
import type { ContainerOptions } from '../../functions/wire';
import { manualClock } from './clock';
import { apiOver } from './stack';

export const VERSION = '2021-05-15';

/** An AccessKey pair: a management API key's id and secret. */
export type AccessKey = { readonly accessKeyId: string; readonly accessKeySecret: string };

/** The AccessKey pair of a key secret (`atr_<AccessKeyId>_<random>`) as the REST API hands it out. */
export const accessKeyOf = (secret: string): AccessKey => ({ accessKeyId: /^atr_([A-Z0-9]+)_/.exec(secret)![1]!, accessKeySecret: secret });

/** What an RPC call answered: the body either client parsed, or the error it threw. */
export type RpcAnswer = { readonly status: number; readonly body: Record<string, any> };

/**
 * The whole stack over a test table, served on a real port, with the real Alibaba Cloud clients
 * pointed at it: `@alicloud/pop-core` (signature 1.0, GET or form POST) and `@alicloud/openapi-client`
 * (ACS3-HMAC-SHA256). The clock starts at the wall clock's now, since the clients sign with it.
 */
export const rpcOver = async (table: Table, options: Omit<ContainerOptions, 'table'> = {}) => {
  const clock = manualClock(new Date().toISOString());
  const api = apiOver(table, { clock, ...options });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: api.gateway.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const endpoint = `http://127.0.0.1:${port}`;

  /** Signature 1.0 through pop-core; a refused call resolves with the error body instead of throwing. */
  const pop = async (key: AccessKey, action: string, params: Record<string, unknown> = {}, method: 'GET' | 'POST' = 'POST'): Promise<RpcAnswer> => {
    const client = new RPCClient({ accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, endpoint, apiVersion: VERSION });
    try {
      return { status: 200, body: await client.request<Record<string, any>>(action, params, { method, formatParams: false, timeout: 10_000 }) };
    } catch (error) {
      const e = error as { data?: Record<string, any>; entry?: { response?: { statusCode?: number } } };
      if (!e.data) throw error;
      return { status: e.entry?.response?.statusCode ?? 0, body: e.data };
    }
  };

  /** ACS3-HMAC-SHA256 through openapi-client, as the generated CloudSSO SDK calls it (RPC style, form POST). */
  const acs3 = async (key: AccessKey, action: string, params: Record<string, unknown> = {}, body?: Record<string, unknown>): Promise<RpcAnswer> => {
    const client = new OpenApi(new Config({ accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, endpoint: `127.0.0.1:${port}`, protocol: 'HTTP' }));
    const request = new OpenApiRequest({ query: OpenApiUtil.query(params), ...(body ? { body: OpenApiUtil.parseToMap(body) } : {}) });
    const call = new Params({ action, version: VERSION, protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
    try {
      const out = (await client.callApi(call, request, new RuntimeOptions({ autoretry: false }))) as { statusCode: number; body: Record<string, any> };
      return { status: out.statusCode, body: out.body };
    } catch (error) {
      const e = error as { data?: Record<string, any> };
      if (!e.data) throw error;
      const { statusCode, ...rest } = e.data;
      return { status: statusCode as number, body: rest };
    }
  };

  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { ...api, clock, endpoint, port, pop, acs3, stop };
};

export type RpcStack = Awaited<ReturnType<typeof rpcOver>>;

/**
 * A refused call: answers POP's error body and leaves `measure` (an item count, or a snapshot of what
 * the REST API shows) as it was.
 */
export const refusedUnchanged = async (measure: () => Promise<unknown>, call: () => Promise<RpcAnswer>): Promise<RpcAnswer> => {
  const before = JSON.stringify(await measure());
  const out = await call();
  expect(JSON.stringify(await measure())).toBe(before);
  expect(out.body).toMatchObject({ RequestId: expect.any(String), HostId: expect.any(String), Code: expect.any(String), Message: expect.any(String), Recommend: expect.any(String) });
  return out;
};

/** An administrator holding `policies`, made through the REST API, and its AccessKey pair. */
export const administratorAccessKey = async (rpc: RpcStack, rootKey: string, name: string, policies: readonly string[]): Promise<AccessKey> => {
  const admin = await rpc.call('POST', '/api/v1/administrators', { key: rootKey, body: { name, policies } });
  expect(admin.status, JSON.stringify(admin.json)).toBe(201);
  const key = await rpc.call('POST', `/api/v1/administrators/${admin.json.id}/api-keys`, { key: rootKey });
  expect(key.status, JSON.stringify(key.json)).toBe(201);
  return accessKeyOf(key.json.secret as string);
};

/** An account with its resource directory (REST) and a CloudSSO directory created over RPC. */
export const organisationOverRpc = async (rpc: RpcStack, name: string, directoryName: string) => {
  const root = await rpc.openAccount(name);
  const ak = accessKeyOf(root.key);
  expect((await rpc.call('POST', '/api/v1/resource-directory', { key: root.key })).status).toBe(201);
  const created = await rpc.pop(ak, 'CreateDirectory', { DirectoryName: directoryName, RegionId: 'cn-shanghai' });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return { root, ak, dir: created.body.Directory.DirectoryId as string };
};
