import { serve, type ServerType } from '@hono/node-server';
import * as openApiClient from '@alicloud/openapi-client';
import { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import * as openApiUtil from '@alicloud/openapi-util';
import { RuntimeOptions } from '@alicloud/tea-util';
import RPCClient from '@alicloud/pop-core';
import { newSealingKey } from '../adapters/crypto/secret-sealer';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client';
import { Table } from '../adapters/dynamodb/table';
import { freePort } from '../adapters/local/dynamodb-local';
import { createCloudSsoApp } from '../functions/http/cloudsso';
import { createRpcApp } from '../functions/http/rpc/app';
import { rpcOperations } from '../functions/http/rpc/operations';
import { createContainer } from '../functions/wire';
import { startLocalStack } from '../scripts/local/stack';
import { CountingSender, fmt, sum, throughput } from './measure';

// The Tea packages are CommonJS with `exports.default`: under tsx the class sits one `default` deeper.
const cjsDefault = <T>(m: unknown): T => {
  const d = (m as { default: unknown }).default as { default?: unknown };
  return (typeof d === 'function' ? d : d.default) as T;
};
const OpenApi = cjsDefault<typeof openApiClient.default>(openApiClient);
const OpenApiUtil = cjsDefault<typeof openApiUtil.default>(openApiUtil);

const SECONDS = 5;
const CONCURRENCY = 16;
const VERSION = '2021-05-15';

/**
 * What the Alibaba Cloud RPC API costs over the REST API for the same read (GetUser): requests a
 * second over HTTP through the local stack with the real clients (signing included), and the store
 * commands per request (the AccessKey lookup by id and the nonce's conditional put are the extra).
 */
export const benchRpc = async () => {
  // One sealing key for the stack and the counting container below, so both open the demo's AccessKey.
  process.env.ATRIUM_SEALING_KEY ??= newSealingKey();
  const stack = await startLocalStack({ dataDir: 'memory', port: await freePort(), visibilityTimeoutMs: 100 });
  try {
    const demo = stack.demo!;
    const { endpoint, accessKeyId, accessKeySecret } = demo.alibabaApi;
    const DirectoryId = demo.cloudsso.directoryId;
    const UserId = demo.cloudsso.users[0]!.id;
    const restPath = `/api/v1/cloudsso/directories/${DirectoryId}/users/${UserId}`;
    const rest = async () => {
      const res = await fetch(`${stack.url}${restPath}`, { headers: { authorization: `Bearer ${demo.adminKey}` } });
      if (!res.ok) throw new Error(`REST GetUser answered ${res.status}`);
      await res.text();
    };
    const pop = new RPCClient({ endpoint, accessKeyId, accessKeySecret, apiVersion: VERSION });
    const v1 = () => pop.request('GetUser', { DirectoryId, UserId }, { method: 'POST', formatParams: false });
    const acs = new OpenApi(new Config({ accessKeyId, accessKeySecret, endpoint: new URL(endpoint).host, protocol: 'HTTP' }));
    const params = new Params({ action: 'GetUser', version: VERSION, protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
    const v3 = () => acs.callApi(params, new OpenApiRequest({ query: OpenApiUtil.query({ DirectoryId, UserId }) }), new RuntimeOptions({ autoretry: false }));

    for (const warm of [rest, v1, v3]) await throughput(2000, CONCURRENCY, warm);
    const restRate = await throughput(SECONDS * 1000, CONCURRENCY, rest);
    const v1Rate = await throughput(SECONDS * 1000, CONCURRENCY, v1);
    const v3Rate = await throughput(SECONDS * 1000, CONCURRENCY, v3);

    // Store commands per request, in process against the same engine and table.
    const counting = new CountingSender(createDocumentClient(createDynamoClient({ endpoint: stack.engineEndpoint, region: 'local' })));
    const container = createContainer({ table: new Table('atrium', counting), taskQueue: { enqueue: async () => undefined } });
    const restApp = createCloudSsoApp(() => container);
    const rpcApp = createRpcApp(() => container, rpcOperations);
    const restCommands = async () => {
      counting.take();
      const res = await restApp.request(restPath, { headers: { authorization: `Bearer ${demo.adminKey}` } });
      if (!res.ok) throw new Error(`REST answered ${res.status}`);
      return counting.take();
    };
    // The RPC app over the counting store, on a port of its own, called by pop-core as above.
    const port = await freePort();
    const server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: rpcApp.fetch, hostname: '127.0.0.1', port }, () => resolve(started));
    });
    const counted = new RPCClient({ endpoint: `http://127.0.0.1:${port}`, accessKeyId, accessKeySecret, apiVersion: VERSION });
    const rpcCommands = async () => {
      counting.take();
      await counted.request('GetUser', { DirectoryId, UserId }, { method: 'POST', formatParams: false });
      return counting.take();
    };
    await restCommands();
    await rpcCommands();
    const restCount = await restCommands();
    const rpcCount = await rpcCommands();
    await new Promise<void>((resolve) => server.close(() => resolve()));

    console.log(`\n## Alibaba Cloud RPC API vs REST (GetUser over HTTP, ${CONCURRENCY} concurrent, ${SECONDS} s each, client signing included)`);
    console.log(`REST GET (bearer key):             ${fmt(restRate, 0).padStart(6)} /s`);
    console.log(`RPC, pop-core (signature 1.0):     ${fmt(v1Rate, 0).padStart(6)} /s   ratio to REST ${fmt(v1Rate / restRate, 2)} (goal ≥ 0.7)`);
    console.log(`RPC, openapi-client (ACS3):        ${fmt(v3Rate, 0).padStart(6)} /s   ratio to REST ${fmt(v3Rate / restRate, 2)} (goal ≥ 0.7)`);
    console.log(`store commands per request: REST ${sum(restCount)} ${JSON.stringify(restCount)}; RPC ${sum(rpcCount)} ${JSON.stringify(rpcCount)} (the key by id, the nonce)`);
    return { restRate, v1Rate, v3Rate, restCommands: restCount, rpcCommands: rpcCount };
  } finally {
    await stack.stop();
  }
};
