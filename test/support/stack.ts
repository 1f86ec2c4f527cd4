import { createLogger } from '../../adapters/log/json-logger';
import type { Table } from '../../adapters/dynamodb/table';
import type { TaskRef } from '../../domain/tasks/task';
import { createCiamApp } from '../../functions/http/ciam';
import { createCiamHostedApp } from '../../functions/http/ciam-hosted/app';
import { RecordedLogonEvents } from '../../adapters/local/recorded-logon-events';
import { RecordedUsageAlerts } from '../../adapters/local/recorded-usage-alerts';
import { createCloudSsoApp } from '../../functions/http/cloudsso';
import { createConsoleApp } from '../../functions/http/console/app';
import { consoleModules } from '../../functions/http/console/modules';
import { createIamApp } from '../../functions/http/iam';
import { createMetaApp } from '../../functions/http/meta';
import { createOrgApp } from '../../functions/http/org';
import { createScimApp } from '../../functions/http/scim';
import { createRpcApp } from '../../functions/http/rpc/app';
import { rpcOperations } from '../../functions/http/rpc/operations';
import { createPortalApp } from '../../functions/http/portal/app';
import { createSandboxCloudApp } from '../../functions/http/sandbox-cloud/app';
import { createGateway } from '../../scripts/local/gateway';
import { loadServerlessConfig } from '../../scripts/serverless-config';
import { createContainer, type Container, type ContainerOptions } from '../../functions/wire';
import { manualClock } from './clock';

export const OPERATOR_TOKEN = 'op_test_operator_token';

/** A recording task queue: tests decide when (and how often) to deliver. */
export const recordingQueue = () => {
  const sent: TaskRef[] = [];
  return { sent, enqueue: async (refs: readonly TaskRef[]) => void sent.push(...refs) };
};

/** The management API over a test table, exactly as the Lambda handlers build it. */
export const apiOver = (table: Table, options: Omit<ContainerOptions, 'table'> = {}) => {
  const clock = manualClock();
  const queue = recordingQueue();
  // Logs are kept for assertions rather than printed: expected failures would drown real ones.
  const logs: Record<string, unknown>[] = [];
  const retryDelays: { receiptHandle: string; seconds: number }[] = [];
  const logonEvents = new RecordedLogonEvents();
  const usageAlerts = new RecordedUsageAlerts();
  const logger = createLogger({ service: 'atrium' }, { level: 'debug', write: (line) => void logs.push(JSON.parse(line)) });
  const container: Container = createContainer({
    table,
    clock,
    taskQueue: queue,
    // Deliveries are driven by the tests; a backoff request is only recorded.
    taskRetryDelay: { delay: async (receiptHandle: string, seconds: number) => void retryDelays.push({ receiptHandle, seconds }) },
    logger,
    operatorToken: OPERATOR_TOKEN,
    logonEvents,
    usageAlertPublisher: usageAlerts,
    ...options,
  });
  const deps = () => container;
  // Routed exactly as API Gateway routes (serverless.yml), to the apps the Lambda handlers export.
  const gateway = createGateway(loadServerlessConfig(), {
    meta: createMetaApp(),
    iam: createIamApp(deps),
    org: createOrgApp(deps),
    cloudsso: createCloudSsoApp(deps),
    ciam: createCiamApp(deps),
    'ciam-hosted': createCiamHostedApp(deps),
    scim: createScimApp(deps),
    portal: createPortalApp(deps),
    sandbox: createSandboxCloudApp(deps),
    console: createConsoleApp(deps, consoleModules),
    rpc: createRpcApp(deps, rpcOperations),
  });

  const call = async (
    method: string,
    path: string,
    init: { key?: string | undefined; body?: unknown; raw?: string; headers?: Record<string, string>; clientIp?: string } = {},
  ) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    let body: string | undefined = init.raw;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    if (body !== undefined) headers['content-length'] ??= String(Buffer.byteLength(body));
    const res = await gateway.request(path, { method, headers, ...(body !== undefined ? { body } : {}) }, init.clientIp ? { testClientIp: init.clientIp } : undefined);
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as any) : undefined };
  };

  /** Opens an account through the operator API and returns its root key. */
  const openAccount = async (displayName = 'Test Corp', enterpriseVerified = true) => {
    const res = await call('POST', '/api/v1/operator/accounts', {
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      body: { displayName, enterpriseVerified },
    });
    if (res.status !== 201) throw new Error(`open account failed: ${JSON.stringify(res.json)}`);
    return { accountId: res.json.account.id as string, key: res.json.secret as string };
  };

  return { container, clock, queue, call, openAccount, logs, gateway, retryDelays, logonEvents, usageAlerts };
};
