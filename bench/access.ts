import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client';
import { Table } from '../adapters/dynamodb/table';
import { ensureTable } from '../adapters/dynamodb/table-definition';
import { startDynamoDbLocal } from '../adapters/local/dynamodb-local';
import { InProcessQueue } from '../adapters/local/in-process-queue';
import { InProcessTaskQueue } from '../adapters/queue/in-process-task-queue';
import { createAccessAssignment, type AssignmentRequest } from '../domain/access/access-assignment-use-cases';
import { newAssignment, type AccessPrincipal, type AccessTarget } from '../domain/access/access-assignment';
import { roleNameOf } from '../domain/access/access-configuration';
import { createAccessConfiguration } from '../domain/access/access-configuration-use-cases';
import { accessibleAccounts, holdsAccess } from '../domain/access/entitlements';
import { byPrincipal } from '../domain/directory/actor';
import { createDirectory } from '../domain/directory/directory-use-cases';
import { addMembers, createGroup } from '../domain/directory/group-use-cases';
import { createUser } from '../domain/directory/user-use-cases';
import type { Principal } from '../domain/iam/principal';
import { openAccount } from '../domain/iam/open-account';
import { createFolder, createMemberAccount, enableResourceDirectory } from '../domain/org/resource-directory-use-cases';
import type { AccessConfigurationId, AccountId, FolderId, GroupId, UserId } from '../domain/shared/ids';
import type { Result } from '../domain/shared/result';
import { newTask } from '../domain/tasks/task';
import { QUEUES } from '../events/queues';
import { createTasksHandler } from '../functions/queue/tasks';
import { createContainer } from '../functions/wire';
import { CountingSender, fmt, median, reads, sum, throughput } from './measure';

const ACCOUNTS = 50;
const CONFIGURATIONS = 20;
const GROUPS = 100;
const NOISE_GROUPS = 100;
const NOISE_USERS = 50;
const ASSIGNMENTS = 1_000;
const DIRECT = 20;
const PER_GROUP = 3;
const EXTRA = 5_000;
const TASKS = 200;
const RUNS = 11;
const CONCURRENCY = 8;
/** Reads allowed beyond groups + accounts + folders + configurations (user, directory, paging). */
const SLACK = 10;

const must = <T>(result: Result<T, { code: string; message: string }>): T => {
  if (!result.ok) throw new Error(`bench setup failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
};

/** Runs `work` over `items`, `concurrency` at a time. */
const inParallel = async <T, R>(items: readonly T[], concurrency: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> => {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!, i);
      }
    }),
  );
  return out;
};

/** A deterministic pseudo-random integer below n (an LCG), so every run builds the same directory. */
const seeded = (seed: number) => {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
};

const key = (r: AssignmentRequest) => `${r.accessConfigurationId}#${r.target.type}#${r.target.id}#${r.principal.type}#${r.principal.id}`;

/**
 * Effective access for one user in 100 groups, in a directory of 1,000 and then 6,000 assignments:
 * the store reads of the portal's list (`accessibleAccounts`) and of the check on opening an account
 * (`holdsAccess`), which must not grow with the directory. Then provisioning tasks per second through
 * the in-process queue and the real tasks consumer, against raw 3-item transactions on the same engine.
 */
export const benchAccess = async () => {
  const engine = await startDynamoDbLocal({});
  try {
    const client = createDynamoClient({ endpoint: engine.endpoint, region: 'local' });
    await ensureTable(client, 'atrium');
    const counting = new CountingSender(createDocumentClient(client));
    const table = new Table('atrium', counting);
    // Part 1 sends no tasks anywhere: provisioning records are written directly below.
    const c = createContainer({ table, taskQueue: { enqueue: async () => undefined } });

    // The organisation: Root/{Prod/Payments, Dev}, 50 member accounts spread over them, a directory.
    const setupStarted = performance.now();
    const opened = must(await openAccount(c, { displayName: 'Bench Corp', enterpriseVerified: true }));
    const root: Principal = { kind: 'account', accountId: opened.account.id, keyId: opened.rootKey.key.id };
    must(await enableResourceDirectory(c, root));
    const prod = must(await createFolder(c, root, { name: 'Prod' }));
    const payments = must(await createFolder(c, root, { name: 'Payments', parentId: prod.id }));
    const dev = must(await createFolder(c, root, { name: 'Dev' }));
    const folderOf = (i: number): FolderId | undefined => [prod.id, prod.id, payments.id, dev.id, undefined][i % 5];
    const accounts = await inParallel(Array.from({ length: ACCOUNTS }, (_, i) => i), 4, async (i) =>
      must(await createMemberAccount(c, root, { displayName: `Bench-${String(i).padStart(2, '0')}`, folderId: folderOf(i) })),
    );
    const accountsIn = (folder: FolderId): AccountId[] =>
      accounts.filter((a, i) => folderOf(i) === folder || (folder === prod.id && folderOf(i) === payments.id)).map((a) => a.id);
    const directory = must(await createDirectory(c, root, { name: 'bench-corp', region: 'cn-shanghai' }));
    const d = directory.id;
    const actor = byPrincipal(root);
    const configurations = await inParallel(Array.from({ length: CONFIGURATIONS }, (_, i) => i), 4, async (i) =>
      must(await createAccessConfiguration(c, actor, d, { name: `Bench-${i}`, description: '', sessionDuration: 3600, relayState: undefined })),
    );
    const userIds = await inParallel(Array.from({ length: NOISE_USERS + 1 }, (_, i) => i), 4, async (i) =>
      must(await createUser(c, actor, d, { userName: `user${i}@bench.example`, status: 'Enabled' })).id,
    );
    const [me, ...noiseUsers] = userIds as [UserId, ...UserId[]];
    const groupIds = await inParallel(Array.from({ length: GROUPS + NOISE_GROUPS }, (_, i) => i), 4, async (i) =>
      must(await createGroup(c, actor, d, { name: `bench-group-${i}` })).id,
    );
    const mine = groupIds.slice(0, GROUPS);
    const noiseGroups = groupIds.slice(GROUPS);
    // One at a time: every add bumps the same user's groupCount (concurrent adds conflict).
    for (const g of mine) must(await addMembers(c, actor, d, g, [me]));

    // 1,000 assignments: 20 to the user, 300 to the user's groups, 4 on folders, the rest to others.
    const ac = (i: number) => configurations[((i % CONFIGURATIONS) + CONFIGURATIONS) % CONFIGURATIONS]!.id;
    const onAccount = (i: number): AccessTarget => ({ type: 'RD-Account', id: accounts[i % ACCOUNTS]!.id });
    const user = (id: UserId): AccessPrincipal => ({ type: 'User', id });
    const group = (id: GroupId): AccessPrincipal => ({ type: 'Group', id });
    const noise = [...noiseGroups.map(group), ...noiseUsers.map(user)];
    const requests = new Map<string, AssignmentRequest>();
    const want = (r: AssignmentRequest) => void requests.set(key(r), r);
    for (let i = 0; i < DIRECT; i++) want({ accessConfigurationId: ac(i), target: onAccount(i * 7), principal: user(me) });
    mine.forEach((g, i) => {
      for (let k = 0; k < PER_GROUP; k++) want({ accessConfigurationId: ac(i + k * 7), target: onAccount(i * 3 + k * 17), principal: group(g) });
    });
    const folderVia = { accessConfigurationId: ac(1), target: { type: 'RD-Folder' as const, id: payments.id }, principal: group(mine[1]!) };
    want({ accessConfigurationId: ac(0), target: { type: 'RD-Folder', id: prod.id }, principal: group(mine[0]!) });
    want(folderVia);
    want({ accessConfigurationId: ac(2), target: { type: 'RD-Folder', id: dev.id }, principal: user(me) });
    want({ accessConfigurationId: ac(3), target: { type: 'RD-Folder', id: prod.id }, principal: noise[0]! });
    const pick = seeded(7);
    const anyNoise = (): AssignmentRequest => ({ accessConfigurationId: ac(pick(CONFIGURATIONS)), target: onAccount(pick(ACCOUNTS)), principal: noise[pick(noise.length)]! });
    while (requests.size < ASSIGNMENTS) want(anyNoise());
    const assigned = [...requests.values()];
    // Through the repository (the assignment, its reference under the target, its task: one
    // transaction), skipping the use case's existence reads: every id here was just created.
    const assignDirectly = async (r: AssignmentRequest) => {
      const at = new Date();
      const assignment = must(newAssignment({ directoryId: d, ...r }, at));
      const work = { type: 'CreateAccessAssignment' as const, directoryId: d, ...r, accessConfigurationName: '', targetName: '', principalName: '' };
      must(await c.accessAssignments.create(assignment, newTask({ kind: 'directory', id: d }, c.ids.taskId(), work, at)));
    };
    await inParallel(assigned, CONCURRENCY * 2, assignDirectly);

    // Provisioned: one record per (account, configuration) any assignment reaches, written directly.
    const pairs = new Map<string, { accountId: AccountId; accessConfigurationId: AccessConfigurationId }>();
    for (const a of assigned) {
      for (const accountId of a.target.type === 'RD-Account' ? [a.target.id] : accountsIn(a.target.id)) {
        pairs.set(`${accountId}#${a.accessConfigurationId}`, { accountId, accessConfigurationId: a.accessConfigurationId });
      }
    }
    const nameOf = new Map(configurations.map((x) => [x.id, x]));
    const now = new Date().toISOString();
    await inParallel([...pairs.values()], CONCURRENCY * 2, async (p) => {
      const configuration = nameOf.get(p.accessConfigurationId)!;
      const saved = await c.provisionings.save(
        { directoryId: d, ...p, roleName: roleNameOf(configuration.name), revision: configuration.revision, state: 'Provisioned', updatedAt: now },
        configuration.revision,
      );
      if (!saved.ok) throw new Error('provisioning record refused');
    });
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    // The checks: a configuration the user holds through a group on the account itself, and one it
    // holds only through a group's assignment on Payments (two folder levels to walk).
    const viaGroup = assigned.find((a) => a.principal.type === 'Group' && a.principal.id === mine[50] && a.target.type === 'RD-Account')!;
    const account = (id: AccountId) => c.accounts.get(id).then((a) => a!);
    const groupCheck = { account: await account(viaGroup.target.id as AccountId), ac: viaGroup.accessConfigurationId };
    const folderCheck = { account: await account(accountsIn(payments.id)[0]!), ac: folderVia.accessConfigurationId };
    const profile = await c.users.get(d, me);
    if (!profile) throw new Error('bench user missing');
    const measure = async () => {
      const list = await accessibleAccounts(c, profile); // warm (and the result, for the record)
      const granted = await Promise.all([groupCheck, folderCheck].map((k) => holdsAccess(c, d, profile, k.account, k.ac)));
      if (!granted.every(Boolean)) throw new Error(`holdsAccess denied a held configuration: ${granted}`);
      counting.take();
      await accessibleAccounts(c, profile);
      const listCommands = counting.take();
      await holdsAccess(c, d, profile, groupCheck.account, groupCheck.ac);
      const groupCommands = counting.take();
      await holdsAccess(c, d, profile, folderCheck.account, folderCheck.ac);
      const folderCommands = counting.take();
      const time = async (call: () => Promise<unknown>) => {
        const ms: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const started = performance.now();
          await call();
          ms.push(performance.now() - started);
        }
        return median(ms);
      };
      const listMs = await time(() => accessibleAccounts(c, profile));
      const groupMs = await time(() => holdsAccess(c, d, profile, groupCheck.account, groupCheck.ac));
      const folderMs = await time(() => holdsAccess(c, d, profile, folderCheck.account, folderCheck.ac));
      counting.take();
      return {
        accountsListed: list.length,
        pairsListed: list.reduce((n, a) => n + a.accessConfigurations.length, 0),
        list: { commands: listCommands, reads: reads(listCommands), medianMs: listMs },
        holdsViaGroup: { commands: groupCommands, reads: reads(groupCommands), medianMs: groupMs },
        holdsViaFolder: { commands: folderCommands, reads: reads(folderCommands), medianMs: folderMs },
      };
    };
    const small = await measure();

    // 5,000 more assignments to other users and groups, over the same accounts and configurations.
    const extraStarted = performance.now();
    const extra: AssignmentRequest[] = [];
    while (extra.length < EXTRA) {
      const r = anyNoise();
      if (requests.has(key(r))) continue;
      requests.set(key(r), r);
      extra.push(r);
    }
    await inParallel(extra, CONCURRENCY * 2, assignDirectly);
    const extraSeconds = (performance.now() - extraStarted) / 1000;
    const large = await measure();

    // Provisioning throughput: 200 assignments to a new user (their tasks queued while no consumer
    // runs), then the real tasks consumer on the in-process queue, timed from its start to idle.
    const queue = new InProcessQueue({ name: 'tasks', visibilityTimeoutMs: 100, maxReceiveCount: QUEUES.tasks.maxReceiveCount, batchSize: QUEUES.tasks.batchSize });
    const workers = createContainer({ table, taskQueue: new InProcessTaskQueue(queue) });
    await workers.idpCertificates(d); // the directory's first IdP key, made once
    const newcomer = must(await createUser(c, actor, d, { userName: 'newcomer@bench.example', status: 'Enabled' })).id;
    const tasks = await inParallel(Array.from({ length: TASKS }, (_, i) => i), CONCURRENCY, async (i) =>
      must(
        await createAccessAssignment(workers, actor, d, {
          accessConfigurationId: ac(Math.floor(i / ACCOUNTS)),
          target: onAccount(i),
          principal: user(newcomer),
        }),
      ),
    );
    counting.take();
    const queueStarted = performance.now();
    queue.consume(createTasksHandler(() => workers));
    await queue.idle();
    const queueSeconds = (performance.now() - queueStarted) / 1000;
    const taskCommands = counting.take();
    await queue.stop();
    const tasksPerS = TASKS / queueSeconds;
    const finished = await Promise.all(tasks.map((t) => workers.tasks.get(t.scope, t.id)));
    const succeeded = finished.filter((t) => t?.status === 'Success').length;

    // The raw rate of the same engine: 3-item transactions (an assignment's shape), one at a time as
    // the in-process queue runs tasks.
    const tx = (i: number) =>
      table.transact([0, 1, 2].map((n) => ({ Put: { Item: { pk: `RAW#${i}`, sk: `S#${n}`, v: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } })));
    await throughput(1000, 1, (i) => tx(1e8 + i));
    const rawRate = await throughput(3000, 1, (i) => tx(i));
    counting.take();

    const bound = GROUPS + ACCOUNTS + 3 + CONFIGURATIONS + SLACK;
    const line = (label: string, m: { reads: number; commands: Record<string, number>; medianMs: number }) =>
      console.log(`  ${label.padEnd(34)} ${String(m.reads).padStart(4)} reads  ${fmt(m.medianMs).padStart(6)} ms  ${JSON.stringify(m.commands)}`);
    const ratio = (a: number, b: number) => fmt(b / a, 2);
    console.log(`\n## Access (DynamoDB Local, in process; setup ${fmt(setupSeconds)} s + ${fmt(extraSeconds)} s for the extra assignments)`);
    console.log(`one user in ${GROUPS} groups; ${ACCOUNTS} accounts, 3 folders, ${CONFIGURATIONS} configurations; provisioning records written directly`);
    console.log(`read bound: groups + accounts + folders + configurations + ${SLACK} = ${bound}; times are medians of ${RUNS}`);
    for (const [label, m] of [[`${ASSIGNMENTS} assignments`, small], [`${ASSIGNMENTS + EXTRA} assignments`, large]] as const) {
      console.log(`${label} (the user sees ${m.accountsListed} accounts, ${m.pairsListed} account/configuration pairs):`);
      line('accessibleAccounts', m.list);
      line('holdsAccess via a group on account', m.holdsViaGroup);
      line('holdsAccess via a group on a folder', m.holdsViaFolder);
    }
    console.log(
      `growth ×${EXTRA / ASSIGNMENTS + 1} directory: reads ratio list ${ratio(small.list.reads, large.list.reads)}, ` +
        `holds/group ${ratio(small.holdsViaGroup.reads, large.holdsViaGroup.reads)}, holds/folder ${ratio(small.holdsViaFolder.reads, large.holdsViaFolder.reads)} (goal 1.0); ` +
        `all ≤ ${bound}: ${[small, large].every((m) => [m.list, m.holdsViaGroup, m.holdsViaFolder].every((x) => x.reads <= bound)) ? 'yes' : 'NO'}`,
    );
    console.log(`provisioning: ${TASKS} CreateAccessAssignment tasks in ${fmt(queueSeconds, 2)} s = ${fmt(tasksPerS, 0)} tasks/s (${succeeded} succeeded, ${queue.deadLetters().length} dead letters)`);
    console.log(`  ${fmt(sum(taskCommands) / TASKS, 1)} store commands per task ${JSON.stringify(taskCommands)}`);
    console.log(`raw 3-item transactions, 1 in flight: ${fmt(rawRate, 0)} /s   tasks/s ratio ${fmt(tasksPerS / rawRate, 2)}`);
    return {
      readBound: bound,
      directory: { groups: GROUPS, accounts: ACCOUNTS, folders: 3, configurations: CONFIGURATIONS },
      small: { assignments: ASSIGNMENTS, ...small },
      large: { assignments: ASSIGNMENTS + EXTRA, ...large },
      provisioning: { tasks: TASKS, seconds: queueSeconds, tasksPerS, succeeded, commands: taskCommands },
      rawThreeItemTransactionsPerS: rawRate,
      ratio: tasksPerS / rawRate,
    };
  } finally {
    await engine.stop();
  }
};
