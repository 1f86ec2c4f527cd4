import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client';
import { groupKey, userGroupsPartition, userGroupsSort, membershipKey } from '../adapters/dynamodb/keys';
import { Table } from '../adapters/dynamodb/table';
import { ensureTable } from '../adapters/dynamodb/table-definition';
import { freePort } from '../adapters/local/dynamodb-local';
import type { DirectoryId, GroupId, UserId } from '../domain/shared/ids';
import { createScimApp } from '../functions/http/scim';
import { createContainer } from '../functions/wire';
import { startLocalStack } from '../scripts/local/stack';
import { CountingSender, fmt, reads, sum, throughput } from './measure';

const SECONDS = 5;
const CONCURRENCY = 16;
const BIG_GROUP = 100_000;

export const benchScim = async () => {
  process.env.SCIM_RATE_LIMIT = '1000000';
  const stack = await startLocalStack({ dataDir: 'memory', port: await freePort(), visibilityTimeoutMs: 100 });
  try {
    const demo = stack.demo!;
    const token = demo.cloudsso.scim.token;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' };
    const post = (i: number) =>
      fetch(`${stack.url}/scim/v2/Users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `bench${i}@scim.example`, externalId: `bench-${i}`, active: true }),
      }).then(async (r) => {
        if (r.status !== 201) throw new Error(`POST /Users answered ${r.status}: ${await r.text()}`);
      });
    const raise = await fetch(`${stack.url}/api/v1/cloudsso/directories/${demo.cloudsso.directoryId}/quotas`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${demo.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ users: 1_000_000 }),
    });
    if (!raise.ok) throw new Error(`quota raise failed: ${raise.status}`);

    // The raw rate of the same engine: 4-item transactions, the shape of a user create.
    const rawClient = createDynamoClient({ endpoint: stack.engineEndpoint, region: 'local' });
    await ensureTable(rawClient, 'rawbench');
    const raw = new Table('rawbench', createDocumentClient(rawClient));
    const tx = (i: number) =>
      raw.transact(
        [0, 1, 2].map((n) => ({ Put: { Item: { pk: `R#${i}`, sk: `S#${n}`, v: 1 }, ConditionExpression: 'attribute_not_exists(pk)' } })).concat([
          { Put: { Item: { pk: `C#${i % 50}`, sk: 'META', v: 1 }, ConditionExpression: 'attribute_not_exists(nothing)' } },
        ]),
      );
    let offset = 0;
    await throughput(4000, CONCURRENCY, (i) => tx(1e8 + i)); // warm the JVM
    await throughput(3000, CONCURRENCY, (i) => post(1e7 + i));
    const rawRate = await throughput(SECONDS * 1000, CONCURRENCY, (i) => tx(i));
    const scimRate = await throughput(SECONDS * 1000, CONCURRENCY, (i) => post((offset = i)));
    void offset;

    // Store commands per request, counted in process against the same engine.
    const counting = new CountingSender(createDocumentClient(createDynamoClient({ endpoint: stack.engineEndpoint, region: 'local' })));
    const table = new Table('atrium', counting);
    const container = createContainer({ table, taskQueue: { enqueue: async () => undefined } });
    const scim = createScimApp(() => container);
    const call = async (path: string, init: RequestInit = {}) => {
      counting.take();
      const res = await scim.request(path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
      if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      await res.text();
      return counting.take();
    };
    // Warm the token/directory cache and the rate-limit lease, so the counts below are per request.
    await call('/scim/v2/Users?count=0');
    const baseline = await call('/scim/v2/Users?count=0');
    const byName = await call(`/scim/v2/Users?filter=${encodeURIComponent('userName eq "bench3@scim.example"')}`);
    const aliceId = demo.cloudsso.users[0]!.id;
    const groupsOf = await call(`/scim/v2/Groups?filter=${encodeURIComponent(`members[value eq "${aliceId}"]`)}&excludedAttributes=members`);

    // One member into a 10-member and into a 100,000-member group: the same writes.
    const dir = demo.cloudsso.directoryId as DirectoryId;
    const mkGroup = async (name: string) => {
      const res = await scim.request('/scim/v2/Groups', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: name }),
      });
      return ((await res.json()) as { id: GroupId }).id;
    };
    const small = await mkGroup('bench-small');
    const big = await mkGroup('bench-big');
    const fill = async (groupId: GroupId, count: number) => {
      for (let i = 0; i < count; i += 25) {
        const items = Array.from({ length: Math.min(25, count - i) }, (_, n) => {
          const userId = `u-fill${String(i + n).padStart(8, '0')}` as UserId;
          return {
            PutRequest: {
              Item: { ...membershipKey(dir, groupId, userId), kind: 'Membership', gsi1pk: userGroupsPartition(dir, userId), gsi1sk: userGroupsSort(groupId), groupId, userId },
            },
          };
        });
        await counting.send(new BatchWriteCommand({ RequestItems: { atrium: items } }));
      }
      await table.add(groupKey(dir, groupId), 'memberCount', count);
    };
    const fillStarted = performance.now();
    await fill(small, 10);
    await fill(big, BIG_GROUP);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const patch = async (groupId: GroupId, userId: string) => {
      const started = performance.now();
      const commands = await call(`/scim/v2/Groups/${groupId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] }),
      });
      return { ms: performance.now() - started, commands };
    };
    const [u1, u2] = [demo.cloudsso.users[0]!.id, demo.cloudsso.users[1]!.id];
    await patch(small, u2); // warm
    const smallPatch = await patch(small, u1);
    const bigPatch = await patch(big, u1);

    console.log(`\n## SCIM (local stack over HTTP, ${CONCURRENCY} concurrent, ${SECONDS} s each)`);
    console.log(`raw 4-item transactions:   ${fmt(rawRate, 0).padStart(6)} /s`);
    console.log(`SCIM POST /Users:          ${fmt(scimRate, 0).padStart(6)} /s   ratio ${fmt(scimRate / rawRate, 2)} (goal ≥ 0.5)`);
    console.log(`store commands per request, warm instance (token and directory cached):`);
    console.log(`  list with count=0:                  ${reads(baseline)} reads ${JSON.stringify(baseline)}`);
    console.log(`  userName eq (a key lookup):          ${reads(byName)} reads ${JSON.stringify(byName)}  O(1)`);
    console.log(`  members[value eq] (user in 1 group): ${reads(groupsOf)} reads ${JSON.stringify(groupsOf)}  O(result)`);
    console.log(`PATCH add 1 member, 10-member group:      ${fmt(smallPatch.ms)} ms, ${sum(smallPatch.commands)} store commands ${JSON.stringify(smallPatch.commands)}`);
    console.log(`PATCH add 1 member, ${BIG_GROUP}-member group:  ${fmt(bigPatch.ms)} ms, ${sum(bigPatch.commands)} store commands ${JSON.stringify(bigPatch.commands)}`);
    console.log(`(filling the big group took ${fmt(fillSeconds)} s)`);
    return {
      rawTransactionsPerS: rawRate,
      scimCreatesPerS: scimRate,
      ratio: scimRate / rawRate,
      commands: { baseline, byName, groupsOf },
      patchSmall: smallPatch,
      patchBig: bigPatch,
    };
  } finally {
    await stack.stop();
  }
};
