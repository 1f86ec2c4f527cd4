import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTasksHandler } from '../../functions/queue/tasks';
import { taskReadyEvent } from '../../events/task-ready';
import { freshTable } from '../support/db';
import { apiOver } from '../support/stack';

let api: ReturnType<typeof apiOver>;
let countItems: () => Promise<number>;
let org: { accountId: string; key: string; dir: string; token: string; credentialId: string };

const SCIM = 'application/scim+json';

const organisation = async (name: string) => {
  const acct = await api.openAccount(name);
  await api.call('POST', '/api/v1/resource-directory', { key: acct.key });
  const dir = (await api.call('POST', '/api/v1/cloudsso/directories', { key: acct.key, body: { region: 'eu-central-1' } })).json.id;
  await api.call('PUT', `/api/v1/cloudsso/directories/${dir}/scim-synchronization`, { key: acct.key, body: { enabled: true } });
  const cred = (await api.call('POST', `/api/v1/cloudsso/directories/${dir}/scim-credentials`, { key: acct.key })).json;
  return { ...acct, dir: dir as string, token: cred.secret as string, credentialId: cred.credential.id as string };
};

/** A SCIM request as an IdP sends it. */
const scim = (method: string, path: string, body?: unknown, init: { token?: string; headers?: Record<string, string> } = {}) =>
  api.call(method, `/scim/v2${path}`, {
    key: init.token ?? org.token,
    ...(body !== undefined ? { body } : {}),
    headers: { ...(body !== undefined ? { 'content-type': SCIM } : {}), ...init.headers },
  });

const mgmt = (method: string, path: string, body?: unknown) =>
  api.call(method, `/api/v1/cloudsso/directories/${org.dir}${path}`, { key: org.key, ...(body !== undefined ? { body } : {}) });

const newUser = async (userName: string, extra: Record<string, unknown> = {}) => {
  const res = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, ...extra });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json as { id: string; userName: string };
};

const runTasks = async () => {
  const refs = api.queue.sent.splice(0);
  if (refs.length === 0) return;
  await createTasksHandler(() => api.container)({
    Records: refs.map((ref, i) => ({
      messageId: `m${i}`,
      receiptHandle: 'r',
      body: JSON.stringify(taskReadyEvent(ref)),
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:0:tasks',
      awsRegion: 'local',
    })),
  });
};

beforeAll(async () => {
  const t = await freshTable();
  api = apiOver(t.table);
  countItems = t.countItems;
  org = await organisation('Scim Corp');
});

afterEach(() => {
  delete process.env.SCIM_RATE_LIMIT;
});

describe('discovery (RFC 7644 §4)', () => {
  it('tells the truth without a credential', async () => {
    const config = await api.call('GET', '/scim/v2/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.headers.get('content-type')).toContain('application/scim+json');
    expect(config.json).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { supported: true }, etag: { supported: true } });
    const types = await api.call('GET', '/scim/v2/ResourceTypes');
    expect(types.json.Resources.map((r: { name: string }) => r.name).sort()).toEqual(['Group', 'User']);
    const schemas = await api.call('GET', '/scim/v2/Schemas');
    expect(schemas.json.totalResults).toBe(3);
    expect((await api.call('GET', '/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).json.name).toBe('User');
  });
});

describe('authentication and isolation', () => {
  const expectScimError = (res: { status: number; json: any }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status) });
  };

  it('refuses missing and unknown tokens with a SCIM 401', async () => {
    expectScimError(await api.call('GET', '/scim/v2/Users'), 401);
    expectScimError(await scim('GET', '/Users', undefined, { token: 'scim_nope_nope' }), 401);
  });

  it('refuses disabled, deleted and expired tokens (within the two-second lookup cache)', async () => {
    const o = await organisation('Token Life');
    const gone = await organisation('Token Gone');
    expect((await scim('GET', '/Users', undefined, { token: o.token })).status).toBe(200);
    expect((await scim('GET', '/Users', undefined, { token: gone.token })).status).toBe(200);
    const path = `/api/v1/cloudsso/directories/${o.dir}/scim-credentials/${o.credentialId}`;
    await api.call('PATCH', path, { key: o.key, body: { status: 'Disabled' } });
    await api.call('DELETE', `/api/v1/cloudsso/directories/${gone.dir}/scim-credentials/${gone.credentialId}`, { key: gone.key });
    // Token lookups are cached for two seconds per instance (adapters/cache/scim-read-cache.ts).
    api.clock.advance(2_100);
    expectScimError(await scim('GET', '/Users', undefined, { token: o.token }), 401);
    expectScimError(await scim('GET', '/Users', undefined, { token: gone.token }), 401);
    await api.call('PATCH', path, { key: o.key, body: { status: 'Enabled' } });
    api.clock.advance(2_100);
    expect((await scim('GET', '/Users', undefined, { token: o.token })).status).toBe(200);
    api.clock.advance(366 * 24 * 3600 * 1000);
    expectScimError(await scim('GET', '/Users', undefined, { token: o.token }), 401);
    api.clock.advance(-366 * 24 * 3600 * 1000);
  });

  it('answers 403 while SCIM synchronization is off', async () => {
    const o = await organisation('Sync Off');
    await api.call('PUT', `/api/v1/cloudsso/directories/${o.dir}/scim-synchronization`, { key: o.key, body: { enabled: false } });
    api.clock.advance(2_100);
    expectScimError(await scim('GET', '/Users', undefined, { token: o.token }), 403);
  });

  it("a token for directory A never reads or changes directory B", async () => {
    const other = await organisation('Other Scim');
    const mine = await newUser('isolated@scim.example');
    expectScimError(await scim('GET', `/Users/${mine.id}`, undefined, { token: other.token }), 404);
    expectScimError(await scim('DELETE', `/Users/${mine.id}`, undefined, { token: other.token }), 404);
    const list = await scim('GET', '/Users?filter=userName eq "isolated@scim.example"', undefined, { token: other.token });
    expect(list.json.totalResults).toBe(0);
    expect((await scim('GET', `/Users/${mine.id}`)).status).toBe(200);
  });

  it('limits each token and answers 429 with Retry-After', async () => {
    const o = await organisation('Rate Limited');
    process.env.SCIM_RATE_LIMIT = '3';
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await scim('GET', '/Users', undefined, { token: o.token }));
    const limited = statuses.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.json.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });
});

describe('users', () => {
  it('POST creates a synchronized user with Location, ETag and meta; a retried POST is 409 uniqueness, not a duplicate', async () => {
    const body = {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'jane@scim.example',
      externalId: 'ext-jane',
      name: { givenName: 'Jane', familyName: 'Doe' },
      emails: [{ value: 'jane@scim.example', type: 'work', primary: true }],
      active: true,
    };
    const created = await scim('POST', '/Users', body);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(new RegExp(`/scim/v2/Users/${created.json.id}$`));
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.json).toMatchObject({ userName: 'jane@scim.example', externalId: 'ext-jane', active: true, meta: { resourceType: 'User', version: 'W/"1"' } });
    const retried = await scim('POST', '/Users', body);
    expect(retried).toMatchObject({ status: 409, json: { scimType: 'uniqueness' } });
    const listed = await scim('GET', '/Users?filter=userName eq "JANE@scim.example"');
    expect(listed.json.totalResults).toBe(1);
    const viaMgmt = await mgmt('GET', `/users/${created.json.id}`);
    expect(viaMgmt.json).toMatchObject({ provisionType: 'Synchronized', firstName: 'Jane', lastName: 'Doe', email: 'jane@scim.example' });
  });

  it('filters by externalId and by non-key attributes; pages with startIndex and count', async () => {
    for (let i = 0; i < 5; i++) await newUser(`page${i}@scim.example`, { externalId: `page-${i}`, title: i % 2 ? 'Odd' : 'Even' });
    const byExternal = await scim('GET', '/Users?filter=externalId eq "page-3"');
    expect(byExternal.json.Resources.map((r: { userName: string }) => r.userName)).toEqual(['page3@scim.example']);
    const odd = await scim('GET', '/Users?filter=' + encodeURIComponent('title eq "Odd" and userName sw "page"'));
    expect(odd.json.totalResults).toBe(2);
    const window = await scim('GET', '/Users?filter=' + encodeURIComponent('userName sw "page"') + '&startIndex=2&count=2');
    expect(window.json).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(window.json.Resources).toHaveLength(2);
    const only = await scim('GET', '/Users?filter=userName eq "page1@scim.example"&attributes=userName');
    expect(Object.keys(only.json.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
  });

  it('PUT replaces, PATCH modifies, If-Match guards, DELETE removes', async () => {
    const u = await newUser('mutable@scim.example', { displayName: 'Before' });
    const put = await scim('PUT', `/Users/${u.id}`, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'mutable@scim.example', displayName: 'After', active: true });
    expect(put.json).toMatchObject({ displayName: 'After', meta: { version: 'W/"2"' } });
    const stale = await scim('PATCH', `/Users/${u.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: 'X' }] }, { headers: { 'if-match': 'W/"1"' } });
    expect(stale.status).toBe(412);
    const patched = await scim('PATCH', `/Users/${u.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'displayName', value: 'Patched' }] }, { headers: { 'if-match': 'W/"2"' } });
    expect(patched.json.displayName).toBe('Patched');
    expect((await scim('DELETE', `/Users/${u.id}`)).status).toBe(204);
    expect((await scim('GET', `/Users/${u.id}`)).status).toBe(404);
  });

  it('synchronized users are read-only in the management API, except their status, until sync is turned off', async () => {
    const u = await newUser('owned@scim.example');
    const refused = await mgmt('PATCH', `/users/${u.id}`, { displayName: 'Hijack' });
    expect(refused).toMatchObject({ status: 409, json: { code: 'OperationForbidden.SynchronizedUser' } });
    expect((await mgmt('PUT', `/users/${u.id}/status`, { status: 'Disabled' })).json.status).toBe('Disabled');
    await api.call('PUT', `/api/v1/cloudsso/directories/${org.dir}/scim-synchronization`, { key: org.key, body: { enabled: false } });
    expect((await mgmt('PATCH', `/users/${u.id}`, { displayName: 'Now Mine' })).status).toBe(200);
    await api.call('PUT', `/api/v1/cloudsso/directories/${org.dir}/scim-synchronization`, { key: org.key, body: { enabled: true } });
  });
});

describe('bad input gets SCIM errors and writes nothing', () => {
  const cases: [string, () => Promise<{ status: number; json: any }>, number, string | undefined][] = [
    ['malformed JSON', () => api.call('POST', '/scim/v2/Users', { key: org.token, raw: '{"userName":', headers: { 'content-type': SCIM } }), 400, 'invalidSyntax'],
    ['an unknown attribute', () => scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'x1@scim.example', favouriteColour: 'blue' }), 400, undefined],
    ['a missing userName', () => scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], displayName: 'No Name' }), 400, undefined],
    ['a wrong content type', () => api.call('POST', '/scim/v2/Users', { key: org.token, raw: 'userName=x', headers: { 'content-type': 'text/plain' } }), 400, undefined],
    ['a body over 1 MB', () => scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'big@scim.example', displayName: 'x'.repeat(1024 * 1024) }), 413, undefined],
    ['an unparseable filter', () => scim('GET', '/Users?filter=' + encodeURIComponent('userName eq')), 400, 'invalidFilter'],
    ['a filter on an unknown attribute', () => scim('GET', '/Users?filter=' + encodeURIComponent('shoeSize gt 9')), 400, 'invalidFilter'],
    ['a filter nested too deep', () => scim('GET', '/Users?filter=' + encodeURIComponent(`${'('.repeat(20)}userName eq "a"${')'.repeat(20)}`)), 400, 'invalidFilter'],
    ['a patch with a bad op', () => scim('PATCH', '/Users/u-whatever', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'explode', path: 'active' }] }), 400, 'invalidSyntax'],
  ];
  it.each(cases)('%s', async (_what, run, status, scimType) => {
    const before = await countItems();
    const res = await run();
    expect(res.status).toBe(status);
    expect(res.json.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    if (scimType) expect(res.json.scimType).toBe(scimType);
    // Rate-limit windows are the one thing a request may write.
    expect((await countItems()) - before).toBeLessThanOrEqual(1);
  });
});

describe('groups', () => {
  it('POST with members, GET with members, filters by displayName and members[value eq]', async () => {
    const a = await newUser('ga@scim.example');
    const b = await newUser('gb@scim.example');
    const g = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Sales Team', externalId: 'grp-sales', members: [{ value: a.id }, { value: b.id }] });
    expect(g.status).toBe(201);
    const got = await scim('GET', `/Groups/${g.json.id}`);
    expect(got.json.members.map((m: { value: string }) => m.value).sort()).toEqual([a.id, b.id].sort());
    const excluded = await scim('GET', `/Groups/${g.json.id}?excludedAttributes=members`);
    expect(excluded.json.members).toBeUndefined();
    const byName = await scim('GET', '/Groups?filter=' + encodeURIComponent('displayName eq "sales team"'));
    expect(byName.json.Resources.map((r: { id: string }) => r.id)).toEqual([g.json.id]);
    const ofUser = await scim('GET', '/Groups?filter=' + encodeURIComponent(`members[value eq "${a.id}"]`));
    expect(ofUser.json.Resources.map((r: { id: string }) => r.id)).toEqual([g.json.id]);
    const ofUserAndName = await scim('GET', '/Groups?filter=' + encodeURIComponent(`members[value eq "${a.id}"] and displayName eq "Nope"`));
    expect(ofUserAndName.json.totalResults).toBe(0);
    const userView = await scim('GET', `/Users/${a.id}`);
    expect(userView.json.groups.map((x: { value: string }) => x.value)).toEqual([g.json.id]);
  });

  it('a member that does not exist is 400 invalidValue and leaves no group behind', async () => {
    const before = await countItems();
    const res = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Ghosts', members: [{ value: 'u-doesnotexist0000' }] });
    expect(res).toMatchObject({ status: 400, json: { scimType: 'invalidValue' } });
    expect((await countItems()) - before).toBeLessThanOrEqual(1);
    expect((await scim('GET', '/Groups?filter=displayName eq "Ghosts"')).json.totalResults).toBe(0);
  });

  it('20 clients PATCHing members into one group at once lose no member', async () => {
    const g = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Stampede' });
    const users = [];
    for (let i = 0; i < 20; i++) users.push(await newUser(`stampede${i}@scim.example`));
    const results = await Promise.all(
      users.map((u) => scim('PATCH', `/Groups/${g.json.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: [{ value: u.id }] }] })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(204));
    const got = await scim('GET', `/Groups/${g.json.id}`);
    expect(got.json.members).toHaveLength(20);
    expect((await mgmt('GET', `/groups/${g.json.id}`)).json.memberCount).toBe(20);
  });

  it('SCIM DELETE of a group with members deletes it at once and purges memberships by task', async () => {
    const u = await newUser('purged@scim.example');
    const g = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Doomed', members: [{ value: u.id }] });
    expect((await scim('DELETE', `/Groups/${g.json.id}`)).status).toBe(204);
    expect((await scim('GET', `/Groups/${g.json.id}`)).status).toBe(404);
    expect((await mgmt('GET', '/statistics')).json.tasksInProgress).toBe(1);
    expect((await mgmt('GET', `/users/${u.id}/groups`)).json.groups).toEqual([]);
    await runTasks();
    expect((await mgmt('GET', '/statistics')).json.tasksInProgress).toBe(0);
    await api.call('PUT', `/api/v1/cloudsso/directories/${org.dir}/scim-synchronization`, { key: org.key, body: { enabled: false } });
    expect((await mgmt('DELETE', `/users/${u.id}`)).status).toBe(204);
    await api.call('PUT', `/api/v1/cloudsso/directories/${org.dir}/scim-synchronization`, { key: org.key, body: { enabled: true } });
  });

  it('SCIM DELETE of a user removes its memberships', async () => {
    const u = await newUser('leaver@scim.example');
    const g = await scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Left', members: [{ value: u.id }] });
    expect((await scim('DELETE', `/Users/${u.id}`)).status).toBe(204);
    expect((await mgmt('GET', `/groups/${g.json.id}`)).json.memberCount).toBe(0);
  });
});
