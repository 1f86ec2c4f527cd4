import { beforeAll, describe, expect, it } from 'vitest';
import { awsError, FaultySender } from '../support/faults';
import { freshTable } from '../support/db';
import { apiOver } from '../support/stack';

let faults: FaultySender;
let api: ReturnType<typeof apiOver>;
let countItems: () => Promise<number>;
let root: { accountId: string; key: string };

beforeAll(async () => {
  const t = await freshTable({ wrap: (inner) => (faults = new FaultySender(inner)), retry: { maxAttempts: 5 } });
  api = apiOver(t.table);
  countItems = t.countItems;
  root = await api.openAccount('Flaky Corp');
  await api.call('POST', '/api/v1/resource-directory', { key: root.key });
});

describe('failures injected at the store boundary', () => {
  it('a write throttled N times then accepted succeeds, once', async () => {
    faults.failNext(3, { match: /TransactWrite/ });
    const sentBefore = faults.sent.length;
    const res = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'patient' } });
    expect(res.status).toBe(201);
    const transacts = faults.sent.slice(sentBefore).filter((n) => n.startsWith('TransactWrite'));
    expect(transacts).toHaveLength(4);
    const list = await api.call('GET', '/api/v1/administrators', { key: root.key });
    expect(list.json.administrators.filter((a: { name: string }) => a.name === 'patient')).toHaveLength(1);
  });

  it('reads throttled then accepted succeed too (authentication included)', async () => {
    faults.failNext(2, { match: /Get/, error: () => awsError('ThrottlingException') });
    expect((await api.call('GET', '/api/v1/me', { key: root.key })).status).toBe(200);
  });

  it('a transaction conflict is retried like throttling', async () => {
    faults.failNext(2, {
      match: /TransactWrite/,
      error: () => awsError('TransactionCanceledException', { CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }] }),
    });
    expect((await api.call('POST', '/api/v1/resource-directory/folders', { key: root.key, body: { name: 'Contended' } })).status).toBe(201);
  });

  it('throttling that outlasts the retries answers 503 with Retry-After, and writes nothing', async () => {
    const before = await countItems();
    faults.failNext(5, { match: /TransactWrite/ });
    const res = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'unlucky' } });
    expect(res).toMatchObject({ status: 503, json: { code: 'ServiceUnavailable' } });
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await countItems()).toBe(before);
  });

  it('a conditional failure is a clean 409 with nothing half written', async () => {
    await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'taken' } });
    const before = await countItems();
    // The name guard fails inside a transaction whose other item (the administrator) would succeed.
    const res = await api.call('POST', '/api/v1/administrators', { key: root.key, body: { name: 'TAKEN' } });
    expect(res).toMatchObject({ status: 409, json: { code: 'EntityAlreadyExists.Administrator' } });
    expect(await countItems()).toBe(before);
  });

  it('a concurrent rename and remove: one wins, the other gets 409 ConcurrentModification, state stays whole', async () => {
    const acct = (await api.call('POST', '/api/v1/resource-directory/accounts', { key: root.key, body: { displayName: 'Contested' } })).json;
    const results = await Promise.all([
      api.call('PATCH', `/api/v1/resource-directory/accounts/${acct.id}`, { key: root.key, body: { displayName: 'Renamed' } }),
      api.call('DELETE', `/api/v1/resource-directory/accounts/${acct.id}`, { key: root.key }),
      api.call('PATCH', `/api/v1/resource-directory/accounts/${acct.id}`, { key: root.key, body: { displayName: 'Other' } }),
    ]);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s < 300).length).toBeGreaterThanOrEqual(1);
    for (const r of results.filter((x) => x.status >= 300)) {
      expect(r.status).toBe(409);
      expect(['ConcurrentModification', 'Account.Removing']).toContain(r.json.code);
    }
    const now = await api.call('GET', `/api/v1/resource-directory/accounts/${acct.id}`, { key: root.key });
    expect(['Contested', 'Renamed', 'Other']).toContain(now.json.displayName);
  });

  it('a store failure that is not transient is a 500 with the request id, not a leak of internals', async () => {
    faults.failNext(1, { match: /Query/, error: () => awsError('ValidationException') });
    const res = await api.call('GET', '/api/v1/administrators', { key: root.key });
    expect(res).toMatchObject({ status: 500, json: { code: 'InternalError', requestId: expect.any(String) } });
    expect(JSON.stringify(res.json)).not.toContain('ValidationException');
  });
});
