import { serve, type ServerType } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import { createDocumentClient, createDynamoClient } from '../../adapters/dynamodb/client';
import { Table } from '../../adapters/dynamodb/table';
import { ensureTable } from '../../adapters/dynamodb/table-definition';
import { InProcessQueue, type DeadLetter } from '../../adapters/local/in-process-queue';
import { RecordedUsageAlerts } from '../../adapters/local/recorded-usage-alerts';
import { oidcIssuer } from '../../domain/ciam/oidc/issuer';
import { newSealingKey } from '../../adapters/crypto/secret-sealer';
import { createSampleRp } from './sample-rp';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from '../../adapters/local/dynamodb-local';
import { errorFields, rootLogger } from '../../adapters/log/json-logger';
import { startSamlIdp } from './saml-idp';
import type { DirectoryId } from '../../domain/shared/ids';
import { InProcessRetryDelay } from '../../adapters/queue/in-process-retry-delay';
import { InProcessTaskQueue } from '../../adapters/queue/in-process-task-queue';
import { InProcessLogonEventPublisher } from '../../adapters/queue/in-process-logon-event-publisher';
import { sweepTasks } from '../../domain/tasks/sweep-tasks';
import { QUEUES, type QueueName } from '../../events/queues';
import { httpApps } from '../../functions/http';
import { createTasksHandler } from '../../functions/queue/tasks';
import { createMeteringHandler } from '../../functions/queue/metering';
import { jobs } from '../../functions/schedule';
import { configure, container, type Container } from '../../functions/wire';
import { loadServerlessConfig } from '../serverless-config';
import { createGateway } from './gateway';
import { configureDemoSso, seedDemo, writeDemo, type Demo } from './seed';

export type LocalStackOptions = {
  /** A directory for the database and demo.json, or `memory` to keep nothing. */
  readonly dataDir: string;
  readonly port?: number;
  readonly host?: string;
  /** Seed the demo organisation when the data dir is fresh. */
  readonly seed?: boolean;
  /** Serve HTTP (false for `npm run job` when no stack is running). */
  readonly serve?: boolean;
  /** Shorter than SQS's for a snappy local loop; tests shorten it further. */
  readonly visibilityTimeoutMs?: number;
  /** Where the demo's local SAML IdP listens (a free port when not given); false: no demo IdP. */
  readonly demoIdpPort?: number | false;
};

export type LocalStack = {
  readonly url: string;
  /** Where the embedded DynamoDB Local listens. */
  readonly engineEndpoint: string;
  readonly demoPath: string;
  readonly demo: Demo | undefined;
  readonly container: Container;
  readonly queues: Record<QueueName, InProcessQueue>;
  runJob(name: string, args?: Record<string, string>): Promise<unknown>;
  stop(): Promise<void>;
};

export const TABLE_NAME = 'atrium';
const DB_FILE = 'shared-local-instance.db';

/**
 * The embedded default: DynamoDB Local as a child process, the table from its one definition,
 * in-process SQS-shaped queues feeding the real queue handlers, and every HTTP function's app
 * behind a gateway that routes as serverless.yml does. Lambda and local differ only in adapters.
 */
export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const memory = options.dataDir === 'memory';
  const dataDir = memory ? await freshTempDir() : resolve(options.dataDir);
  const dbDir = join(dataDir, 'dynamodb');
  await mkdir(dbDir, { recursive: true });
  const fresh = memory || !existsSync(join(dbDir, DB_FILE));
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 3000;
  if (options.serve !== false) await assertPortFree(host, port);

  const engine: DynamoDbLocal = await startDynamoDbLocal({ dbPath: memory ? undefined : dbDir });
  const stopping: (() => Promise<void>)[] = [() => engine.stop()];
  if (memory) stopping.push(() => rm(dataDir, { recursive: true, force: true }));
  try {
    const client = createDynamoClient({ endpoint: engine.endpoint, region: 'local' });
    await ensureTable(client, TABLE_NAME);

    // In AWS the dead-letter queues' own metric (ApproximateNumberOfMessagesVisible) raises the alarm;
    // locally the in-process queue says when it dead-letters, as the DeadLetterMessages metric and a log line.
    const deadLettered = (queue: QueueName, letter: DeadLetter) => {
      container().metrics.record('DeadLetterMessages', 1, 'Count', { Queue: queue });
      rootLogger.log('warn', 'message dead-lettered', { queue, messageId: letter.messageId, receiveCount: letter.receiveCount });
    };
    const queues = {
      tasks: new InProcessQueue({
        name: 'tasks',
        visibilityTimeoutMs: options.visibilityTimeoutMs ?? 5_000,
        maxReceiveCount: QUEUES.tasks.maxReceiveCount,
        batchSize: QUEUES.tasks.batchSize,
        onError: (error) => rootLogger.log('error', 'queue consumer threw', { queue: 'tasks', ...errorFields(error) }),
        onDeadLetter: (letter) => deadLettered('tasks', letter),
      }),
      metering: new InProcessQueue({
        name: 'metering',
        visibilityTimeoutMs: options.visibilityTimeoutMs ?? 5_000,
        maxReceiveCount: QUEUES.metering.maxReceiveCount,
        batchSize: QUEUES.metering.batchSize,
        onError: (error) => rootLogger.log('error', 'queue consumer threw', { queue: 'metering', ...errorFields(error) }),
        onDeadLetter: (letter) => deadLettered('metering', letter),
      }),
    } satisfies Record<QueueName, InProcessQueue>;
    stopping.unshift(() => queues.tasks.stop(), () => queues.metering.stop());

    const operatorToken = await operatorTokenFor(dataDir, memory);
    const usageAlerts = new RecordedUsageAlerts(rootLogger);
    configure({
      table: new Table(TABLE_NAME, createDocumentClient(client)),
      taskQueue: new InProcessTaskQueue(queues.tasks),
      taskRetryDelay: new InProcessRetryDelay(queues.tasks),
      operatorToken,
      sealingKey: await sealingKeyFor(dataDir, memory),
      // Logons are metered here as in AWS: onto the metering queue, counted by its real consumer.
      logonEvents: new InProcessLogonEventPublisher(queues.metering),
      // Usage alerts go to the log (and GET /_local/usage-alerts) instead of an SNS topic.
      usageAlertPublisher: usageAlerts,
    });
    queues.tasks.consume(createTasksHandler(container));
    queues.metering.consume(createMeteringHandler(container));
    // Messages of the last run died with its process; their tasks did not. Send them again.
    await sweepTasks(container(), { staleAfterMs: 0 });

    const runJob = async (name: string, args: Record<string, string> = {}) => {
      const job = jobs[name];
      if (!job) throw new Error(`no job named ${name}; jobs: ${Object.keys(jobs).join(', ')}`);
      const result = await job(args);
      await Promise.all(Object.values(queues).map((q) => q.idle()));
      return result;
    };

    // The schedules serverless.yml gives these jobs, here as timers (unref'd: they never hold the process).
    // Billing runs hourly: the hour's snapshot, and yesterday's bill lines again (a re-run writes the
    // same lines), so a laptop that slept over midnight still bills the day.
    const every = (ms: number, ...names: string[]) =>
      setInterval(() => {
        void (async () => {
          for (const name of names) await runJob(name).catch((error) => rootLogger.log('error', 'job failed', { job: name, ...errorFields(error) }));
        })();
      }, ms);
    const schedules = [every(5 * 60_000, 'tasks-sweeper'), every(60_000, 'access-expiry'), every(60 * 60_000, 'billing-hourly', 'billing-daily')];
    schedules.forEach((t) => t.unref());
    stopping.unshift(async () => schedules.forEach((t) => clearInterval(t)));

    const url = `http://${host}:${port}`;
    const demoPath = join(dataDir, 'demo.json');
    let demo: Demo | undefined;
    if (fresh && options.seed !== false) {
      const idpPort = options.demoIdpPort === false ? undefined : (options.demoIdpPort ?? (await freePort()));
      demo = await seedDemo(container(), { baseUrl: url, operatorToken, ...(idpPort !== undefined ? { idpPort } : {}) });
      await writeDemo(demoPath, demo);
    } else if (existsSync(demoPath)) {
      demo = JSON.parse(await readFile(demoPath, 'utf8')) as Demo;
    }

    // The SSO demo's IdP: a real one (the saml-idp package) on loopback, configured on first start.
    const sso = demo?.cloudsso.sso;
    if (sso && options.serve !== false && options.demoIdpPort !== false) {
      try {
        const idp = await startSamlIdp(sso.sp, { issuer: 'urn:atrium:demo:saml-idp', port: sso.idpPort });
        stopping.unshift(() => idp.stop());
        if (!(await container().samlIdps.get(sso.directoryId as DirectoryId))) {
          await configureDemoSso(container(), sso, await (await fetch(`${idp.base}/metadata`)).text());
        }
      } catch (error) {
        rootLogger.log('warn', 'the demo SAML IdP did not start; SSO demo unavailable', errorFields(error));
      }
    }

    if (options.serve !== false) {
      const gateway = createGateway(loadServerlessConfig(), httpApps);
      const root = new Hono();
      root.route('/_local', localAdmin(queues, runJob, usageAlerts));
      // The demo application's relying party (its redirect URI): local only, not an Atrium function.
      root.route('/', createSampleRp(() => demo?.ciam, (ciam) => oidcIssuer(url, ciam.instanceId)));
      root.all('*', (c) => gateway.fetch(c.req.raw));
      const server = await listen(root, host, port);
      stopping.unshift(() => new Promise<void>((done) => server.close(() => done())));
    }

    return {
      url,
      engineEndpoint: engine.endpoint,
      demoPath,
      demo,
      container: container(),
      queues,
      runJob,
      stop: async () => {
        for (const step of stopping.splice(0)) await step();
      },
    };
  } catch (error) {
    for (const step of stopping) await step().catch(() => undefined);
    throw error;
  }
};

const assertPortFree = (host: string, port: number): Promise<void> =>
  new Promise((resolveFree, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`port ${port} on ${host} is in use: stop what uses it or set PORT`)));
    probe.listen(port, host, () => probe.close(() => resolveFree()));
  });

const listen = (app: Hono, hostname: string, port: number): Promise<ServerType> =>
  new Promise((resolveServer, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, () => resolveServer(server));
    server.once('error', reject);
  });

/** Local-only controls (bound to loopback): queue depths, dead letters, redrive, jobs. */
const localAdmin = (
  queues: Record<QueueName, InProcessQueue>,
  runJob: (name: string, args?: Record<string, string>) => Promise<unknown>,
  usageAlerts: RecordedUsageAlerts,
) => {
  const app = new Hono();
  app.get('/usage-alerts', (c) => c.json({ alerts: usageAlerts.list() }));
  app.get('/queues', (c) =>
    c.json(Object.fromEntries(Object.entries(queues).map(([name, q]) => [name, { ...q.depth(), deadLetters: q.deadLetters() }]))),
  );
  app.post('/queues/:name/redrive', (c) => {
    const queue = queues[c.req.param('name') as QueueName];
    return queue ? c.json({ redriven: queue.redrive() }) : c.json({ message: 'no such queue' }, 404);
  });
  app.post('/jobs/:name', async (c) => {
    const args = (await c.req.json().catch(() => ({}))) as Record<string, string>;
    try {
      return c.json({ job: c.req.param('name'), result: await runJob(c.req.param('name'), args) });
    } catch (error) {
      return c.json({ job: c.req.param('name'), error: (error as Error).message }, 400);
    }
  });
  return app;
};

const freshTempDir = async (): Promise<string> => {
  const dir = join(tmpdir(), `atrium-memory-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir, { recursive: true });
  return dir;
};

/** The AccessKey sealing key: from the environment, else made once per data dir (keys outlive restarts). */
const sealingKeyFor = async (dataDir: string, memory: boolean): Promise<string> => {
  if (process.env.ATRIUM_SEALING_KEY) return process.env.ATRIUM_SEALING_KEY;
  const file = join(dataDir, 'sealing-key');
  if (!memory && existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const key = newSealingKey();
  if (!memory) await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
};

/** The operator token: from the environment, else made once per data dir and kept there. */
const operatorTokenFor = async (dataDir: string, memory: boolean): Promise<string> => {
  if (process.env.ATRIUM_OPERATOR_TOKEN) return process.env.ATRIUM_OPERATOR_TOKEN;
  const file = join(dataDir, 'operator-token');
  if (!memory && existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const token = `op_${randomBytes(32).toString('base64url')}`;
  if (!memory) await writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
};
